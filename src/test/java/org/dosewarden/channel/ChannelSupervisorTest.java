package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.dose.DrugLibrary;
import org.dosewarden.dose.FlowRate;
import org.dosewarden.dose.InfusionPlan;
import org.dosewarden.dose.PlannedStep;
import org.dosewarden.dose.PumpCapability;
import org.dosewarden.dose.Volume;
import org.dosewarden.journal.Journal;
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
    static final DrugLibrary LIBRARY = loadLibrary();

    @TempDir
    Path dataDir;

    ManualTimeSource time;
    SimulatedPump pump;
    Journal journal;
    ChannelSupervisor channel;
    NeDriver driver;

    static DrugLibrary loadLibrary() {
        try {
            return DrugLibraryReader.load(DrugLibraryReader.DEFAULT_LOCATION);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ChannelSettings settings() {
        return new ChannelSettings("a", "sim-ne1000", "sim:a", 0, null, new BigDecimal("26.59"), POLL,
                Duration.ofSeconds(2), 5, "bay-1", null).validated();
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
        ProgramBuilder programs = new ProgramBuilder(LIBRARY, new PumpCapability(FlowRate.ofMicrolitresPerHour(100),
                FlowRate.ofMicrolitresPerHour(1_000_000), FlowRate.ofMicrolitresPerHour(10), Volume.ofMicrolitres(10),
                Volume.ofMicrolitres(60_000)), ChannelSupervisor.safetySettingsFor(settings()));
        return new ChannelSupervisor(settings(), driver, journal, time, 1, programs,
                new SyringeDiameter(new BigDecimal("26.59")));
    }

    @AfterEach
    void tearDown() {
        channel.close();
        journal.close();
    }

    static ProgramOrder order(long rateUlPerH, long vtbiUl) {
        Volume vtbi = Volume.ofMicrolitres(vtbiUl);
        FlowRate rate = FlowRate.ofMicrolitresPerHour(rateUlPerH);
        InfusionPlan plan = new InfusionPlan("ketamine-psych", List.of(new PlannedStep(rate, vtbi, rate.timeFor(vtbi))));
        String prescription = "{\"patientId\":\"P-001\",\"concentration\":{\"value\":1,\"unit\":\"mg/mL\"}}";
        return new ProgramOrder("P-001", "ketamine-psych", "psychiatry", "dr-a", false, plan, List.of(), List.of(),
                prescription);
    }

    IntentResult submit(String user, ClinicianIntent.ClinicianAction action) {
        var future = channel.submit(new ClinicianIntent(user, "test", time.wallTime(),
                time.monotonicNanos() + Duration.ofSeconds(30).toNanos(), action));
        channel.runCycle();
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

    void startInfusion(long rate, long vtbi) {
        assertInstanceOf(IntentResult.Accepted.class, submit("dr-a", new ClinicianIntent.ClinicianAction.Program(order(rate, vtbi))));
        IntentResult started = submit("dr-a", new ClinicianIntent.ClinicianAction.Start(List.of(
                new LimitOverride("vitals-gate", "no monitor in this bench test"))));
        assertInstanceOf(IntentResult.Accepted.class, started, started.toString());
    }

    @Test
    @DisplayName("SR-A4: an infusion runs to completion, delivered within one pump step of the plan, pump verified stopped")
    void runsToCompletion() {
        startInfusion(600_000, 10_000);   // 10 mL at 600 mL/h: one minute
        runUntil(s -> s.infusionState().equals("COMPLETED"), Duration.ofMinutes(3));
        long truth = pump.truth().infusedMicrolitres();
        long journaled = channel.snapshot().delivered().microlitres();
        assertTrue(Math.abs(truth - 10_000) <= 10, "simulator delivered " + truth + " uL");
        assertTrue(Math.abs(journaled - truth) <= 10, "journal says " + journaled + " uL, pump truth " + truth);
        assertEquals(NeStatus.STOPPED, pump.snapshot().prompt(), "pump verified stopped, no quiet KVO");
    }

    @Test
    @DisplayName("SR-A4/SR-A5: a pump that ignores its VTBI is stopped within one poll of the total")
    void pumpIgnoringVtbiIsStopped() {
        pump.faults().ignoreVtbi(true);
        startInfusion(600_000, 10_000);
        runUntil(s -> !s.infusionState().equals("RUNNING"), Duration.ofMinutes(3));
        for (int i = 0; i < 8; i++) {
            time.advance(POLL);
            channel.runCycle();
        }
        long overshoot = pump.truth().infusedMicrolitres() - 10_000;
        long onePoll = 600_000L * POLL.toMillis() / 3_600_000L;
        assertTrue(overshoot <= onePoll + 10, "overshoot " + overshoot + " uL, bound " + onePoll + " uL");
        assertTrue(!pump.snapshot().prompt().motorMayRun(), "pump must be stopped: " + pump.snapshot());
    }

    @Test
    @DisplayName("SR-A3/SR-D2: a pump running at twice the programmed rate is stopped within two polls")
    void wrongRateFactorStops() {
        pump.faults().rateFactor(new BigDecimal("2"));
        startInfusion(600_000, 10_000);
        runUntil(s -> !s.infusionState().equals("RUNNING"), Duration.ofMinutes(2));
        assertTrue(List.of("TRIPPED", "FAULT").contains(channel.snapshot().infusionState()), channel.snapshot().toString());
        assertTrue(!pump.snapshot().prompt().motorMayRun());
    }

    @Test
    @DisplayName("SR-G2: after a restart the channel comes back paused with the delivered total kept, never resumed")
    void restartRebuildsFromTheJournal() throws Exception {
        startInfusion(600_000, 10_000);
        for (int i = 0; i < 80; i++) {     // 20 s of a 60 s infusion
            time.advance(POLL);
            channel.runCycle();
        }
        Volume before = channel.snapshot().delivered();
        assertTrue(before.microlitres() > 2_000, before.toString());
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
    }

    @Test
    @DisplayName("SR-C4/SR-G1: every accepted intent is in the journal before the caller hears of it")
    void intentsAreJournaledBeforeAcknowledged() throws Exception {
        startInfusion(600_000, 10_000);
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
}
