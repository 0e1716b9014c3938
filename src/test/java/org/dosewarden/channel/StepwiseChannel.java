package org.dosewarden.channel;

import java.math.BigDecimal;
import java.time.Duration;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;
import org.dosewarden.pump.Transport;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.pump.SyringeDiameter;

/**
 * Test fixture: a real channel (the test settings of {@link ChannelSupervisorTest}, a New Era driver on the given
 * line, a real journal) without its thread, stepped by the test one poll at a time on manual time.
 */
final class StepwiseChannel implements AutoCloseable {

    static final Duration POLL = ChannelSupervisorTest.POLL;

    final ChannelSupervisor supervisor;
    private final ManualTimeSource time;

    StepwiseChannel(Transport line, Journal journal, ManualTimeSource time) throws JournalException {
        this.time = time;
        NeDriver driver = new NeDriver(line, time, NeDriverSettings.defaults(0));
        ProgramBuilder programs = new ProgramBuilder(ChannelSupervisorTest.PUMP,
                ChannelSupervisor.safetySettingsFor(ChannelSupervisorTest.settings()));
        supervisor = new ChannelSupervisor(ChannelSupervisorTest.settings(), driver, journal, time, 1, programs,
                new SyringeDiameter(new BigDecimal("26.59")));
        supervisor.beginWithoutThread();
    }

    /** A clinician's action, handled in one cycle; its answer. */
    IntentResult submit(ClinicianIntent.ClinicianAction action) {
        var future = supervisor.submit(new ClinicianIntent("dr-a", "test", time.wallTime(),
                time.monotonicNanos() + Duration.ofSeconds(30).toNanos(), action));
        supervisor.runCycle();
        return future.join();
    }

    /** Polls for {@code span}, one cycle per poll period. */
    void cycles(Duration span) {
        for (long n = span.toNanos() / POLL.toNanos(); n > 0; n--) {
            time.advance(POLL);
            supervisor.runCycle();
        }
    }

    ChannelSnapshot snapshot() {
        return supervisor.snapshot();
    }

    /** The active alarm of that type, or a failure naming the alarms there are. */
    ChannelSnapshot.AlarmView alarm(String type) {
        return snapshot().activeAlarms().stream().filter(a -> a.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + snapshot().activeAlarms()));
    }

    @Override
    public void close() {
        supervisor.close();
    }
}
