package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.plan.InfusionPlan;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * What the pump is armed with (SR-A4): the rest of a step rounded down to the pump's volume step, nothing when
 * less than one step is left (the infusion completes instead), one delivery lease at a time, and the
 * keep-vein-open step after completion, with the journal line that says so.
 */
class StepArmingTest {

    /** The ketamine step (52.5 mL/h, 35 mL, 40 min) on a pump whose volume step is 10 µL. */
    static InfusionProgram tenMicrolitreSteps() {
        return new InfusionProgram("s10", "p-17", new InfusionPlan("ketamine-psych", List.of(new PlannedStep(
                FlowRate.ofMicrolitresPerHour(52_500), Volume.ofMicrolitres(35_000), Duration.ofMinutes(40)))),
                false, KeepVeinOpen.NONE, null, FlowRate.ofMicrolitresPerHour(100), Volume.ofMicrolitres(10),
                SafetySettings.DEFAULTS);
    }

    static TestChannel runningOnTenMicrolitreSteps() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.program(tenMicrolitreSteps());
        ch.start();
        ch.reading(PumpActivity.INFUSING, 52_500, 1_000);
        return ch;
    }

    @Test
    @DisplayName("SR-A4: a resumed step is armed with what is left of it rounded down to the pump's 10 µL volume step")
    void resumeArmsTheRestRoundedDown() {
        TestChannel ch = runningOnTenMicrolitreSteps();
        ch.advance(Duration.ofSeconds(10));
        ch.reading(PumpActivity.INFUSING, 52_500, 1_145);
        ch.pause();
        ch.reading(PumpActivity.PAUSED, 0, 1_145);
        Step resume = ch.resume();
        assertEquals(new PumpCommand.ProgramStep(0, FlowRate.ofMicrolitresPerHour(52_500), Volume.ofMicrolitres(34_850)),
                resume.commands().getFirst());
        assertEquals("INTERLOCK step 1 of 1 armed: 52.5 mL/h, VTBI 34.85 mL", JournalRecordsTest.lines(resume).get(2));
    }

    @Test
    @DisplayName("SR-A4: resuming with less than one pump volume step left completes the infusion at once instead of arming it")
    void resumeWithLessThanOneStepLeftCompletes() {
        TestChannel ch = runningOnTenMicrolitreSteps();
        for (int s = 10; s <= 2390; s += 10) {
            ch.advance(Duration.ofSeconds(10));
            ch.feed(new Event.PumpReading(ch.now(), PumpActivity.INFUSING, FlowRate.ofMicrolitresPerHour(52_500),
                    Volume.ofMicrolitres(1_000 + 52_500L * s / 3600)));
        }
        ch.advance(Duration.ofMillis(9_700));
        ch.reading(PumpActivity.INFUSING, 52_500, 1_000 + 34_995);
        assertEquals(InfusionState.RUNNING, ch.state.infusion(), ch.state.alarms().toString());
        ch.pause();
        ch.reading(PumpActivity.PAUSED, 0, 1_000 + 34_995);
        ch.ackAll();
        Step resume = ch.resume();
        assertNull(resume.refusal(), () -> String.valueOf(resume.refusal()));
        assertEquals(InfusionState.COMPLETED, resume.state().infusion());
        assertEquals(List.of(PumpCommand.STOP, PumpCommand.READ_BACK), resume.commands());
        assertEquals("delivered 34.995 mL of 35 mL", ch.alarmOf(AlarmType.INFUSION_COMPLETE).detail());
        Assertions.assertTrue(JournalRecordsTest.lines(resume).contains(
                "STATE_CHANGED PAUSED → COMPLETED: plan volume delivered (34.995 mL) before resuming"),
                JournalRecordsTest.lines(resume).toString());
    }

    @Test
    @DisplayName("SR-A4: at completion the plan's stop goes first, then the bounded keep-vein-open step is armed and read back; the step's running time is closed")
    void completionArmsKeepVeinOpenAfterTheStop() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 0);
        ch.program(TestChannel.program("kvo", List.of(new PlannedStep(FlowRate.ofMicrolitresPerHour(60_000),
                Volume.ofMicrolitres(2_000), Duration.ofMinutes(2))), false,
                new KeepVeinOpen(FlowRate.ofMicrolitresPerHour(1_000), Volume.ofMicrolitres(500)), null));
        ch.start();
        ch.reading(PumpActivity.INFUSING, 60_000, 0);
        ch.advance(Duration.ofMinutes(2));
        Step done = ch.reading(PumpActivity.STOPPED, 60_000, 2_000);
        assertEquals(InfusionState.COMPLETED, done.state().infusion());
        assertEquals(List.of(PumpCommand.STOP, new PumpCommand.ProgramStep(1, FlowRate.ofMicrolitresPerHour(1_000),
                Volume.ofMicrolitres(500)), PumpCommand.START, PumpCommand.READ_BACK), done.commands());
        assertEquals(Duration.ofMinutes(2).toNanos(), done.state().session().stepRunNanos());
    }

    @Test
    @DisplayName("SR-A4, SR-D1: a step armed one delivery lease at a time says so in the journal, with what is left of the step")
    void leasedArmingIsJournaled() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.program(TestChannel.leasedKetamine(Duration.ofSeconds(30)));
        Step start = ch.start();
        assertEquals("INTERLOCK step 1 of 1 armed: 52.5 mL/h, VTBI 0.437 mL (delivery lease of 30 s; 35 mL left in the step)",
                JournalRecordsTest.lines(start).get(2));
    }

    @Test
    @DisplayName("SR-A4: a program with a step of 0 mL is refused naming the step (a pump reads 0 as no limit)")
    void aZeroVolumeStepIsRefused() {
        IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class,
                () -> new InfusionProgram("s", "p-17", new InfusionPlan("ketamine-psych", List.of(
                        new PlannedStep(FlowRate.ofMicrolitresPerHour(52_500), Volume.ofMicrolitres(1_000),
                                Duration.ofMinutes(2)),
                        new PlannedStep(FlowRate.ofMicrolitresPerHour(52_500), Volume.ZERO, Duration.ZERO))),
                        false, KeepVeinOpen.NONE, null, FlowRate.ofMicrolitresPerHour(100), Volume.ofMicrolitres(1),
                        SafetySettings.DEFAULTS));
        assertEquals("step 2 has a volume to be infused of 0 mL; a pump reads 0 as 'no limit', so every step needs "
                + "a volume above zero", e.getMessage());
    }
}
