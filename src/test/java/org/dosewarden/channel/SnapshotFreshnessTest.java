package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.Transport;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.sim.SimTransport;
import org.dosewarden.sim.SimulatedPump;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live view never shows less drug than the journal already holds. A channel as in {@link ChannelSupervisorTest}
 * (simulated New Era pump) but without the pump's watchdog, so with a 10 s delivery lease, on manual time; each time the channel sends the pump a
 * start, the test compares the published snapshot with the journal replayed. A lease renewal is the sharp case: the
 * reading that shows the pump stopped at the end of its lease (with more delivered) is journaled, and the renewal's
 * commands follow in the same chain, long before the cycle ends (on a slow link, seconds).
 */
class SnapshotFreshnessTest {

    @TempDir
    Path dataDir;

    ManualTimeSource time;
    Journal journal;
    ChannelSupervisor channel;

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.close();
        }
        if (journal != null) {
            journal.close();
        }
    }

    /** The simulator's line, which runs {@code check} before each frame that starts the pump (New Era RUN). */
    static final class WatchedLine implements Transport {
        private final SimTransport line;
        private Runnable check = () -> { };

        WatchedLine(SimTransport line) {
            this.line = line;
        }

        @Override
        public void open() throws IOException {
            line.open();
        }

        @Override
        public boolean isOpen() {
            return line.isOpen();
        }

        @Override
        public void write(byte[] frame) throws IOException {
            if (new String(frame, StandardCharsets.ISO_8859_1).contains("RUN")) {
                check.run();
            }
            line.write(frame);
        }

        @Override
        public int read(byte[] buffer, int offset, int length, long deadlineNanos) throws IOException {
            return line.read(buffer, offset, length, deadlineNanos);
        }

        @Override
        public void close() {
            line.close();
        }

        @Override
        public String describe() {
            return line.describe();
        }
    }

    @Test
    @DisplayName("SR-G2/SR-D5: when the pump is started again (delivery lease renewed), the live snapshot already "
            + "shows every microlitre the journal holds")
    void snapshotIsNeverBehindTheJournal() throws Exception {
        time = new ManualTimeSource();
        SimulatedPump pump = SimulatedPump.builder(time).name("fresh-a").diameterMm(new BigDecimal("26.59"))
                .powerUpAlarm(false).build();
        journal = Journal.open(dataDir, time);
        WatchedLine line = new WatchedLine(new SimTransport(pump));
        // No pump watchdog: the pump is armed for 10 s of delivery at a time and the lease is renewed.
        ChannelSettings settings = new ChannelSettings("a", "sim-ne1000", "sim:a", 0, null, new BigDecimal("26.59"),
                ChannelSupervisorTest.POLL, Duration.ofSeconds(2), 0, 10).validated();
        ProgramBuilder programs = new ProgramBuilder(ChannelSupervisorTest.PUMP, ChannelSupervisor.safetySettingsFor(settings));
        channel = new ChannelSupervisor(settings, new NeDriver(line, time, NeDriverSettings.defaults(0)), journal, time,
                1, programs, new SyringeDiameter(new BigDecimal("26.59")));
        channel.beginWithoutThread();

        List<String> starts = new ArrayList<>();
        List<String> behind = new ArrayList<>();
        line.check = () -> {
            long journaled;
            try {
                journaled = JournalLedger.replay(journal, "a", ChannelSupervisor.safetySettingsFor(settings))
                        .delivered().microlitres();
            } catch (JournalException e) {
                throw new IllegalStateException(e);
            }
            long shown = channel.snapshot().delivered().microlitres();
            starts.add(journaled + " uL journaled, " + shown + " uL shown");
            if (journaled != shown) {
                behind.add("journal " + journaled + " uL, live snapshot " + shown + " uL");
            }
        };

        submit(new ClinicianIntent.ClinicianAction.Program(ChannelSupervisorTest.order("1.2", "0.05")));
        submit(new ClinicianIntent.ClinicianAction.Start(List.of(new LimitOverride("vitals.gate", "bench test"))));
        for (int i = 0; i < 70 * 4 && !channel.snapshot().infusionState().equals("COMPLETED"); i++) {
            time.advance(ChannelSupervisorTest.POLL);
            channel.runCycle();
        }
        // 84 mL/h in 10 s leases: the start and at least two renewals were checked, with drug delivered.
        assertTrue(starts.size() >= 3, "starts checked: " + starts + "; " + channel.snapshot());
        assertTrue(channel.snapshot().delivered().microlitres() > 1_000, channel.snapshot().toString());
        assertEquals(List.of(), behind, "the pump was started again while the live view was behind the journal");
    }

    private void submit(ClinicianIntent.ClinicianAction action) {
        var future = channel.submit(new ClinicianIntent("dr-a", "test", time.wallTime(),
                time.monotonicNanos() + Duration.ofSeconds(30).toNanos(), action));
        channel.runCycle();
        assertInstanceOf(IntentResult.Accepted.class, future.join());
    }
}
