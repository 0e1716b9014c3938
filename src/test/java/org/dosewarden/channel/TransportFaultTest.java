package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.journal.Journal;
import org.dosewarden.pump.LinkLostException;
import org.dosewarden.pump.Transport;
import org.dosewarden.sim.SimTransport;
import org.dosewarden.sim.SimulatedPump;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.AdditionalAnswers;

/**
 * A running channel whose pump line fails in ways a pty cannot fail on demand: the {@link Transport} takes only
 * part of a frame and then dies, or throws on every write. The transport is the simulator's, wrapped by Mockito
 * so a fault can be switched on mid-infusion; everything else is real (core, New Era driver, simulator, SQLite
 * journal). The channel must report the link lost (SR-D1), fall to FAULT with a high alarm, the pump must stop
 * delivering (its own watchdog, New Era safe mode, as no command reaches it), and no delivered volume may be lost.
 */
class TransportFaultTest {

    private static final Duration POLL = ChannelSupervisorTest.POLL;

    @TempDir
    Path dataDir;

    private ManualTimeSource time;
    private SimulatedPump pump;
    private Journal journal;
    private Transport line;
    private Transport real;
    private StepwiseChannel channel;

    @BeforeEach
    void setUp() throws Exception {
        time = new ManualTimeSource();
        pump = SimulatedPump.builder(time).name("fault-a").diameterMm(new BigDecimal("26.59")).powerUpAlarm(false).build();
        journal = Journal.open(dataDir, time);
        real = new SimTransport(pump);
        line = mock(Transport.class, withSettings().defaultAnswer(AdditionalAnswers.delegatesTo(real)));
        channel = new StepwiseChannel(line, journal, time);
    }

    @AfterEach
    void tearDown() {
        channel.close();
        journal.close();
    }

    private IntentResult submit(ClinicianIntent.ClinicianAction action) {
        return channel.submit(action);
    }

    private void cycles(Duration span) {
        channel.cycles(span);
    }

    /** Running for 20 s of the 150 s infusion at 84 mL/h, with some volume delivered and counted. */
    private long runningFor20Seconds() {
        assertInstanceOf(IntentResult.Accepted.class, submit(new ClinicianIntent.ClinicianAction.Program(
                ChannelSupervisorTest.order("1.2", "0.05"))));
        assertInstanceOf(IntentResult.Accepted.class, submit(new ClinicianIntent.ClinicianAction.Start(List.of(
                new LimitOverride("vitals.gate", "no monitor in this bench test")))));
        cycles(Duration.ofSeconds(20));
        assertEquals("RUNNING", channel.snapshot().infusionState());
        long delivered = channel.snapshot().delivered().microlitres();
        assertTrue(delivered > 300, "delivered " + delivered + " µL");
        return delivered;
    }

    private boolean alarmActive(String type) {
        return channel.snapshot().activeAlarms().stream().anyMatch(a -> a.type().equals(type));
    }

    /** After the fault: FAULT with LINK_LOST, the pump stopped by its own watchdog, nothing delivered since. */
    private void deliveryStoppedAfterLinkLoss(long countedBefore, String cause) {
        cycles(Duration.ofSeconds(3));
        assertEquals("FAULT", channel.snapshot().infusionState(), channel.snapshot().toString());
        ChannelSnapshot.AlarmView lost = channel.snapshot().activeAlarms().stream()
                .filter(a -> a.type().equals("LINK_LOST")).findFirst().orElseThrow();
        assertEquals("HIGH", lost.priority());
        assertTrue(lost.message().endsWith("lost: " + cause + ")"), lost.message());
        cycles(Duration.ofSeconds(5));
        assertFalse(pump.snapshot().prompt().motorMayRun(), "the pump's watchdog stopped it: " + pump.snapshot());
        long truth = pump.truth().infusedMicrolitres();
        cycles(Duration.ofSeconds(10));
        assertEquals(truth, pump.truth().infusedMicrolitres(), "nothing delivered once the pump stopped");
        assertTrue(truth >= countedBefore, "the pump delivered at least what was counted");
        // The delivered total is never reset by a link loss (SR-G2).
        assertTrue(channel.snapshot().delivered().microlitres() >= countedBefore);
    }

    /** The line comes back: the channel reads the pump again, stays in FAULT for a clinician, counts everything. */
    private void lineBackAndCountedExactly() throws Exception {
        doAnswer(AdditionalAnswers.delegatesTo(real)).when(line).write(any());
        cycles(Duration.ofSeconds(5));
        assertEquals(ChannelLinkState.CONNECTED, channel.snapshot().linkState(), channel.snapshot().toString());
        assertTrue(alarmActive("PUMP_WATCHDOG"), "the pump's own stop is reported: " + channel.snapshot().activeAlarms());
        assertEquals("FAULT", channel.snapshot().infusionState(), "a lost link is never resumed by itself");
        long truth = pump.truth().infusedMicrolitres();
        long counted = channel.snapshot().delivered().microlitres();
        assertTrue(Math.abs(truth - counted) <= 10, "counted " + counted + " µL, pump truth " + truth + " µL");
    }

    @Test
    @DisplayName("SR-D1 SR-D5: the port takes half a frame and dies: link lost cleanly, FAULT, the pump stops, nothing lost")
    void partialFrameThenDeadPort() throws Exception {
        long counted = runningFor20Seconds();
        doAnswer(inv -> {
            byte[] frame = inv.getArgument(0);
            real.write(Arrays.copyOf(frame, frame.length / 2));
            throw new LinkLostException("write to serial port sim failed: the device is gone");
        }).when(line).write(any());
        deliveryStoppedAfterLinkLoss(counted, "write to serial port sim failed: the device is gone");
        lineBackAndCountedExactly();
    }

    @Test
    @DisplayName("SR-D1 SR-D5: every write throws: link lost cleanly, FAULT, the pump stops, nothing lost")
    void throwingPort() throws Exception {
        long counted = runningFor20Seconds();
        doThrow(new LinkLostException("write to serial port sim failed: EIO")).when(line).write(any());
        deliveryStoppedAfterLinkLoss(counted, "write to serial port sim failed: EIO");
        lineBackAndCountedExactly();
    }
}
