package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SR-A2: nothing a clinician sends to a running infusion, other than pause and stop, changes what the pump does. */
class RunningInfusionChangeTest {

    @Test
    @DisplayName("SR-A2: a new program (ten times the rate), a start, a resume, a confirmation or a trip reset sent to a "
            + "running infusion is refused, sends nothing to the pump, and the infusion completes exactly as programmed")
    void changesToARunningInfusionAreRefused() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.program(TestChannel.ketamine(null));
        sim.start();
        sim.run(Duration.ofMinutes(10));
        assertEquals(InfusionState.RUNNING, sim.state().infusion());
        long rate = sim.pump.currentDeliveringRate();
        assertEquals(52_500, rate);

        InfusionProgram tenfold = TestChannel.program("s-10x", List.of(new PlannedStep(
                FlowRate.ofMicrolitresPerHour(525_000), Volume.ofMicrolitres(35_000), Duration.ofMinutes(4))),
                false, KeepVeinOpen.NONE, null);
        TestChannel ch = sim.ch;
        List<Intent> changes = List.of(
                new Intent.ProgramInfusion(ch.now(), ch.by("dr.b"), tenfold),
                new Intent.StartInfusion(ch.now(), ch.by("dr.b")),
                new Intent.ResumeInfusion(ch.now(), ch.by("dr.b")),
                new Intent.ConfirmProgram(ch.now(), ch.by("dr.b")),
                new Intent.ResetTrip(ch.now(), ch.by("dr.b"), "trying"));
        for (Intent change : changes) {
            ChannelState before = sim.state();
            Step step = sim.intent(change);
            assertTrue(step.refused(), change + " was not refused");
            assertEquals(Refusal.Kind.ILLEGAL_STATE, step.refusal().kind(), step.refusal().toString());
            assertTrue(step.refusal().reason().contains("RUNNING"), step.refusal().reason());
            assertEquals(List.of(), step.commands(), "nothing is sent to the pump for " + change);
            assertEquals(before, step.state(), "the state is unchanged by " + change);
            assertEquals(rate, sim.pump.currentDeliveringRate());
        }

        sim.run(Duration.ofMinutes(31));
        assertEquals(InfusionState.COMPLETED, sim.state().infusion());
        assertEquals(Volume.ofMicrolitres(35_000), sim.state().delivered());
        assertEquals(35_000, sim.truthSinceProgram(), "exactly the original program entered the patient");
        assertEquals("s1", sim.state().session().program().sessionId());
    }
}
