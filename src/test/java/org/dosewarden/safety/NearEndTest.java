package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.safety.JournalRecord.RecordType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SR-C5: the near-end advisory, on the model pump through the real core. */
class NearEndTest {

    private static InfusionProgram withLead(InfusionProgram p, Duration lead) {
        return new InfusionProgram(p.sessionId(), p.patientId(), p.plan(), p.secondClinicianRequired(), p.keepVeinOpen(),
                p.vitalsProfile(), p.rateResolution(), p.volumeResolution(), p.settings().withNearEndLead(lead));
    }

    private static SimulatedChannel running(InfusionProgram p) {
        SimulatedChannel sim = new SimulatedChannel();
        sim.program(p);
        assertFalse(sim.start().refused());
        return sim;
    }

    /** Every step so far that raised a NEAR_END alarm. */
    private static List<Step> nearEndRaises(SimulatedChannel sim) {
        List<Step> out = new ArrayList<>();
        for (Step s : sim.ch.steps) {
            if (s.alarmsRaised().stream().anyMatch(a -> a.type() == AlarmType.NEAR_END)) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    @DisplayName("SR-C5: NEAR_END is raised once, low priority, when 5 min of the 40 min ketamine plan are left")
    void raisedOnceAtTheLeadTime() {
        SimulatedChannel sim = running(TestChannel.ketamine(null));
        sim.run(Duration.ofMinutes(34).plusSeconds(50));
        assertFalse(sim.ch.hasAlarm(AlarmType.NEAR_END), "too early: " + sim.state().session().remainingTime());
        sim.run(Duration.ofSeconds(20));
        Alarm a = sim.ch.alarmOf(AlarmType.NEAR_END);
        assertEquals(AlarmPriority.LOW, a.priority());
        assertFalse(a.latched());
        // Raised at the first poll that found 5 min or less left (polls every 250 ms).
        Step raise = nearEndRaises(sim).getFirst();
        Duration left = raise.state().session().remainingTime();
        assertTrue(left.compareTo(Duration.ofMinutes(5)) <= 0
                && left.compareTo(Duration.ofMinutes(5).minusSeconds(1)) > 0, "raised with " + left + " left");
        assertTrue(sim.state().session().nearEnd());

        // A nurse acknowledges it: it does not come back for this session.
        sim.intent(new Intent.AcknowledgeAlarm(sim.ch.now(), sim.ch.by("nurse.b"), a.id()));
        sim.run(Duration.ofMinutes(2));
        assertFalse(sim.ch.hasAlarm(AlarmType.NEAR_END));
        assertTrue(sim.state().session().nearEnd(), "the session is still near its end");
        assertEquals(1, nearEndRaises(sim).size());
        assertEquals(Replay.replay(sim.ch.initial, sim.ch.events), sim.state());
    }

    @Test
    @DisplayName("SR-C5: NEAR_END never changes delivery: the raising step has no pump command and no state change, "
            + "and a 1 min and a 4 h lead deliver exactly the same")
    void neverChangesDelivery() {
        SimulatedChannel early = running(withLead(TestChannel.ketamine(null), Duration.ofHours(4)));
        SimulatedChannel late = running(withLead(TestChannel.ketamine(null), Duration.ofMinutes(1)));
        early.run(Duration.ofMinutes(41));
        late.run(Duration.ofMinutes(41));
        for (SimulatedChannel sim : List.of(early, late)) {
            List<Step> raises = nearEndRaises(sim);
            assertEquals(1, raises.size());
            Step raise = raises.getFirst();
            assertTrue(raise.commands().isEmpty(), "commands " + raise.commands());
            assertEquals(InfusionState.RUNNING, raise.state().infusion());
            assertTrue(raise.records().stream().noneMatch(r -> r.type() == RecordType.STATE_CHANGED));
        }
        // A 4 h lead is longer than the plan: raised at the first running check after the start.
        assertEquals(1, early.ch.steps.indexOf(nearEndRaises(early).getFirst())
                - early.ch.steps.indexOf(early.ch.steps.stream().filter(s -> s.commands().contains(PumpCommand.START))
                .findFirst().orElseThrow()));
        assertEquals(commands(early), commands(late));
        assertEquals(35_000, early.truthSinceProgram());
        assertEquals(35_000, late.truthSinceProgram());
        assertEquals(InfusionState.COMPLETED, early.state().infusion());
        assertEquals(InfusionState.COMPLETED, late.state().infusion());
    }

    private static List<PumpCommand> commands(SimulatedChannel sim) {
        return sim.ch.steps.stream().flatMap(s -> s.commands().stream()).toList();
    }

    @Test
    @DisplayName("SR-C5: NEAR_END is cleared when the infusion completes")
    void clearedAtCompletion() {
        SimulatedChannel sim = running(TestChannel.ketamine(null));
        sim.run(Duration.ofMinutes(36));
        assertTrue(sim.ch.hasAlarm(AlarmType.NEAR_END));
        sim.run(Duration.ofMinutes(5));
        assertEquals(InfusionState.COMPLETED, sim.state().infusion());
        assertFalse(sim.ch.hasAlarm(AlarmType.NEAR_END));
        assertTrue(sim.ch.hasAlarm(AlarmType.INFUSION_COMPLETE));
        assertFalse(sim.state().session().nearEnd());
        assertTrue(sim.ch.steps.stream().flatMap(s -> s.alarmsCleared().stream()).anyMatch(a -> a.type() == AlarmType.NEAR_END));
        assertEquals(1, nearEndRaises(sim).size());
    }

    @Test
    @DisplayName("SR-C5: NEAR_END is cleared when the session is ended early, and a new session raises its own")
    void clearedWhenTheSessionEnds() {
        SimulatedChannel sim = running(TestChannel.ketamine(null));
        sim.run(Duration.ofMinutes(36));
        assertTrue(sim.ch.hasAlarm(AlarmType.NEAR_END));
        sim.stop();
        sim.polls(4);
        assertTrue(sim.ch.hasAlarm(AlarmType.NEAR_END), "a stopped session has not ended yet");
        assertFalse(sim.end("").refused());
        assertEquals(InfusionState.IDLE, sim.state().infusion());
        assertFalse(sim.ch.hasAlarm(AlarmType.NEAR_END));

        sim.program(InterlockTest.short60("again"));
        assertFalse(sim.start().refused());
        sim.polls(2);
        assertTrue(sim.ch.hasAlarm(AlarmType.NEAR_END), "a 5 min plan is near its end at once");
        assertEquals(2, nearEndRaises(sim).size());
    }

    @Test
    @DisplayName("SR-C5: in a two-step plan the lead counts the later steps too (raised in step 2, 5 min before the end)")
    void countsLaterSteps() {
        SimulatedChannel sim = running(TestChannel.twoStep());
        sim.run(Duration.ofMinutes(3));
        assertEquals(1, sim.state().session().stepIndex());
        assertFalse(sim.ch.hasAlarm(AlarmType.NEAR_END), "step 1 ends with 50 min of step 2 left");
        sim.run(Duration.ofMinutes(44));
        Step raise = nearEndRaises(sim).getFirst();
        Duration left = raise.state().session().remainingTime();
        assertTrue(left.compareTo(Duration.ofMinutes(5)) <= 0 && left.compareTo(Duration.ofMinutes(4)) > 0, left.toString());
        assertEquals(1, raise.state().session().stepIndex());
    }

    @Test
    @DisplayName("SR-C5: the time left is counted at the planned rates, not while paused")
    void pausedTimeDoesNotCount() {
        SimulatedChannel sim = running(TestChannel.ketamine(null));
        sim.run(Duration.ofMinutes(20));
        sim.pause();
        sim.run(Duration.ofMinutes(30));
        assertFalse(sim.ch.hasAlarm(AlarmType.NEAR_END));
        assertFalse(sim.resume().refused());
        sim.run(Duration.ofMinutes(14).plusSeconds(50));
        assertFalse(sim.ch.hasAlarm(AlarmType.NEAR_END));
        sim.run(Duration.ofSeconds(20));
        assertTrue(sim.ch.hasAlarm(AlarmType.NEAR_END));
    }

    @Test
    @DisplayName("SR-C5: the lead is 1 min to 4 h; a program journaled without one reads as off")
    void leadRange() {
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> SafetySettings.DEFAULTS.withNearEndLead(Duration.ofSeconds(30)));
        assertEquals("nearEndLead (PT30S) must be between 1 min and 4 h", tooShort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SafetySettings.DEFAULTS.withNearEndLead(Duration.ofHours(5)));
        assertEquals(Duration.ofMinutes(1), SafetySettings.DEFAULTS.withNearEndLead(Duration.ofMinutes(1)).nearEndLead());
        assertEquals(Duration.ZERO, SafetySettings.DEFAULTS.withNearEndLead(null).nearEndLead());
        assertEquals(Duration.ofMinutes(5), SafetySettings.DEFAULTS.nearEndLead());
    }

    @Test
    @DisplayName("SR-C5, SR-G2: a program journaled before the advisory existed never raises it, so its replay "
            + "decides as it did (alarm ids, which acknowledgements and resets name, do not shift)")
    void programsFromBeforeTheAdvisoryReplayUnchanged() {
        SimulatedChannel sim = running(withLead(TestChannel.ketamine(null), null));
        sim.run(Duration.ofMinutes(41));
        assertTrue(nearEndRaises(sim).isEmpty(), "NEAR_END raised for a program without a lead");
        assertFalse(sim.state().session().nearEnd());
        assertTrue(sim.ch.hasAlarm(AlarmType.INFUSION_COMPLETE), "the session still completes");
        assertEquals(Replay.replay(sim.ch.initial, sim.ch.events), sim.state());
    }

    @Test
    @DisplayName("SR-C5: remaining time and volume of a session follow the plan's rates")
    void remainingTimeAndVolume() {
        InfusionProgram p = TestChannel.program("r", List.of(
                new PlannedStep(FlowRate.ofMicrolitresPerHour(60_000), Volume.ofMicrolitres(1_000), Duration.ofMinutes(1)),
                new PlannedStep(FlowRate.ofMicrolitresPerHour(30_000), Volume.ofMicrolitres(1_000), Duration.ofMinutes(2))),
                false, KeepVeinOpen.NONE, null);
        ChannelState.Session s = new ChannelState.Session(p, "dr.a", null, 0, Volume.ofMicrolitres(500),
                Volume.ofMicrolitres(500), 0, null, null, false, null, false, null);
        assertEquals(Duration.ofSeconds(30 + 120), s.remainingTime());
        assertEquals(Volume.ofMicrolitres(1_500), s.remainingVolume());
    }
}
