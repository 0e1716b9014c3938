package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The three field incidents of clinical.md, as named regression tests (docs/safety/hazard-log.md, "Field incidents":
 * INCIDENT-1 rate step, INCIDENT-2 quiet end of infusion, INCIDENT-3 re-dose after a crash).
 */
class IncidentRegressionTest {

    /** Step 1: 20 mL/h for 3 min (1 mL); step 2: 60 mL/h (3×) for 10 min (10 mL). */
    static InfusionProgram stepUpPlan() {
        return TestChannel.program("s-step", List.of(
                new PlannedStep(FlowRate.ofMicrolitresPerHour(20_000), Volume.ofMicrolitres(1_000), Duration.ofMinutes(3)),
                new PlannedStep(FlowRate.ofMicrolitresPerHour(60_000), Volume.ofMicrolitres(10_000), Duration.ofMinutes(10))),
                false, KeepVeinOpen.NONE, null);
    }

    @Test
    @DisplayName("INCIDENT-1: a rate step above 2× that the pump does not apply is caught by readback in the same "
            + "poll (SR-A3, SR-D2)")
    void rateStepAboveDoubleCaughtByReadback() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.pump.keepsOldRateOnBigStep = true;
        sim.pump.reportsDeliveringRate = true;
        sim.program(stepUpPlan());
        sim.start();
        // Run until step 1 is delivered (3 min) and the step change has been read back.
        for (int i = 0; i < 4 * 200 && sim.state().infusion() == InfusionState.RUNNING; i++) {
            sim.polls(1);
        }
        assertEquals(InfusionState.FAULT, sim.state().infusion());
        Alarm mismatch = sim.ch.alarmOf(AlarmType.RATE_MISMATCH);
        assertTrue(mismatch.detail().contains("pump reports 20 mL/h, programmed 60 mL/h"), mismatch.detail());
        assertEquals(PumpActivity.STOPPED, sim.pump.mode);
        // Caught at the readback right after step 2 was armed: no volume of step 2 at the wrong rate.
        assertTrue(sim.truthSinceProgram() <= 1_000 + 2, "delivered " + sim.truthSinceProgram());
    }

    @Test
    @DisplayName("INCIDENT-1: a pump that reports the new rate but keeps delivering the old one is caught by volume "
            + "progress (SR-A6)")
    void rateStepAboveDoubleCaughtByVolumeProgress() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.pump.keepsOldRateOnBigStep = true;
        sim.program(stepUpPlan());
        sim.start();
        sim.run(Duration.ofMinutes(3).plusSeconds(1));
        assertEquals(1, sim.state().session().stepIndex(), "now in step 2");
        // grace 30 s, about 35 s until the shortfall exceeds the tolerance, then the 5 min window (SR-A6)
        sim.run(Duration.ofSeconds(30 + 40 + 300));
        assertTrue(sim.ch.hasAlarm(AlarmType.UNDER_INFUSION), sim.state().alarms().toString());
        assertEquals(InfusionState.RUNNING, sim.state().infusion());
        assertFalse(sim.ch.hasAlarm(AlarmType.OVER_INFUSION));
    }

    @Test
    @DisplayName("INCIDENT-2: quiet end of infusion — a pump left running at a low rate after completion is verified, "
            + "alarmed and stopped (SR-A4)")
    void quietEndOfInfusionIsCaught() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.pump.ownKvoAtEndUlPerHour = 1_000;
        sim.pump.stopsToIgnore = 1;
        InfusionProgram p = TestChannel.program("s-q", List.of(new PlannedStep(FlowRate.ofMicrolitresPerHour(60_000),
                Volume.ofMicrolitres(2_000), Duration.ofMinutes(2))), false, KeepVeinOpen.NONE, null);
        sim.program(p);
        sim.start();
        sim.run(Duration.ofMinutes(2).plusSeconds(2));
        // The completion stop was ignored; the readback showed INFUSING: high alarm, another stop, FAULT.
        Alarm alarm = sim.ch.alarmOf(AlarmType.PUMP_RUNNING_UNCOMMANDED);
        assertEquals(AlarmPriority.HIGH, alarm.priority());
        assertTrue(alarm.detail().contains("COMPLETED"), alarm.detail());
        assertEquals(InfusionState.FAULT, sim.state().infusion());
        assertEquals(PumpActivity.STOPPED, sim.pump.mode);
        long before = sim.pump.truth;
        sim.run(Duration.ofMinutes(5));
        assertEquals(before, sim.pump.truth, "nothing delivered after the verified stop");
        assertTrue(sim.truthSinceProgram() <= 2_000 + 5, "delivered " + sim.truthSinceProgram());
    }

    @Test
    @DisplayName("INCIDENT-2: after a normal completion every reading verifies the pump stays stopped; a later drip "
            + "is free flow (SR-A4, SR-A5)")
    void completionIsVerifiedAfterwards() {
        SimulatedChannel sim = new SimulatedChannel();
        InfusionProgram p = TestChannel.program("s-v", List.of(new PlannedStep(FlowRate.ofMicrolitresPerHour(60_000),
                Volume.ofMicrolitres(2_000), Duration.ofMinutes(2))), false, KeepVeinOpen.NONE, null);
        sim.program(p);
        sim.start();
        sim.run(Duration.ofMinutes(2).plusSeconds(2));
        assertEquals(InfusionState.COMPLETED, sim.state().infusion());
        assertEquals(Volume.ofMicrolitres(2_000), sim.state().delivered());
        assertTrue(sim.state().pump().stopConfirmed());
        sim.pump.freeFlowUlPerHour = 3_000;
        sim.run(Duration.ofMinutes(2));
        assertTrue(sim.ch.hasAlarm(AlarmType.FREE_FLOW));
        assertEquals(InfusionState.FAULT, sim.state().infusion());
    }

    @Test
    @DisplayName("INCIDENT-3: a crash mid-infusion is rebuilt from the journaled events; the delivered total is kept, "
            + "nothing is re-dosed (SR-G2)")
    void crashDoesNotLoseTheDoseRecord() {
        SimulatedChannel sim = new SimulatedChannel();
        InfusionProgram p = TestChannel.ketamine(null);
        sim.program(p);
        sim.start();
        sim.run(Duration.ofMinutes(20));
        Volume deliveredAtCrash = sim.state().delivered();
        assertTrue(deliveredAtCrash.microlitres() > 17_000, deliveredAtCrash.toString());
        // The process dies. The new process replays the journaled events; its state equals the live one.
        ChannelState rebuilt = Replay.replay(sim.ch.initial, sim.ch.events);
        assertEquals(sim.state(), rebuilt);
        int before = sim.ch.steps.size();
        sim.crashAndRecover(Duration.ofSeconds(8), -7_000_000_000L);
        Step recovered = sim.ch.steps.get(before);
        assertEquals(InfusionState.PAUSED, recovered.state().infusion());
        assertFalse(recovered.commands().contains(PumpCommand.START));
        assertEquals(deliveredAtCrash, recovered.state().delivered());
        assertTrue(sim.ch.hasAlarm(AlarmType.DAEMON_RESTARTED));
        // The pump's own watchdog stopped it during the 8 s outage and says so (A?T): FAULT.
        assertEquals(InfusionState.FAULT, sim.state().infusion());
        assertTrue(sim.ch.hasAlarm(AlarmType.PUMP_WATCHDOG));
        // A clinician who thinks the dose was lost cannot program a fresh full dose over it.
        Step again = sim.program(p);
        assertEquals(Refusal.Kind.ILLEGAL_STATE, again.refusal().kind());
        sim.polls(2);
        sim.ackAll();
        assertFalse(sim.resetTrip("pump watchdog after daemon restart; line checked").refused());
        Step resume = sim.resume();
        assertFalse(resume.refused(), String.valueOf(resume.refusal()));
        sim.run(Duration.ofMinutes(25));
        assertEquals(InfusionState.COMPLETED, sim.state().infusion());
        // Everything the pump did during the outage was counted once; nothing beyond the prescription.
        assertEquals(sim.truthSinceProgram(), sim.state().delivered().microlitres());
        assertEquals(35_000, sim.state().delivered().microlitres());
        assertEquals(Replay.replay(sim.ch.initial, sim.ch.events), sim.state());
    }
}
