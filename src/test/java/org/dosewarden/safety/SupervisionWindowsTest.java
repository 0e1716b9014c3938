package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Where exactly each running window of the supervision lies (SR-A5, SR-A6, SR-A7), with the default settings:
 * the reading one µL or one instant short of a limit passes, the next one raises the alarm a clinician sees, with
 * its numbers. Program: 5 mL at 60 mL/h (5 min); readings are fed at exact virtual times.
 */
class SupervisionWindowsTest {

    private static final long RATE = 60_000;

    /** Started at virtual time 0 of the segment; the pump reported stopped at counter 0 before. */
    private static TestChannel started() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 0);
        ch.program(InterlockTest.short60("win"));
        ch.start();
        return ch;
    }

    private static Alarm raised(Step s, AlarmType type) {
        return s.alarmsRaised().stream().filter(a -> a.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " raised: " + s.alarmsRaised()));
    }

    private static boolean raises(Step s, AlarmType type) {
        return s.alarmsRaised().stream().anyMatch(a -> a.type() == type);
    }

    @Test
    @DisplayName("SR-A5: over the segment, 10 % above rate × time is allowed and one µL more trips (at 60 s: 1.1 mL)")
    void overInfusionPermilleBoundary() {
        TestChannel ch = started();
        ch.advance(Duration.ofSeconds(60));
        Step atLimit = ch.reading(PumpActivity.INFUSING, RATE, 1_100);
        assertFalse(raises(atLimit, AlarmType.OVER_INFUSION), String.valueOf(atLimit.alarmsRaised()));
        assertEquals(InfusionState.RUNNING, atLimit.state().infusion());

        TestChannel over = started();
        over.advance(Duration.ofSeconds(60));
        Step s = over.reading(PumpActivity.INFUSING, RATE, 1_101);
        Alarm a = raised(s, AlarmType.OVER_INFUSION);
        assertEquals(AlarmPriority.HIGH, a.priority());
        assertEquals("delivered 1.101 mL in 60000 ms at 60 mL/h; expected 1 mL, allowed 1.1 mL", a.detail());
        assertTrue(s.commands().contains(PumpCommand.STOP));
        assertEquals(InfusionState.TRIPPED, s.state().infusion());
    }

    @Test
    @DisplayName("SR-A5: early in a segment the 100 µL allowance, not the 10 %, is the limit (at 10 s: 0.267 mL)")
    void overInfusionAbsoluteBoundary() {
        TestChannel ch = started();
        ch.advance(Duration.ofSeconds(10));
        assertFalse(raises(ch.reading(PumpActivity.INFUSING, RATE, 267), AlarmType.OVER_INFUSION));

        TestChannel over = started();
        over.advance(Duration.ofSeconds(10));
        Step s = over.reading(PumpActivity.INFUSING, RATE, 268);
        assertEquals("delivered 0.268 mL in 10000 ms at 60 mL/h; expected 0.167 mL, allowed 0.267 mL",
                raised(s, AlarmType.OVER_INFUSION).detail());
        assertTrue(s.commands().contains(PumpCommand.STOP));
    }

    @Test
    @DisplayName("SR-A5: a burst in the last minute trips on the rolling window even while the whole segment is within 10 %")
    void overInfusionRollingWindowBoundary() {
        for (long counter : new long[] {2_100, 2_101}) {
            TestChannel ch = started();
            ch.advance(Duration.ofSeconds(60));
            assertFalse(raises(ch.reading(PumpActivity.INFUSING, RATE, 1_000), AlarmType.OVER_INFUSION));
            ch.advance(Duration.ofSeconds(60));
            // Whole segment: 2.1 mL against 2 mL expected, 2.2 mL allowed. Last minute: 1.1 mL allowed.
            Step s = ch.reading(PumpActivity.INFUSING, RATE, counter);
            if (counter == 2_100) {
                assertFalse(raises(s, AlarmType.OVER_INFUSION), String.valueOf(s.alarmsRaised()));
                assertEquals(InfusionState.RUNNING, s.state().infusion());
            } else {
                assertEquals("delivered 1.101 mL in the last 60000 ms at 60 mL/h; allowed 1.1 mL",
                        raised(s, AlarmType.OVER_INFUSION).detail());
                assertTrue(s.commands().contains(PumpCommand.STOP));
            }
        }
    }

    @Test
    @DisplayName("SR-A6: no progress while running warns at exactly 2 min and alarms at exactly 5 min, not a reading earlier")
    void noProgressWindows() {
        TestChannel ch = started();
        ch.advance(Duration.ofSeconds(1));
        ch.reading(PumpActivity.INFUSING, RATE, 16); // last progress at t = 1 s
        boolean warned = false;
        boolean alarmed = false;
        for (int t = 2; t <= 301; t++) {
            ch.advance(Duration.ofSeconds(1));
            Step s = ch.reading(PumpActivity.INFUSING, RATE, 16);
            int still = t - 1;
            if (raises(s, AlarmType.NO_PROGRESS_WARNING)) {
                assertEquals(120, still, "warning after " + still + " s");
                assertEquals("no volume delivered for 120 s while running", raised(s, AlarmType.NO_PROGRESS_WARNING).detail());
                warned = true;
            }
            if (raises(s, AlarmType.NO_PROGRESS)) {
                assertEquals(300, still, "alarm after " + still + " s");
                Alarm a = raised(s, AlarmType.NO_PROGRESS);
                assertEquals(AlarmPriority.MEDIUM, a.priority());
                assertEquals("no volume delivered for 300 s while running", a.detail());
                alarmed = true;
            }
        }
        assertTrue(warned && alarmed, "warned " + warned + ", alarmed " + alarmed);
        ch.advance(Duration.ofSeconds(1));
        Step moving = ch.reading(PumpActivity.INFUSING, RATE, 17);
        assertTrue(moving.alarmsCleared().stream().anyMatch(a -> a.type() == AlarmType.NO_PROGRESS_WARNING),
                "progress clears the warning: " + moving.alarmsCleared());
    }

    @Test
    @DisplayName("SR-A6: a step may run 25 % plus the 30 s grace longer than planned (5 min: 405 s); a moment more alarms")
    void stepDurationBoundary() {
        TestChannel ch = started();
        long counter = 0;
        for (int t = 1; t <= 405; t++) {
            ch.advance(Duration.ofSeconds(1));
            counter += 10; // slow, but moving: no other running alarm stops it
            Step s = ch.reading(PumpActivity.INFUSING, RATE, counter);
            assertFalse(raises(s, AlarmType.STEP_DURATION_EXCEEDED), "at " + t + " s: " + s.alarmsRaised());
        }
        ch.advance(Duration.ofMillis(1));
        Step s = ch.reading(PumpActivity.INFUSING, RATE, counter + 1);
        Alarm a = raised(s, AlarmType.STEP_DURATION_EXCEEDED);
        assertEquals("step 1 has run 405 s, planned 300 s", a.detail());
        assertEquals("step 1", a.subject());
        assertEquals(InfusionState.RUNNING, s.state().infusion(), "a warning: the infusion goes on");
    }

    @Test
    @DisplayName("SR-A6 SR-A7: under-infusion is judged after the 30 s grace and warns after it persisted exactly 5 min")
    void underInfusionWindow() {
        TestChannel ch = started();
        boolean warned = false;
        for (int t = 1; t <= 400 && !warned; t++) {
            ch.advance(Duration.ofSeconds(1));
            Step s = ch.reading(PumpActivity.INFUSING, RATE, t); // 1 µL/s: far below 16.7 µL/s
            if (raises(s, AlarmType.UNDER_INFUSION)) {
                // Below expected from t = 45 s on (30 s grace, then the 200 µL allowance runs out); 5 min later:
                assertEquals(45 + 300, t, "warned at " + t + " s");
                assertEquals(AlarmPriority.LOW, raised(s, AlarmType.UNDER_INFUSION).priority());
                warned = true;
            }
        }
        assertTrue(warned);
    }
}
