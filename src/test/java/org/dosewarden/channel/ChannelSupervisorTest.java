package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.check.ProgrammingCheck;
import org.dosewarden.dose.check.ProgrammingResult;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalReader;
import org.dosewarden.journal.Verification;
import org.dosewarden.library.DrugLibraryReader;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.pump.newera.NeStatus;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.InfusionState;
import org.dosewarden.sim.SimTransport;
import org.dosewarden.sim.SimulatedPump;
import org.dosewarden.testing.Orders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervision loop against the in-process simulator, on virtual time, one cycle at a time: the real
 * core, the real New Era driver and codec, the real simulator physics and a real SQLite journal.
 */
class ChannelSupervisorTest {

    static final Duration POLL = Duration.ofMillis(250);

    @TempDir
    Path dataDir;

    ManualTimeSource time;
    SimulatedPump pump;
    Journal journal;
    ChannelSupervisor channel;
    NeDriver driver;

    static ChannelSettings settings() {
        return new ChannelSettings("a", "sim-ne1000", "sim:a", 0, null, new BigDecimal("26.59"), POLL,
                Duration.ofSeconds(2), 5).validated();
    }

    @BeforeEach
    void setUp() throws Exception {
        time = new ManualTimeSource();
        pump = SimulatedPump.builder(time).name("test-a").diameterMm(new BigDecimal("26.59")).powerUpAlarm(false).build();
        journal = Journal.open(dataDir, time);
        channel = newSupervisor();
        channel.beginWithoutThread();
    }

    ChannelSupervisor newSupervisor() {
        driver = new NeDriver(new SimTransport(pump), time, NeDriverSettings.defaults(0));
        ProgramBuilder programs = new ProgramBuilder(PUMP, ChannelSupervisor.safetySettingsFor(settings()));
        return new ChannelSupervisor(settings(), driver, journal, time, 1, programs,
                new SyringeDiameter(new BigDecimal("26.59")));
    }

    @AfterEach
    void tearDown() {
        channel.close();
        journal.close();
    }

    static final PumpCapability PUMP = new PumpCapability(FlowRate.ofMicrolitresPerHour(100),
            FlowRate.ofMicrolitresPerHour(1_000_000), FlowRate.ofMicrolitresPerHour(10), Volume.ofMicrolitres(10),
            Volume.ofMicrolitres(60_000));

    static ProgramOrder order(String mgPerKgPerHour, String totalMgPerKg) {
        return Orders.ketamineRate(PUMP, mgPerKgPerHour, totalMgPerKg);
    }

    IntentResult submit(String user, ClinicianIntent.ClinicianAction action) {
        return submit(channel, user, action);
    }

    IntentResult submit(ChannelSupervisor target, String user, ClinicianIntent.ClinicianAction action) {
        var future = target.submit(new ClinicianIntent(user, "test", time.wallTime(),
                time.monotonicNanos() + Duration.ofSeconds(30).toNanos(), action));
        target.runCycle();
        return future.join();
    }

    /** Runs cycles, advancing virtual time one poll each, until the condition holds or the limit passes. */
    void runUntil(Predicate<ChannelSnapshot> condition, Duration limit) {
        long end = time.monotonicNanos() + limit.toNanos();
        while (!condition.test(channel.snapshot())) {
            if (time.monotonicNanos() > end) {
                throw new AssertionError("condition not reached within " + limit + "; snapshot " + channel.snapshot());
            }
            time.advance(POLL);
            channel.runCycle();
        }
    }

    /** 84 mL/h (1.2 mg/kg/h for 70 kg at 1 mg/mL) until 3.5 mL (0.05 mg/kg): 150 s. */
    static final long RATE = 84_000;
    static final long TOTAL = 3_500;

    void startInfusion() {
        startInfusion(channel);
    }

    void startInfusion(ChannelSupervisor target) {
        IntentResult programmed = submit(target, "dr-a", new ClinicianIntent.ClinicianAction.Program(order("1.2", "0.05")));
        assertInstanceOf(IntentResult.Accepted.class, programmed, programmed.toString());
        IntentResult started = submit(target, "dr-a", new ClinicianIntent.ClinicianAction.Start(List.of(
                new LimitOverride("vitals.gate", "no monitor in this bench test"))));
        assertInstanceOf(IntentResult.Accepted.class, started, started.toString());
    }

    @Test
    @DisplayName("SR-A4: an infusion runs to completion, delivered within one pump step of the plan, pump verified stopped")
    void runsToCompletion() {
        startInfusion();
        runUntil(s -> s.infusionState().equals("COMPLETED"), Duration.ofMinutes(5));
        long truth = pump.truth().infusedMicrolitres();
        long journaled = channel.snapshot().delivered().microlitres();
        assertTrue(Math.abs(truth - TOTAL) <= 10, "simulator delivered " + truth + " uL");
        assertTrue(Math.abs(journaled - truth) <= 10, "journal says " + journaled + " uL, pump truth " + truth);
        assertEquals(NeStatus.STOPPED, pump.snapshot().prompt(), "pump verified stopped, no quiet KVO");
    }

    @Test
    @DisplayName("SR-A4/SR-A5: a pump that ignores its VTBI is stopped within one poll of the total")
    void pumpIgnoringVtbiIsStopped() {
        pump.faults().ignoreVtbi(true);
        startInfusion();
        runUntil(s -> !s.infusionState().equals("RUNNING"), Duration.ofMinutes(5));
        for (int i = 0; i < 8; i++) {
            time.advance(POLL);
            channel.runCycle();
        }
        long overshoot = pump.truth().infusedMicrolitres() - TOTAL;
        long onePoll = RATE * POLL.toMillis() / 3_600_000L;
        assertTrue(overshoot <= onePoll + 10, "overshoot " + overshoot + " uL, bound " + onePoll + " uL");
        assertTrue(!pump.snapshot().prompt().motorMayRun(), "pump must be stopped: " + pump.snapshot());
    }

    @Test
    @DisplayName("SR-A3/SR-D2: a pump running at twice the programmed rate is stopped within two polls")
    void wrongRateFactorStops() {
        pump.faults().rateFactor(new BigDecimal("2"));
        startInfusion();
        runUntil(s -> !s.infusionState().equals("RUNNING"), Duration.ofMinutes(2));
        assertTrue(List.of("TRIPPED", "FAULT").contains(channel.snapshot().infusionState()), channel.snapshot().toString());
        assertTrue(!pump.snapshot().prompt().motorMayRun());
    }

    @Test
    @DisplayName("SR-G2: after a restart the channel comes back paused with the delivered total and the loaded program kept, never resumed")
    void restartRebuildsFromTheJournal() throws Exception {
        startInfusion();
        for (int i = 0; i < 240; i++) {     // 60 s of a 150 s infusion
            time.advance(POLL);
            channel.runCycle();
        }
        ChannelSnapshot.LoadedProgram program = channel.snapshot().loadedProgram().orElseThrow();
        Volume before = channel.snapshot().delivered();
        assertTrue(before.microlitres() > 1_000, before.toString());
        // The "crash": the process dies, its serial port closes, nothing tells the pump to stop. A new
        // supervisor starts on the same journal.
        driver.close();
        ChannelSupervisor restarted = newSupervisor();
        channel = restarted;
        restarted.beginWithoutThread();
        for (int i = 0; i < 8; i++) {
            time.advance(POLL);
            restarted.runCycle();
        }
        ChannelSnapshot after = restarted.snapshot();
        assertTrue(List.of("PAUSED", "TRIPPED", "FAULT").contains(after.infusionState()), after.toString());
        long truth = pump.truth().infusedMicrolitres();
        assertTrue(Math.abs(after.delivered().microlitres() - truth) <= 10,
                "journal " + after.delivered() + " vs pump truth " + truth + " uL");
        assertTrue(after.activeAlarms().stream().anyMatch(a -> a.type().equals("DAEMON_RESTARTED")), after.toString());
        assertTrue(!pump.snapshot().prompt().motorMayRun(), "nothing resumes by itself");
        // The clinician who comes to resume sees the same program: the checked order is in the journal.
        ChannelSnapshot.LoadedProgram shown = after.loadedProgram().orElseThrow(() -> new AssertionError(
                "program lost across the restart: " + after));
        assertEquals(program.order(), shown.order());
        assertEquals(program.programmedBy(), shown.programmedBy());
        assertEquals(program.programmedAt(), shown.programmedAt());
        assertTrue(program.startedAt() != null, "startedAt while running");
        assertEquals(program.startedAt(), shown.startedAt(), "first start rebuilt from the journal");
        assertEquals(null, shown.expectedEnd(), "no expected end while not running");
    }

    @Test
    @DisplayName("SR-G2 SR-S1: while a restarted channel replays its journal it tells its progress observers every 1,024"
            + " records, on its own thread, and its cycle observers nothing until its first cycle")
    void replayReportsProgressNotCycles() throws Exception {
        startInfusion();
        for (int i = 0; i < 600; i++) {     // 150 s: the whole infusion, every poll journaled
            time.advance(POLL);
            channel.runCycle();
        }
        long records;
        try (var reader = Journal.openForReading(dataDir)) {
            long[] count = {0};
            reader.forEachAfter("a", 0, r -> count[0]++);
            records = count[0];
            assertTrue(reader.newest("a", Checkpoint.TYPE, () -> { }).isEmpty(), "a session running: no checkpoint");
        }
        assertTrue(records >= JournalRecovery.PROGRESS_EVERY, "a journal long enough to report: " + records);
        // the look for a checkpoint passes all of them, and then the replay reads them all
        int reports = (int) (records / JournalReader.LOOK_BACK_PAGE + records / JournalRecovery.PROGRESS_EVERY);
        driver.close();
        ChannelSupervisor restarted = newSupervisor();
        channel = restarted;
        List<String> told = new java.util.ArrayList<>();
        Thread self = Thread.currentThread();
        restarted.addRecoveryProgressObserver(() -> told.add(Thread.currentThread() == self ? "progress" : "elsewhere"));
        restarted.addCycleObserver(() -> told.add("cycle"));
        restarted.beginWithoutThread();
        assertEquals(java.util.Collections.nCopies(reports, "progress"), told,
                records + " records replayed");
        time.advance(POLL);
        restarted.runCycle();
        assertEquals("cycle", told.getLast());
    }

    @Test
    @DisplayName("SR-G2: after a crash long enough for the pump's watchdog, the restart is alarmed before the pump's "
            + "A?T is heard, and what flowed while the daemon was dead is counted once")
    void restartAfterThePumpWatchdogStoppedIt() throws Exception {
        startInfusion();
        for (int i = 0; i < 120; i++) {     // 30 s of a 150 s infusion
            time.advance(POLL);
            channel.runCycle();
        }
        driver.close();
        // Dead for 8 s: the pump runs on until its 5 s watchdog stops the motor and latches A?T.
        time.advance(Duration.ofSeconds(8));
        pump.tick();
        assertTrue(!pump.snapshot().prompt().motorMayRun() && pump.snapshot().latchedAlarm().isPresent(),
                pump.snapshot().toString());
        long recordsBefore = journal.lastSequence();
        ChannelSupervisor restarted = newSupervisor();
        channel = restarted;
        restarted.beginWithoutThread();
        for (int i = 0; i < 8; i++) {
            time.advance(POLL);
            restarted.runCycle();
        }
        ChannelSnapshot after = restarted.snapshot();
        List<String> alarms = after.activeAlarms().stream().map(ChannelSnapshot.AlarmView::type).toList();
        assertTrue(alarms.contains("DAEMON_RESTARTED") && alarms.contains("PUMP_WATCHDOG"), alarms.toString());
        assertEquals("FAULT", after.infusionState());
        // The new epoch's first event is DaemonRecovered: nothing of this process was judged against the dead
        // process's monotonic times.
        String firstEventOfEpoch = restarted.records(recordsBefore, 1000).stream()
                .filter(r -> r.type().equals(ChannelSupervisor.EVENT)).findFirst().orElseThrow().payloadJson();
        assertInstanceOf(Event.DaemonRecovered.class, EventJson.read(firstEventOfEpoch), firstEventOfEpoch);
        long truth = pump.truth().infusedMicrolitres();
        assertTrue(Math.abs(after.delivered().microlitres() - truth) <= 10,
                "journal " + after.delivered() + " vs pump truth " + truth + " uL");
    }

    @Test
    @DisplayName("SR-C4/SR-G1: every accepted intent is in the journal before the caller hears of it")
    void intentsAreJournaledBeforeAcknowledged() throws Exception {
        startInfusion();
        List<String> types = channel.records(0, 1000).stream().map(ChannelRecord::type).toList();
        assertTrue(types.contains(ChannelSupervisor.PROGRAM_ORDER), types.toString());
        long starts = channel.records(0, 1000).stream()
                .filter(r -> r.type().equals(ChannelSupervisor.EVENT) && r.payloadJson().contains("\"StartInfusion\""))
                .count();
        assertEquals(1, starts);
        assertInstanceOf(Verification.Intact.class, journal.verify(), "hash chain intact");
        assertEquals(InfusionState.RUNNING, channel.state().infusion());
        assertTrue(channel.processedEvents() > 0);
        String firstEvent = channel.records(0, 1000).stream().filter(r -> r.type().equals(ChannelSupervisor.EVENT))
                .findFirst().orElseThrow().payloadJson();
        assertInstanceOf(Event.class, EventJson.read(firstEvent));
    }

    @Test
    @DisplayName("SR-G1: an idle channel journals routine polls about once a minute, not every poll; replay still gives the live state exactly")
    void idlePollsAreNotJournaledOneByOne() throws Exception {
        long before = journal.lastSequence();
        int polls = 4 * 600;                                     // ten minutes at 4 Hz, nothing happening
        for (int i = 0; i < polls; i++) {
            time.advance(POLL);
            channel.runCycle();
        }
        long written = journal.lastSequence() - before;
        System.out.printf("idle channel: %d polls in 10 min -> %d journal records (%d routine polls held back)%n",
                polls, written, channel.routinePollsNotJournaled());
        assertTrue(written >= 10 && written <= 12, "one routine poll a minute (10 min): " + written + " records");
        assertTrue(channel.routinePollsNotJournaled() >= polls - 12, "held back: " + channel.routinePollsNotJournaled());

        // Something happens: the newest held-back poll is journaled ahead of it, so replay matches exactly,
        // including when the pump last answered.
        startInfusion();
        runUntil(s -> s.delivered().microlitres() > 100, Duration.ofMinutes(1));
        IntentResult paused = submit("dr-a", new ClinicianIntent.ClinicianAction.Pause());
        assertInstanceOf(IntentResult.Accepted.class, paused, paused.toString());
        for (int i = 0; i < 40; i++) {                          // ten idle seconds while paused
            time.advance(POLL);
            channel.runCycle();
        }
        submit("dr-a", new ClinicianIntent.ClinicianAction.Stop());
        var replayed = JournalLedger.replay(journal, "a", ChannelSupervisor.safetySettingsFor(settings()));
        assertEquals(channel.state().infusion(), replayed.infusion());
        assertEquals(channel.state().delivered(), replayed.delivered());
        assertEquals(channel.state(), replayed, "replayed state equals the live state in every field");
    }

    @Test
    @DisplayName("SR-D1 SR-A4: a channel without the pump watchdog arms 30 s leases, completes the infusion, and a dead daemon leaves the pump stopped at the lease end")
    void deliveryLeaseWithoutPumpWatchdog() throws Exception {
        ChannelSettings noWatchdog = new ChannelSettings("b", "sim-ne1000", "sim:b", 0, null, new BigDecimal("26.59"),
                POLL, Duration.ofSeconds(2), 0, 30).validated();
        assertEquals(Duration.ofSeconds(30), noWatchdog.deliveryLease());
        SimulatedPump pumpB = SimulatedPump.builder(time).name("test-b").diameterMm(new BigDecimal("26.59"))
                .powerUpAlarm(false).build();
        NeDriver driverB = new NeDriver(new SimTransport(pumpB), time, NeDriverSettings.defaults(0));
        ChannelSupervisor b = new ChannelSupervisor(noWatchdog, driverB, journal, time, 1,
                new ProgramBuilder(PUMP, ChannelSupervisor.safetySettingsFor(noWatchdog)),
                new SyringeDiameter(new BigDecimal("26.59")));
        try {
            b.beginWithoutThread();
            assertTrue(!pumpB.snapshot().safeMode(), "no pump watchdog armed");
            // 84 mL/h until 3.5 mL: 700 µL leases (30 s at 84 mL/h), five of them.
            startInfusion(b);
            long end = time.monotonicNanos() + Duration.ofMinutes(4).toNanos();
            while (!b.snapshot().infusionState().equals("COMPLETED") && time.monotonicNanos() < end) {
                time.advance(POLL);
                b.runCycle();
            }
            assertEquals("COMPLETED", b.snapshot().infusionState(), b.snapshot().toString());
            long truth = pumpB.truth().infusedMicrolitres();
            assertTrue(Math.abs(truth - TOTAL) <= 10, "simulator delivered " + truth + " uL");
            assertEquals(NeStatus.STOPPED, pumpB.snapshot().prompt());
            assertTrue(b.snapshot().activeAlarms().stream().allMatch(a -> a.type().equals("INFUSION_COMPLETE")),
                    b.snapshot().activeAlarms().toString());

            // A second session; the daemon dies 40 s in (no more cycles) and the pump is left alone for 5 min.
            assertInstanceOf(IntentResult.Accepted.class, submit(b, "dr-a", new ClinicianIntent.ClinicianAction.End("done")));
            startInfusion(b);
            long before = pumpB.truth().infusedMicrolitres();
            for (int i = 0; i < 160; i++) {
                time.advance(POLL);
                b.runCycle();
            }
            long atDeath = pumpB.truth().infusedMicrolitres() - before;
            time.advance(Duration.ofMinutes(5));
            pumpB.snapshot();
            long afterDeath = pumpB.truth().infusedMicrolitres() - before;
            System.out.printf("lease: %d uL delivered when the daemon died, %d uL after 5 min alone (84 mL/h would be 7000)%n",
                    atDeath, afterDeath);
            assertTrue(afterDeath - atDeath <= 700, "one lease at most after the daemon died: " + (afterDeath - atDeath));
            assertTrue(afterDeath <= 1_400 + 10, "stopped at the end of the second lease: " + afterDeath);
            assertEquals(NeStatus.STOPPED, pumpB.snapshot().prompt(), "the pump stopped by itself");
        } finally {
            b.close();
        }
    }
}
