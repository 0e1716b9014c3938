package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Drivers round the delivered volume up to whole µL (PumpDriver#readDelivered). A reading equal to the total while
 * the pump still infuses at the programmed rate toward its armed target may be up to 1 µL short of the total: the
 * core does not stop the pump on it, the pump stops itself at its target. (The Ultra end-to-end run once stopped a
 * 140 µL session at 139.821 µL this way: the pump said 139.821 ul, the driver 140 µL, the core sent the stop.)
 */
class RoundedUpReadingTest {

    static final long RATE = 84_000;   // µL/h
    static final long TOTAL = 140;     // µL, 6 s

    static TestChannel running() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 0);
        ch.program(TestChannel.program("s-r", List.of(new PlannedStep(FlowRate.ofMicrolitresPerHour(RATE),
                Volume.ofMicrolitres(TOTAL), Duration.ofSeconds(6))), false, KeepVeinOpen.NONE, null));
        Step start = ch.start();
        assertNull(start.refusal(), String.valueOf(start.refusal()));
        ch.advance(Duration.ofSeconds(3));
        ch.reading(PumpActivity.INFUSING, RATE, 70);
        return ch;
    }

    @Test
    @DisplayName("SR-A4: a reading that reaches the total only by rounding up, pump still infusing toward its target, "
            + "sends no stop; the pump's own stop at the target completes the session with the whole plan")
    void roundedUpTotalWaitsForThePumpsTarget() {
        TestChannel ch = running();
        ch.advance(Duration.ofMillis(2_990));
        Step atTotal = ch.reading(PumpActivity.INFUSING, RATE, TOTAL);   // the pump says 139.821: 140 rounded up
        assertFalse(atTotal.commands().stream().anyMatch(c -> c instanceof PumpCommand.StopPump),
                "no stop before the pump reached its target: " + atTotal.commands());
        assertEquals(InfusionState.RUNNING, ch.state.infusion());
        assertFalse(ch.hasAlarm(AlarmType.INFUSION_COMPLETE));

        ch.advance(Duration.ofMillis(250));
        ch.reading(PumpActivity.STOPPED, 0, TOTAL);                    // stopped by itself at its target
        assertEquals(InfusionState.COMPLETED, ch.state.infusion());
        assertEquals(TOTAL, ch.state.delivered().microlitres());
        assertTrue(ch.hasAlarm(AlarmType.INFUSION_COMPLETE));
    }

    @Test
    @DisplayName("SR-A4: past the total while still infusing (the pump ignores its target), the session completes and "
            + "the pump is stopped at once")
    void pastTheTotalStopsAtOnce() {
        TestChannel ch = running();
        ch.advance(Duration.ofMillis(3_040));
        Step past = ch.reading(PumpActivity.INFUSING, RATE, TOTAL + 1);
        assertEquals(InfusionState.COMPLETED, ch.state.infusion());
        assertTrue(past.commands().stream().anyMatch(c -> c instanceof PumpCommand.StopPump), past.commands().toString());
    }

    @Test
    @DisplayName("SR-A4: at the total at another rate (the pump's own keep-vein-open), the session completes and the "
            + "pump is stopped at once")
    void atTheTotalAtAnotherRateStopsAtOnce() {
        TestChannel ch = running();
        ch.advance(Duration.ofMillis(3_000));
        Step kvo = ch.reading(PumpActivity.INFUSING, 1_000, TOTAL);
        assertEquals(InfusionState.COMPLETED, ch.state.infusion());
        assertTrue(kvo.commands().stream().anyMatch(c -> c instanceof PumpCommand.StopPump), kvo.commands().toString());
    }
}
