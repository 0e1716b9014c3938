package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SR-A3/SR-D2 readback while running: the rate the pump reports must be the programmed one within the pump's
 * resolution (0.1 mL/h here), either way; one µL/h beyond it stops the pump with the numbers in the alarm.
 */
class RateReadbackTest {

    private static final long PROGRAMMED = 60_000;

    private static TestChannel running() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 0);
        ch.program(InterlockTest.short60("rb"));
        ch.start();
        ch.advance(Duration.ofSeconds(1));
        return ch;
    }

    @ParameterizedTest(name = "reported {0} µL/h")
    @ValueSource(longs = {PROGRAMMED - 100, PROGRAMMED, PROGRAMMED + 100})
    @DisplayName("SR-A3: a reported rate within one resolution step of the programmed rate is accepted")
    void withinResolutionRuns(long reported) {
        TestChannel ch = running();
        Step s = ch.reading(PumpActivity.INFUSING, reported, 16);
        // The 5 min plan is within the near-end lead from its first running check: that advisory (SR-C5) is all.
        assertTrue(s.alarmsRaised().stream().allMatch(a -> a.type() == AlarmType.NEAR_END),
                String.valueOf(s.alarmsRaised()));
        assertFalse(s.commands().contains(PumpCommand.STOP));
        assertEquals(InfusionState.RUNNING, s.state().infusion());
    }

    @ParameterizedTest(name = "reported {0} µL/h")
    @ValueSource(longs = {PROGRAMMED - 101, PROGRAMMED + 101, 2 * PROGRAMMED})
    @DisplayName("SR-A3 SR-D2 SR-D5: a reported rate beyond the resolution stops the pump with a high RATE_MISMATCH alarm")
    void beyondResolutionStops(long reported) {
        TestChannel ch = running();
        Step s = ch.reading(PumpActivity.INFUSING, reported, 16);
        assertTrue(s.commands().contains(PumpCommand.STOP), "pump stopped: " + s.commands());
        Alarm a = s.alarmsRaised().stream().filter(x -> x.type() == AlarmType.RATE_MISMATCH).findFirst().orElseThrow();
        assertEquals(AlarmPriority.HIGH, a.priority());
        assertEquals("pump reports " + org.dosewarden.dose.quantity.FlowRate.ofMicrolitresPerHour(reported)
                + ", programmed 60 mL/h (tolerance 0.1 mL/h)", a.detail());
        assertEquals(InfusionState.FAULT, s.state().infusion());
    }
}
