package org.dosewarden.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Hardware-watchdog heartbeat: toggles only while every registered channel loop reports in time. */
class HeartbeatTest {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    /** Runs {@code total} of virtual time, beating {@code beating} channels every 500 ms; returns pin transitions. */
    private static int runBeating(BedsideRig rig, Duration total, List<ChannelLiveness.Registration> beating) {
        int transitions = 0;
        Level last = rig.output(BedsideRig.HEARTBEAT);
        for (long ms = 1; ms <= total.toMillis(); ms++) {
            if (ms % 500 == 0) {
                beating.forEach(ChannelLiveness.Registration::beat);
            }
            rig.step(Duration.ofMillis(1));
            Level now = rig.output(BedsideRig.HEARTBEAT);
            if (now != last) {
                transitions++;
            }
            last = now;
        }
        return transitions;
    }

    @Test
    @DisplayName("SR-H3: toggles every 100 ms while all channel loops are alive")
    void togglesWhileAlive() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            var a = rig.liveness.register("a", Duration.ofSeconds(2));
            var b = rig.liveness.register("b", Duration.ofSeconds(2));
            int transitions = runBeating(rig, Duration.ofSeconds(10), List.of(a, b));
            assertEquals(100, transitions, "10 s at one toggle per 100 ms");
            assertTrue(rig.panel.status().heartbeat().toggling());
            assertEquals(List.of("a", "b"), rig.panel.status().heartbeat().channels());
        }
    }

    @Test
    @DisplayName("SR-H3: stops when one channel loop stalls beyond its allowed quiet time, resumes when it recovers")
    void stopsWhenAChannelStallsAndResumes() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            var a = rig.liveness.register("a", Duration.ofSeconds(2));
            var b = rig.liveness.register("b", Duration.ofSeconds(2));
            assertTrue(runBeating(rig, ONE_SECOND, List.of(a, b)) > 0);

            // b stalls: last beat at 1 s; overdue once more than 2 s have passed.
            int whileWithinQuiet = runBeating(rig, Duration.ofMillis(1900), List.of(a));
            assertTrue(whileWithinQuiet >= 18, "still toggling within the allowed quiet time: " + whileWithinQuiet);
            runBeating(rig, Duration.ofMillis(200), List.of(a));
            var status = rig.panel.status().heartbeat();
            assertFalse(status.toggling());
            assertEquals(List.of("b"), status.overdueChannels());
            assertEquals(0, runBeating(rig, Duration.ofSeconds(5), List.of(a)), "no toggling while b is stalled");
            assertEquals(Level.LOW, rig.output(BedsideRig.HEARTBEAT), "held low, a defined level for the watchdog");

            b.beat();
            int afterRecovery = runBeating(rig, ONE_SECOND, List.of(a, b));
            assertEquals(10, afterRecovery, "toggling again after recovery");
            assertEquals(List.of(), rig.panel.status().heartbeat().overdueChannels());
        }
    }

    @Test
    @DisplayName("SR-H3: a loop still rebuilding its channel from the journal does not supervise its pump: its progress"
            + " keeps it out of the stalled, never the heartbeat going")
    void replayProgressIsNoBeat() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            var a = rig.liveness.register("a", Duration.ofSeconds(2));
            var b = rig.liveness.register("b", Duration.ofSeconds(2));
            int transitions = 0;
            Level last = rig.output(BedsideRig.HEARTBEAT);
            for (long ms = 1; ms <= 6_000; ms++) {
                if (ms % 500 == 0) {
                    a.beat();
                    b.progress();  // b replays its journal for 6 s and has not completed a cycle
                }
                rig.step(Duration.ofMillis(1));
                Level now = rig.output(BedsideRig.HEARTBEAT);
                transitions += now != last ? 1 : 0;
                last = now;
            }
            var status = rig.panel.status().heartbeat();
            assertFalse(status.toggling());
            assertEquals(List.of("b"), status.overdueChannels());
            assertTrue(transitions <= 21, "toggled only in b's first 2 s: " + transitions);
            var health = rig.liveness.check(rig.clock.monotonicNanos());
            assertEquals(List.of("b"), health.recovering());
            assertEquals(List.of(), health.stalled(), "b is working, not stuck");

            b.beat();  // the first cycle
            assertEquals(10, runBeating(rig, ONE_SECOND, List.of(a, b)));
        }
    }

    @Test
    @DisplayName("SR-H3: no registered channel loop -> no heartbeat (nothing supervises a pump)")
    void noChannelsNoHeartbeat() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            assertEquals(0, runBeating(rig, ONE_SECOND, List.of()));
            var a = rig.liveness.register("a", Duration.ofSeconds(2));
            assertEquals(10, runBeating(rig, ONE_SECOND, List.of(a)));
            a.close();
            assertEquals(0, runBeating(rig, ONE_SECOND, List.of()), "an orderly stopped loop no longer counts");
        }
    }

    @Test
    @DisplayName("a channel id registers once; the allowed quiet time must be positive")
    void registrationRules() {
        try (BedsideRig rig = new BedsideRig()) {
            rig.liveness.register("a", ONE_SECOND);
            var dup = assertThrows(IllegalArgumentException.class, () -> rig.liveness.register("a", ONE_SECOND));
            assertEquals("channel a is already registered for liveness", dup.getMessage());
            var zero = assertThrows(IllegalArgumentException.class,
                    () -> rig.liveness.register("b", Duration.ZERO));
            assertEquals("allowed quiet time of channel b must be more than zero: PT0S", zero.getMessage());
        }
    }
}
