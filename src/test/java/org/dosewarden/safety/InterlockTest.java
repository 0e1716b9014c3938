package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The running interlocks, each on the model pump through the real core. */
class InterlockTest {

    static InfusionProgram short60(String session) {
        return TestChannel.program(session, List.of(new PlannedStep(FlowRate.ofMicrolitresPerHour(60_000),
                Volume.ofMicrolitres(5_000), Duration.ofMinutes(5))), false, KeepVeinOpen.NONE, null);
    }

    static SimulatedChannel running(InfusionProgram p) {
        SimulatedChannel sim = new SimulatedChannel();
        sim.program(p);
        Step start = sim.start();
        assertNull(start.refusal(), String.valueOf(start.refusal()));
        return sim;
    }

    @Test
    @DisplayName("SR-A4: the ketamine session completes at the prescribed volume, the pump's VTBI armed and the stop verified")
    void normalCompletion() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.program(TestChannel.ketamine(null));
        Step start = sim.start();
        assertEquals(List.of(new PumpCommand.ProgramStep(0, FlowRate.ofMicrolitresPerHour(52_500),
                Volume.ofMicrolitres(35_000)), PumpCommand.START, PumpCommand.READ_BACK), start.commands());
        sim.run(Duration.ofMinutes(41));
        assertEquals(InfusionState.COMPLETED, sim.state().infusion());
        assertEquals(35_000, sim.state().delivered().microlitres());
        assertEquals(35_000, sim.truthSinceProgram());
        assertTrue(sim.state().pump().stopConfirmed());
        assertEquals(List.of(AlarmType.INFUSION_COMPLETE), sim.state().alarms().stream().map(Alarm::type).toList());
        assertEquals(Replay.replay(sim.ch.initial, sim.ch.events), sim.state());
    }

    @Test
    @DisplayName("SR-A4: a pump that ignores its VTBI is stopped at the total within one poll at the current rate")
    void ignoredVtbiStopsWithinOnePoll() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.pump.ignoresVtbi = true;
        sim.program(TestChannel.twoStep());
        sim.start();
        sim.run(Duration.ofMinutes(55));
        assertEquals(InfusionState.COMPLETED, sim.state().infusion());
        long total = 49_700;
        long onePoll = 50_400 * 250 / 3_600_000 + 1; // µL in 250 ms at 50.4 mL/h, rounded up
        assertTrue(sim.truthSinceProgram() <= total + onePoll, "delivered " + sim.truthSinceProgram());
        assertTrue(sim.truthSinceProgram() >= total);
    }

    @Test
    @DisplayName("SR-A4 multi-step: step 2 is armed when step 1's volume is delivered, with step 1's excess taken off")
    void multiStepAdvancesAndCarriesExcess() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.pump.ignoresVtbi = true;
        sim.pump.rateFactorPermille = 1010; // 1 % fast, within tolerance: the step ends between two polls
        sim.program(TestChannel.twoStep());
        sim.start();
        Step advance = null;
        for (int i = 0; i < 4 * 150 && advance == null; i++) {
            sim.polls(1);
            for (Step s : sim.ch.steps) {
                if (s.commands().stream().anyMatch(c -> c instanceof PumpCommand.ProgramStep p && p.stepIndex() == 1)) {
                    advance = s;
                }
            }
        }
        PumpCommand.ProgramStep step2 = (PumpCommand.ProgramStep) advance.commands().stream()
                .filter(c -> c instanceof PumpCommand.ProgramStep).findFirst().orElseThrow();
        assertEquals(FlowRate.ofMicrolitresPerHour(50_400), step2.rate());
        long carry = advance.state().session().deliveredInStep().microlitres();
        assertTrue(carry > 0 && carry <= 17, "carry " + carry);
        assertEquals(42_000 - carry, step2.vtbi().microlitres());
        assertEquals(InfusionState.RUNNING, advance.state().infusion());
    }

    @Test
    @DisplayName("SR-A3: a pump that runs at twice the programmed rate and says so is stopped at the first readback")
    void wrongRateReadBack() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.pump.rateFactorPermille = 2000;
        sim.pump.reportsDeliveringRate = true;
        sim.program(short60("s"));
        Step start = sim.start();
        assertEquals(InfusionState.FAULT, sim.state().infusion());
        Alarm a = sim.ch.alarmOf(AlarmType.RATE_MISMATCH);
        assertEquals(AlarmPriority.HIGH, a.priority());
        assertEquals(PumpActivity.STOPPED, sim.pump.mode);
        assertEquals(0, sim.truthSinceProgram());
        assertTrue(start.commands().contains(PumpCommand.READ_BACK));
    }

    @Test
    @DisplayName("SR-A5: over-infusion (pump delivers 1.5× while reporting the right rate) stops with a high alarm and TRIPPED")
    void overInfusionTrips() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.pump.rateFactorPermille = 1500;
        sim.program(short60("s"));
        sim.start();
        int polls = 0;
        while (sim.state().infusion() == InfusionState.RUNNING && polls < 4 * 60) {
            sim.polls(1);
            polls++;
        }
        assertEquals(InfusionState.TRIPPED, sim.state().infusion());
        assertEquals(AlarmPriority.HIGH, sim.ch.alarmOf(AlarmType.OVER_INFUSION).priority());
        // 100 µL absolute tolerance at an excess of 8.3 µL/s: caught in about 12 s, well within a minute.
        assertTrue(polls <= 4 * 15, "caught after " + polls + " polls");
        assertEquals(PumpActivity.STOPPED, sim.pump.mode);
    }

    @Test
    @DisplayName("SR-A5/SR-A7: a rolling window catches a late burst that the whole-segment comparison would allow")
    void overInfusionWindowCatchesLateBurst() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.pump.rateFactorPermille = 700; // long under-delivery first builds slack in the segment total
        InfusionProgram p = TestChannel.program("s", List.of(new PlannedStep(FlowRate.ofMicrolitresPerHour(60_000),
                Volume.ofMicrolitres(40_000), Duration.ofMinutes(40))), false, KeepVeinOpen.NONE, null);
        sim.program(p);
        sim.start();
        sim.run(Duration.ofMinutes(20));
        assertEquals(InfusionState.RUNNING, sim.state().infusion());
        sim.pump.rateFactorPermille = 1400; // then 40 % too fast: the segment total stays below expected
        sim.run(Duration.ofSeconds(130));
        assertEquals(InfusionState.TRIPPED, sim.state().infusion());
        assertTrue(sim.ch.alarmOf(AlarmType.OVER_INFUSION).detail().contains("in the last"));
    }

    @Test
    @DisplayName("SR-A5: free flow (volume rising while paused) raises a high alarm, FAULT, and a stop")
    void freeFlowWhilePaused() {
        SimulatedChannel sim = running(short60("s"));
        sim.run(Duration.ofSeconds(30));
        sim.pause();
        sim.polls(2);
        assertEquals(InfusionState.PAUSED, sim.state().infusion());
        sim.pump.freeFlowUlPerHour = 2_000;
        sim.run(Duration.ofMinutes(2));
        assertEquals(InfusionState.FAULT, sim.state().infusion());
        assertEquals(AlarmPriority.HIGH, sim.ch.alarmOf(AlarmType.FREE_FLOW).priority());
    }

    @Test
    @DisplayName("Pump alarms: a stall reported by the pump is a FAULT with a high alarm and a stop; power reset never resumes")
    void pumpStallAndPowerReset() {
        SimulatedChannel sim = running(short60("s"));
        sim.run(Duration.ofSeconds(40));
        Step stall = sim.event(new Event.PumpAlarmReported(sim.ch.now(), PumpAlarmKind.STALL, "A?S"));
        assertEquals(InfusionState.FAULT, stall.state().infusion());
        assertTrue(stall.commands().contains(PumpCommand.STOP));
        sim.ackAll();
        sim.polls(1);
        sim.resetTrip("occlusion cleared");
        sim.resume();
        assertEquals(InfusionState.RUNNING, sim.state().infusion());
        sim.run(Duration.ofSeconds(10));
        Volume before = sim.state().delivered();
        sim.powerCycle();
        assertEquals(InfusionState.FAULT, sim.state().infusion());
        sim.run(Duration.ofMinutes(2));
        assertEquals(InfusionState.FAULT, sim.state().infusion(), "a power reset never resumes by itself");
        assertEquals(PumpActivity.STOPPED, sim.pump.mode);
        assertEquals(before, sim.state().delivered(), "the total is kept across the counter reset (SR-G2)");
    }

    @Test
    @DisplayName("SR-A6: no progress while running warns after 2 min and alarms after 5 min; delivery continues")
    void noProgressWarnsThenAlarms() {
        SimulatedChannel sim = running(short60("s"));
        sim.run(Duration.ofSeconds(20));
        sim.pump.stalled = true; // motor stalled, the pump does not notice
        sim.run(Duration.ofSeconds(125));
        assertTrue(sim.ch.hasAlarm(AlarmType.NO_PROGRESS_WARNING));
        assertFalse(sim.ch.hasAlarm(AlarmType.NO_PROGRESS));
        sim.run(Duration.ofMinutes(3));
        assertTrue(sim.ch.hasAlarm(AlarmType.NO_PROGRESS));
        assertEquals(AlarmPriority.MEDIUM, sim.ch.alarmOf(AlarmType.NO_PROGRESS).priority());
        assertEquals(InfusionState.RUNNING, sim.state().infusion());
        sim.pump.stalled = false;
        sim.polls(4);
        assertFalse(sim.ch.hasAlarm(AlarmType.NO_PROGRESS_WARNING), "an unlatched warning clears with progress");
        assertTrue(sim.ch.hasAlarm(AlarmType.NO_PROGRESS), "the latched alarm waits for acknowledgement (SR-C2)");
    }

    @Test
    @DisplayName("SR-D1: a silent pump raises LINK_LOST within the link timeout, FAULT and a stop; the pump watchdog stops it")
    void linkLoss() {
        SimulatedChannel sim = running(short60("s"));
        sim.run(Duration.ofSeconds(20));
        sim.silence(true);
        int polls = 0;
        while (!sim.ch.hasAlarm(AlarmType.LINK_LOST)) {
            sim.polls(1);
            polls++;
        }
        // timeout 2 s at 250 ms polls: on the first tick past 2 s
        assertEquals(9, polls);
        assertEquals(AlarmPriority.HIGH, sim.ch.alarmOf(AlarmType.LINK_LOST).priority());
        assertEquals(InfusionState.FAULT, sim.state().infusion());
        assertEquals(PumpActivity.STOPPED, sim.pump.mode, "the pump-side watchdog stopped it");
        Step refused = sim.resetTrip("link back?");
        assertEquals(Refusal.Kind.BLOCKED, refused.refusal().kind());
        sim.silence(false);
        sim.polls(2);
        assertFalse(sim.state().linkLost());
        assertTrue(sim.ch.hasAlarm(AlarmType.PUMP_WATCHDOG));
        sim.ackAll();
        assertFalse(sim.resetTrip("cable reseated").refused());
        assertEquals(InfusionState.PAUSED, sim.state().infusion());
    }

    @Test
    @DisplayName("SR-C2: acknowledging an alarm whose condition persists raises a new one with a new id")
    void persistingConditionReRaises() {
        SimulatedChannel sim = running(short60("s"));
        sim.silence(true);
        sim.run(Duration.ofSeconds(3));
        Alarm first = sim.ch.alarmOf(AlarmType.LINK_LOST);
        sim.intent(new Intent.AcknowledgeAlarm(sim.ch.now(), sim.ch.by("dr.a"), first.id()));
        assertFalse(sim.ch.hasAlarm(AlarmType.LINK_LOST));
        sim.polls(1);
        Alarm second = sim.ch.alarmOf(AlarmType.LINK_LOST);
        assertNotEquals(first.id(), second.id());
    }

    @Test
    @DisplayName("SR-C3: the same alarm stopping the infusion three times in 10 min locks out restarts until ended and re-programmed")
    void restartLimiter() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.pump.rateFactorPermille = 1500;
        sim.program(short60("s1"));
        sim.start();
        for (int trip = 1; trip <= 3; trip++) {
            sim.run(Duration.ofSeconds(20));
            assertEquals(InfusionState.TRIPPED, sim.state().infusion(), "trip " + trip);
            sim.ackAll();
            assertFalse(sim.resetTrip("trip " + trip + " checked").refused());
            Step resume = sim.resume();
            if (trip < 3) {
                assertFalse(resume.refused(), "restart " + trip + ": " + resume.refusal());
            } else {
                assertEquals(Refusal.Kind.BLOCKED, resume.refusal().kind());
                assertTrue(resume.refusal().reason().contains("SR-C3"), resume.refusal().reason());
                assertTrue(resume.commands().isEmpty());
            }
        }
        assertTrue(sim.state().restartLocked());
        sim.stop();
        sim.end("pump swapped");
        sim.pump.rateFactorPermille = 1000;
        sim.program(short60("s2"));
        assertFalse(sim.start().refused());
    }

    @Test
    @DisplayName("SR-C3: three stops spread over more than 10 min do not lock")
    void restartLimiterWindow() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.pump.rateFactorPermille = 1500;
        InfusionProgram p = TestChannel.program("s", List.of(new PlannedStep(FlowRate.ofMicrolitresPerHour(60_000),
                Volume.ofMicrolitres(40_000), Duration.ofMinutes(40))), false, KeepVeinOpen.NONE, null);
        sim.program(p);
        sim.start();
        for (int trip = 1; trip <= 3; trip++) {
            sim.run(Duration.ofSeconds(20));
            assertEquals(InfusionState.TRIPPED, sim.state().infusion());
            sim.run(Duration.ofMinutes(5).plusSeconds(10));
            sim.ackAll();
            sim.resetTrip("checked");
            assertFalse(sim.resume().refused(), "trip " + trip);
        }
        assertFalse(sim.state().restartLocked());
    }

    @Test
    @DisplayName("Emergency stop: stops now, latched until the input is released and a clinician resets it with a reason")
    void emergencyStopLatch() {
        SimulatedChannel sim = running(short60("s"));
        sim.run(Duration.ofSeconds(10));
        Step press = sim.event(new Event.EmergencyStopPressed(sim.ch.now(), "gpio17"));
        assertEquals(InfusionState.TRIPPED, press.state().infusion());
        assertEquals(List.of(PumpCommand.STOP, PumpCommand.READ_BACK), press.commands());
        assertEquals(PumpActivity.STOPPED, sim.pump.mode);
        sim.ackAll();
        assertEquals(Refusal.Kind.BLOCKED, sim.resetTrip("done").refusal().kind());
        Step early = sim.intent(new Intent.ResetEmergencyStop(sim.ch.now(), sim.ch.by("dr.a"), "drill over"));
        assertTrue(early.refusal().reason().contains("release it first"));
        sim.event(new Event.EmergencyStopReleased(sim.ch.now(), "gpio17"));
        assertTrue(sim.state().emergencyStopLatched(), "released input does not clear the latch");
        sim.polls(1);
        assertEquals(Refusal.Kind.INVALID, sim.intent(new Intent.ResetEmergencyStop(sim.ch.now(), sim.ch.by("dr.a"), " "))
                .refusal().kind());
        assertFalse(sim.intent(new Intent.ResetEmergencyStop(sim.ch.now(), sim.ch.by("dr.a"), "drill over")).refused());
        assertFalse(sim.resetTrip("drill over, patient fine").refused());
        assertFalse(sim.resume().refused());
        assertEquals(InfusionState.RUNNING, sim.state().infusion());
    }

    @Test
    @DisplayName("SR-C4: a journal failure is a high alarm; the running infusion continues; no new start until it works")
    void journalFailure() {
        SimulatedChannel sim = running(short60("s"));
        sim.run(Duration.ofSeconds(10));
        Step fail = sim.event(new Event.JournalWriteFailed(sim.ch.now(), "disk full"));
        assertEquals(AlarmPriority.HIGH, fail.alarmsRaised().getFirst().priority());
        assertEquals(InfusionState.RUNNING, fail.state().infusion());
        assertFalse(fail.commands().contains(PumpCommand.STOP));
        sim.pause();
        sim.polls(1);
        Step resume = sim.resume();
        assertEquals(Refusal.Kind.BLOCKED, resume.refusal().kind());
        assertTrue(resume.refusal().reason().contains("SR-C4"));
        sim.event(new Event.JournalRestored(sim.ch.now()));
        sim.ackAll();
        assertFalse(sim.resume().refused());
    }

    @Test
    @DisplayName("SR-D2: a start whose outcome is unknown is UNCERTAIN, alarmed, read back, and resolved by the reading")
    void uncertainStartResolvedByReadback() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 0);
        ch.program(short60("s"));
        ch.start();
        Step timeout = ch.feed(new Event.CommandOutcome(ch.now(), PumpCommand.START, CommandResult.TIMED_OUT, "no reply in 500 ms"));
        assertTrue(timeout.state().uncertain());
        assertEquals(AlarmType.COMMAND_UNCERTAIN, timeout.alarmsRaised().getFirst().type());
        assertEquals(List.of(PumpCommand.READ_BACK), timeout.commands());
        // The readback shows the pump did not start: never assumed running.
        Step read = ch.reading(PumpActivity.STOPPED, 60_000, 0);
        assertFalse(read.state().uncertain());
        assertEquals(InfusionState.FAULT, read.state().infusion());
        assertTrue(read.alarmsRaised().stream().anyMatch(a -> a.type() == AlarmType.PUMP_STOPPED_UNEXPECTEDLY));
        assertTrue(read.alarmsCleared().stream().anyMatch(a -> a.type() == AlarmType.COMMAND_UNCERTAIN));
    }

    @Test
    @DisplayName("SR-D2: an unanswered stop is sent again with a readback")
    void uncertainStopIsRepeated() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 0);
        Step s = ch.feed(new Event.CommandOutcome(ch.now(), PumpCommand.STOP, CommandResult.TIMED_OUT, "no reply"));
        assertEquals(List.of(PumpCommand.STOP, PumpCommand.READ_BACK), s.commands());
    }

    @Test
    @DisplayName("SR-D2: a command the pump refuses is a FAULT with a stop")
    void refusedCommandFaults() {
        SimulatedChannel sim = running(short60("s"));
        sim.polls(2);
        Step s = sim.event(new Event.CommandOutcome(sim.ch.now(), new PumpCommand.ProgramStep(0,
                FlowRate.ofMicrolitresPerHour(60_000), Volume.ofMicrolitres(5_000)), CommandResult.REFUSED, "?OOR"));
        assertEquals(InfusionState.FAULT, s.state().infusion());
        assertTrue(s.commands().contains(PumpCommand.STOP));
    }

    @Test
    @DisplayName("SR-I2: a high-alert program needs a second, different clinician before start")
    void secondClinician() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 0);
        ch.feed(new Intent.ProgramInfusion(ch.now(), ch.by("dr.a"), TestChannel.program("s", short60("s").plan().steps(),
                true, KeepVeinOpen.NONE, null)));
        assertEquals(InfusionState.AWAITING_CONFIRMATION, ch.state.infusion());
        assertEquals(Refusal.Kind.ILLEGAL_STATE, ch.start().refusal().kind());
        Step same = ch.feed(new Intent.ConfirmProgram(ch.now(), ch.by("dr.a")));
        assertEquals(Refusal.Kind.NOT_PERMITTED, same.refusal().kind());
        assertTrue(same.refusal().reason().contains("different user"));
        assertEquals("NOT_PERMITTED", same.records().getFirst().facts().get("refusal"), "journaled with its kind");
        Step other = ch.feed(new Intent.ConfirmProgram(ch.now(), ch.by("dr.b")));
        assertEquals(InfusionState.PROGRAMMED, other.state().infusion());
        assertEquals("dr.b", other.state().session().confirmedBy());
        assertFalse(ch.start().refused());
    }

    @Test
    @DisplayName("KVO: where allowed, a bounded keep-vein-open runs after completion as its own armed step")
    void keepVeinOpenIsBounded() {
        SimulatedChannel sim = new SimulatedChannel();
        InfusionProgram p = TestChannel.program("s", List.of(new PlannedStep(FlowRate.ofMicrolitresPerHour(60_000),
                Volume.ofMicrolitres(2_000), Duration.ofMinutes(2))), false,
                new KeepVeinOpen(FlowRate.ofMicrolitresPerHour(1_000), Volume.ofMicrolitres(500)), null);
        sim.program(p);
        sim.start();
        sim.run(Duration.ofMinutes(3));
        assertEquals(InfusionState.COMPLETED, sim.state().infusion());
        assertTrue(sim.state().session().keepVeinOpenRunning());
        assertFalse(sim.ch.hasAlarm(AlarmType.PUMP_RUNNING_UNCOMMANDED));
        sim.run(Duration.ofMinutes(40));
        assertEquals(2_500, sim.truthSinceProgram(), "KVO stops at its own limit");
        assertFalse(sim.state().session().keepVeinOpenRunning());
    }

    @Test
    @DisplayName("SR-G1: a refused intent is journaled as INTENT_REFUSED with the user and the state")
    void refusalsAreJournaled() {
        TestChannel ch = new TestChannel();
        Step s = ch.start();
        JournalRecord r = s.records().getFirst();
        assertEquals(JournalRecord.RecordType.INTENT_REFUSED, r.type());
        assertEquals("dr.a", r.facts().get("user"));
        assertEquals("IDLE", r.facts().get("state"));
        assertTrue(r.summary().contains("cannot start while the infusion is IDLE"), r.summary());
    }

    @Test
    @DisplayName("SR-C2: an unacknowledged latched alarm blocks a start and a resume, even after its condition cleared")
    void unacknowledgedLatchedAlarmBlocksStart() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.program(short60("s"));
        sim.event(new Event.JournalWriteFailed(sim.ch.now(), "disk full"));
        sim.event(new Event.JournalRestored(sim.ch.now()));
        Alarm latched = sim.ch.alarmOf(AlarmType.JOURNAL_FAILURE);
        assertFalse(latched.conditionActive());
        Step refused = sim.start();
        assertEquals(Refusal.Kind.BLOCKED, refused.refusal().kind());
        assertTrue(refused.refusal().reason().contains("#" + latched.id() + " JOURNAL_FAILURE"), refused.refusal().reason());
        assertTrue(refused.commands().isEmpty());
        sim.ackAll();
        assertFalse(sim.start().refused());
        sim.pause();
        sim.polls(1);
        sim.event(new Event.VitalsReading(sim.ch.now(), List.of(VitalValue.of(org.dosewarden.dose.library.VitalSign.SPO2, 0))));
        assertFalse(sim.resume().refused(), "an unlatched technical alarm does not block");
        sim.pause();
        sim.polls(1);
        sim.event(new Event.JournalWriteFailed(sim.ch.now(), "disk full"));
        sim.event(new Event.JournalRestored(sim.ch.now()));
        assertEquals(Refusal.Kind.BLOCKED, sim.resume().refusal().kind());
    }

    @Test
    @DisplayName("SR-A5: a pump that claims PAUSED while its counter runs is judged on volume, even inside the start-up grace")
    void overInfusionWhateverTheModeSays() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 0);
        ch.program(short60("s"));
        ch.start();
        ch.advance(Duration.ofSeconds(5));
        Step s = ch.reading(PumpActivity.PAUSED, 60_000, 1_000);
        assertEquals(InfusionState.TRIPPED, s.state().infusion());
        assertTrue(s.alarmsRaised().stream().anyMatch(a -> a.type() == AlarmType.OVER_INFUSION));
        assertTrue(s.commands().contains(PumpCommand.STOP));
    }
}
