package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.PumpProtocolException;
import org.dosewarden.pump.PumpVerificationException;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.pump.ultra.UltraDriver;
import org.dosewarden.pump.ultra.UltraDriverSettings;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.sim.SimTransport;
import org.dosewarden.sim.SimulatedDevice;
import org.dosewarden.sim.SimulatedPump;
import org.dosewarden.sim.SimulatedUltraPump;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SR-D2 in the channel: a pump is started only on settings it confirmed. The core asks for a step as one decision
 * (program the step, start, read back); when the program is not confirmed (the pump holds another value, or line
 * noise outlasted the driver's retries) the start of the same decision is withheld, and the core hears so. On a pump
 * armed one delivery lease at a time the stretch is then armed again at the next reading, so a lease renewal that
 * met line noise does not end the infusion (SR-D7).
 */
class UnconfirmedProgramTest {

    static final Duration POLL = ChannelSupervisorTest.POLL;

    @TempDir
    Path dataDir;

    ManualTimeSource time = new ManualTimeSource();
    SimulatedDevice pump;
    Journal journal;
    ChannelSupervisor channel;
    ScriptedFailureDriver driver;
    ChannelSettings settings;

    void rig(ChannelSettings settings, PumpDriver real) throws Exception {
        this.settings = settings;
        driver = new ScriptedFailureDriver(real);
        journal = Journal.open(dataDir, time);
        ProgramBuilder programs = new ProgramBuilder(ChannelSupervisorTest.PUMP,
                ChannelSupervisor.safetySettingsFor(settings));
        channel = new ChannelSupervisor(settings, driver, journal, time, 1, programs,
                new SyringeDiameter(new BigDecimal("26.59")));
    }

    ScriptedFailureDriver ultra() throws Exception {
        pump = SimulatedUltraPump.builder(time).name("ultra").diameterMm(new BigDecimal("26.59")).build();
        rig(new ChannelSettings("a", "harvard-elite", "sim:a", 0, null, new BigDecimal("26.59"), POLL,
                Duration.ofSeconds(2), 0, 10).validated(),
                new UltraDriver(new SimTransport(pump), time, UltraDriverSettings.defaults(0)));
        return driver;
    }

    ScriptedFailureDriver newEra() throws Exception {
        pump = SimulatedPump.builder(time).name("ne").diameterMm(new BigDecimal("26.59")).powerUpAlarm(false).build();
        rig(ChannelSupervisorTest.settings(), new NeDriver(new SimTransport(pump), time, NeDriverSettings.defaults(0)));
        return driver;
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.close();
        }
        if (journal != null) {
            journal.close();
        }
    }

    @Test
    @DisplayName("SR-D7 SR-D2: a lease renewal whose target could not be set through line noise is not started; the stretch is armed again and the infusion completes with the planned volume")
    void leaseRenewalMetByLineNoiseIsArmedAgain() throws Exception {
        ultra().failing("setVolume", 2, () -> new PumpProtocolException("tvolume",
                "Ultra pump 0: 13 damaged replies to 'tvolume' (line noise)"));
        channel.beginWithoutThread();
        startInfusion();
        runUntil(s -> !s.infusionState().equals("RUNNING"), Duration.ofMinutes(5));

        assertEquals("COMPLETED", channel.snapshot().infusionState(), channel.snapshot().toString());
        assertEquals(ChannelSupervisorTest.TOTAL * 1_000, pump.truth().infusedNanolitres(),
                "exactly the planned volume");
        List<String> log = driver.log();
        int failed = log.indexOf("setVolume!");
        assertTrue(failed > 0, "the renewal's target failed: " + log);
        List<String> after = log.subList(failed + 1, log.size()).stream().filter(c -> !c.equals("stop")).toList();
        assertEquals(List.of("setRate", "setVolume", "start"), after.subList(0, 3),
                "no start after the failed target; the stretch programmed again, then started: " + log);
        assertTrue(journalHas("DECISION_INTERLOCK", "start withheld"), "the withheld start is journaled");
        assertFalse(journalHas("DECISION_ALARM_RAISED", "COMMAND_REFUSED"), "no refusal: the pump was never asked to start");
        ChannelState ledger = JournalLedger.replay(journal, "a", ChannelSupervisor.safetySettingsFor(settings));
        assertEquals("COMPLETED", ledger.infusion().name(), "the journal, withheld start included, replays to the end");
        assertEquals(ChannelSupervisorTest.TOTAL, ledger.delivered().microlitres());
    }

    @Test
    @DisplayName("SR-D2 SR-A3: a step whose rate the pump does not confirm is never started; the infusion stops with the refusal")
    void refusedProgramIsNeverStarted() throws Exception {
        newEra().failing("setRate", 1, () -> new PumpVerificationException("RAT",
                "pump reports 840 ml/h after 'RAT 84 MH' (wanted 84 ml/h)"));
        channel.beginWithoutThread();
        startInfusion();
        runUntil(s -> !s.infusionState().equals("RUNNING"), Duration.ofSeconds(30));

        List<String> log = driver.log();
        assertEquals("setRate!", log.getFirst(), log.toString());
        assertFalse(log.contains("start"), "the pump was never started: " + log);
        assertEquals(0, pump.truth().infusedNanolitres());
        assertTrue(channel.snapshot().activeAlarms().stream().anyMatch(a -> a.type().equals("COMMAND_REFUSED")),
                channel.snapshot().activeAlarms().toString());
        assertTrue(journalHas("DECISION_INTERLOCK", "start withheld"), "the withheld start is journaled");
    }

    void startInfusion() {
        IntentResult programmed = submit(new ClinicianIntent.ClinicianAction.Program(
                ChannelSupervisorTest.order("1.2", "0.05")));
        assertInstanceOf(IntentResult.Accepted.class, programmed, programmed.toString());
        IntentResult started = submit(new ClinicianIntent.ClinicianAction.Start(List.of(
                new LimitOverride("vitals.gate", "no monitor in this bench test"))));
        assertInstanceOf(IntentResult.Accepted.class, started, started.toString());
    }

    IntentResult submit(ClinicianIntent.ClinicianAction action) {
        var future = channel.submit(new ClinicianIntent("dr-a", "test", time.wallTime(),
                time.monotonicNanos() + Duration.ofSeconds(30).toNanos(), action));
        channel.runCycle();
        return future.join();
    }

    void runUntil(Predicate<ChannelSnapshot> condition, Duration limit) {
        long end = time.monotonicNanos() + limit.toNanos();
        while (!condition.test(channel.snapshot())) {
            if (time.monotonicNanos() > end) {
                throw new AssertionError("not reached within " + limit + "; " + channel.snapshot() + "; pump calls "
                        + driver.log());
            }
            time.advance(POLL);
            channel.runCycle();
        }
    }

    boolean journalHas(String type, String text) throws Exception {
        List<String> found = new ArrayList<>();
        journal.forEachAfter("a", 0, (JournalEntry e) -> {
            if (e.type().equals(type) && e.toString().contains(text)) {
                found.add(e.toString());
            }
        });
        return !found.isEmpty();
    }
}
