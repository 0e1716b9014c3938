package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.journal.Journal;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.sim.SimTransport;
import org.dosewarden.sim.SimulatedPump;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervision loop's own failure path, on its real thread in real time against the in-process simulator: a
 * cycle that throws must leave a stopped pump and a journaled failure, and the loop must come back from the
 * journal exactly as a restarted daemon would.
 */
class LoopFailureTest {

    @TempDir
    Path dataDir;

    TimeSource time = TimeSource.system();
    SimulatedPump pump;
    Journal journal;
    ChannelSupervisor channel;

    @BeforeEach
    void setUp() throws Exception {
        pump = SimulatedPump.builder(time).name("loop-failure").diameterMm(new BigDecimal("26.59"))
                .powerUpAlarm(false).build();
        journal = Journal.open(dataDir, time);
        // Real time on a shared machine: a link timeout and a pump watchdog long enough that a starved channel
        // thread is not mistaken for a silent pump.
        ChannelSettings settings = new ChannelSettings("a", "sim-ne1000", "sim:a", 0, null, new BigDecimal("26.59"),
                ChannelSupervisorTest.POLL, Duration.ofSeconds(15), 30).validated();
        NeDriver driver = new NeDriver(new SimTransport(pump), time, NeDriverSettings.defaults(0));
        channel = new ChannelSupervisor(settings, driver, journal, time, 1,
                new ProgramBuilder(ChannelSupervisorTest.PUMP, ChannelSupervisor.safetySettingsFor(settings)),
                new SyringeDiameter(new BigDecimal("26.59")));
    }

    @AfterEach
    void tearDown() {
        channel.close();
        journal.close();
    }

    IntentResult submit(ClinicianIntent.ClinicianAction action) throws Exception {
        return channel.submit(new ClinicianIntent("dr-a", "test", time.wallTime(),
                time.monotonicNanos() + Duration.ofSeconds(30).toNanos(), action)).get(30, TimeUnit.SECONDS);
    }

    static void await(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + " not reached within " + limit);
            }
            Thread.sleep(20);
        }
    }

    @Test
    @DisplayName("SR-G2 SR-D5: a supervision cycle that throws mid-infusion stops the pump, journals the failure, and "
            + "the loop comes back from the journal paused with an alarm, never resumed")
    void aFailedCycleStopsThePumpAndTheLoopComesBackPaused() throws Exception {
        // A bug past every guard of the cycle: a listener that throws an Error (the publisher only catches
        // runtime exceptions from listeners), once.
        AtomicBoolean failNextSnapshot = new AtomicBoolean();
        channel.addListener(s -> {
            if (failNextSnapshot.getAndSet(false)) {
                throw new AssertionError("a listener bug, on purpose");
            }
        });
        channel.start();
        await(() -> channel.snapshot().linkState() == ChannelLinkState.CONNECTED, Duration.ofSeconds(20),
                "pump connected");
        IntentResult programmed = submit(new ClinicianIntent.ClinicianAction.Program(
                ChannelSupervisorTest.order("1.2", "0.05")));
        assertInstanceOf(IntentResult.Accepted.class, programmed, programmed.toString());
        IntentResult started = submit(new ClinicianIntent.ClinicianAction.Start(List.of(
                new LimitOverride("vitals.gate", "no monitor in this test"))));
        assertInstanceOf(IntentResult.Accepted.class, started, started.toString());
        await(() -> pump.truth().infusedMicrolitres() > 10, Duration.ofSeconds(20), "the pump delivering");
        assertEquals("RUNNING", channel.snapshot().infusionState());

        failNextSnapshot.set(true);
        await(() -> channel.records(0, 10_000).stream().anyMatch(r -> r.type().equals(ChannelSupervisor.LOOP_FAILURE)),
                Duration.ofSeconds(20), "the loop failure journaled");
        await(() -> "PAUSED".equals(channel.snapshot().infusionState()) && channel.snapshot().statusReason().isEmpty(),
                Duration.ofSeconds(20), "the loop restarted from the journal");

        ChannelSnapshot after = channel.snapshot();
        assertTrue(after.activeAlarms().stream().anyMatch(a -> a.type().equals("DAEMON_RESTARTED")), after.toString());
        assertFalse(pump.snapshot().prompt().motorMayRun(), "the pump is stopped: " + pump.snapshot());
        String failure = channel.records(0, 10_000).stream()
                .filter(r -> r.type().equals(ChannelSupervisor.LOOP_FAILURE)).findFirst().orElseThrow().payloadJson();
        assertTrue(failure.contains("a listener bug") && failure.contains("pump stopped"), failure);
        await(() -> Math.abs(channel.snapshot().delivered().microlitres() - pump.truth().infusedMicrolitres()) <= 10,
                Duration.ofSeconds(10), "the delivered total matching the pump's truth");
        Thread.sleep(1_000);
        assertEquals("PAUSED", channel.snapshot().infusionState(), "nothing resumes by itself");
        assertFalse(pump.snapshot().prompt().motorMayRun(), "nothing resumes by itself");
    }
}
