package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hazard H-13 (clock jump): the core judges every window, timeout and grace on the monotonic time each event carries;
 * the wall clock only stamps records. A wall clock stepped back or forward mid-infusion must change no decision.
 */
class ClockJumpTest {

    /** What the pump was told and which alarms were raised, in order: everything that is not a timestamp. */
    static List<String> decisions(SimulatedChannel sim) {
        List<String> out = new ArrayList<>();
        for (Step step : sim.ch.steps) {
            step.commands().forEach(c -> out.add(c.toString()));
            step.alarmsRaised().forEach(a -> out.add(a.type() + " " + a.subject()));
            out.add(step.state().infusion().name());
        }
        return out;
    }

    static SimulatedChannel session(boolean jumps, boolean stallAt25Minutes) {
        SimulatedChannel sim = new SimulatedChannel();
        sim.program(TestChannel.ketamine(null));
        sim.start();
        sim.run(Duration.ofMinutes(10));
        if (jumps) {
            sim.ch.wallShift = Duration.ofHours(-1);   // NTP steps the clock back an hour
        }
        sim.run(Duration.ofMinutes(10));
        if (jumps) {
            sim.ch.wallShift = Duration.ofDays(2);     // then someone sets it two days ahead
        }
        sim.run(Duration.ofMinutes(5));
        if (stallAt25Minutes) {
            sim.silence(true);
            sim.run(Duration.ofSeconds(3));
            sim.silence(false);
        }
        sim.run(Duration.ofMinutes(20));
        return sim;
    }

    @Test
    @DisplayName("SR-A7, SR-A5: wall-clock jumps back an hour and forward two days mid-infusion change no delivery "
            + "decision; the session completes exactly as without them")
    void wallClockJumpsChangeNoDecision() {
        SimulatedChannel steady = session(false, false);
        SimulatedChannel jumping = session(true, false);
        assertEquals(InfusionState.COMPLETED, jumping.state().infusion());
        assertEquals(35_000, jumping.state().delivered().microlitres(), "the worked example's 35 mL");
        assertEquals(decisions(steady), decisions(jumping));
        assertFalse(jumping.ch.hasAlarm(AlarmType.OVER_INFUSION));
        assertFalse(jumping.ch.hasAlarm(AlarmType.LINK_LOST));
        assertFalse(jumping.ch.hasAlarm(AlarmType.UNDER_INFUSION));
    }

    @Test
    @DisplayName("SR-D1: after a wall-clock jump the link timeout still fires on monotonic time (2 s of silence), "
            + "exactly as without the jump")
    void linkTimeoutOnMonotonicTime() {
        SimulatedChannel steady = session(false, true);
        SimulatedChannel jumping = session(true, true);
        assertTrue(jumping.ch.steps.stream().anyMatch(s -> s.alarmsRaised().stream()
                .anyMatch(a -> a.type() == AlarmType.LINK_LOST)), "the silence was noticed");
        assertEquals(decisions(steady), decisions(jumping));
    }
}
