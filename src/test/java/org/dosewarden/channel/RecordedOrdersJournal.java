package org.dosewarden.channel;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.sim.SimTransport;
import org.dosewarden.sim.SimulatedPump;
import org.dosewarden.testing.Orders;

/**
 * A journal with real program orders, written by real channel supervisors (real core, New Era driver, simulated
 * pumps, SQLite journal) on virtual time, for library-impact tests (SR-L1):
 * <ol>
 *   <li>channel a, patient P-001: ketamine-psych 1.2 mg/kg/h to 0.05 mg/kg (84 mL/h, 3.5 mL), completed and
 *       ended;</li>
 *   <li>48 hours later (a daemon restart between): channel a, P-001 again, the same program, completed and ended;</li>
 *   <li>right after: channel b, P-002: 0.6 mg/kg/h to 0.05 mg/kg, started and still running (its session open).</li>
 * </ol>
 * Every order is checked against the shipped library, for the channel's pump ({@link ChannelSupervisorTest#PUMP}).
 */
public final class RecordedOrdersJournal {

    static final Duration POLL = Duration.ofMillis(250);

    private RecordedOrdersJournal() {
    }

    /** Writes the three orders into {@code dataDir}'s journal and closes it. */
    public static void write(Path dataDir) throws JournalException {
        ManualTimeSource clock = new ManualTimeSource();
        try (Journal journal = Journal.open(dataDir, clock)) {
            sessions(journal, clock);
        }
    }

    private static void sessions(Journal journal, ManualTimeSource clock) throws JournalException {
        SimulatedPump pumpA = pump(clock, "impact-a");
        SimulatedPump pumpB = pump(clock, "impact-b");
        try (ChannelSupervisor a = supervisor(journal, clock, "a", pumpA)) {
            infuse(clock, a, "P-001", "1.2");
            run(clock, a, s -> s.infusionState().equals("COMPLETED"));
            submit(clock, a, new ClinicianIntent.ClinicianAction.End("done"));
        }
        clock.advance(Duration.ofHours(48));
        try (ChannelSupervisor a = supervisor(journal, clock, "a", pumpA);
             ChannelSupervisor b = supervisor(journal, clock, "b", pumpB)) {
            infuse(clock, a, "P-001", "1.2");
            run(clock, a, s -> s.infusionState().equals("COMPLETED"));
            submit(clock, a, new ClinicianIntent.ClinicianAction.End("done"));
            infuse(clock, b, "P-002", "0.6");
            for (int i = 0; i < 40; i++) {
                clock.advance(POLL);
                b.runCycle();
            }
            if (!b.snapshot().infusionState().equals("RUNNING")) {
                throw new AssertionError("P-002's session should be running: " + b.snapshot());
            }
        }
    }

    private static SimulatedPump pump(ManualTimeSource clock, String name) {
        return SimulatedPump.builder(clock).name(name).diameterMm(new BigDecimal("26.59")).powerUpAlarm(false).build();
    }

    private static ChannelSupervisor supervisor(Journal journal, ManualTimeSource clock, String name, SimulatedPump pump)
            throws JournalException {
        ChannelSettings settings = new ChannelSettings(name, "sim-ne1000", "sim:" + name, 0, null,
                new BigDecimal("26.59"), POLL, Duration.ofSeconds(2), 5).validated();
        NeDriver driver = new NeDriver(new SimTransport(pump), clock, NeDriverSettings.defaults(0));
        ChannelSupervisor supervisor = new ChannelSupervisor(settings, driver, journal, clock, 1,
                new ProgramBuilder(ChannelSupervisorTest.PUMP, ChannelSupervisor.safetySettingsFor(settings)),
                new SyringeDiameter(new BigDecimal("26.59")));
        supervisor.beginWithoutThread();
        for (int i = 0; i < 4; i++) {
            clock.advance(POLL);
            supervisor.runCycle();
        }
        return supervisor;
    }

    private static void infuse(ManualTimeSource clock, ChannelSupervisor channel, String patient, String rate) {
        acknowledgeAll(clock, channel);
        accepted(submit(clock, channel, new ClinicianIntent.ClinicianAction.Program(
                Orders.ketamineRate(ChannelSupervisorTest.PUMP, patient, rate, "0.05"))));
        acknowledgeAll(clock, channel);
        accepted(submit(clock, channel, new ClinicianIntent.ClinicianAction.Start(List.of(
                new LimitOverride("vitals.gate", "no monitor in this test")))));
    }

    /**
     * What a clinician does on arrival: acknowledge every alarm (after a 48 hour gap the pump reports that its own
     * watchdog stopped it while nobody talked to it), until none comes back.
     */
    private static void acknowledgeAll(ManualTimeSource clock, ChannelSupervisor channel) {
        for (int round = 0; round < 10 && !channel.snapshot().activeAlarms().isEmpty(); round++) {
            for (ChannelSnapshot.AlarmView alarm : channel.snapshot().activeAlarms()) {
                submit(clock, channel, new ClinicianIntent.ClinicianAction.AcknowledgeAlarm(alarm.id()));
            }
            clock.advance(POLL);
            channel.runCycle();
        }
    }

    private static void run(ManualTimeSource clock, ChannelSupervisor channel, Predicate<ChannelSnapshot> until) {
        for (int i = 0; i < 4 * 600 && !until.test(channel.snapshot()); i++) {
            clock.advance(POLL);
            channel.runCycle();
        }
        if (!until.test(channel.snapshot())) {
            throw new AssertionError("channel " + channel.name() + " did not get there: " + channel.snapshot());
        }
    }

    private static IntentResult submit(ManualTimeSource clock, ChannelSupervisor channel,
            ClinicianIntent.ClinicianAction action) {
        var future = channel.submit(new ClinicianIntent("dr-a", "test", clock.wallTime(),
                clock.monotonicNanos() + Duration.ofSeconds(30).toNanos(), action));
        channel.runCycle();
        return future.join();
    }

    private static void accepted(IntentResult result) {
        if (!(result instanceof IntentResult.Accepted)) {
            throw new AssertionError("refused: " + result);
        }
    }
}
