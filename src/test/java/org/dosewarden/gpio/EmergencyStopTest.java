package org.dosewarden.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.io.gpio.digital.DigitalState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Emergency-stop input: debounce on virtual time, fail-safe wiring, latch until a clinician resets. */
class EmergencyStopTest {

    private static final Duration MS = Duration.ofMillis(1);

    @Test
    @DisplayName("a press is reported exactly when it has held for the debounce time, and only once")
    void pressReportedWithinDebounce() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            assertTrue(rig.relayEnergised());
            rig.estopPressed();
            Instant pressedAt = rig.clock.wallTime();
            for (int ms = 1; ms < 20; ms++) {
                rig.step(MS);
                assertEquals(List.of(), rig.stopEvents, "reported after only " + ms + " ms");
                assertTrue(rig.relayEnergised(), "relay dropped before the debounce at " + ms + " ms");
            }
            long decidedAt = rig.clock.monotonicNanos() + MS.toNanos();
            rig.step(MS);
            assertEquals(List.of("pressed@" + pressedAt.plusMillis(20)), rig.stopEvents);
            assertEquals(decidedAt, rig.stopMoments.getFirst().monotonicNanos(), "the event carries the decision moment");
            assertFalse(rig.relayEnergised());
            rig.run(Duration.ofMillis(200));
            assertEquals(1, rig.stopEvents.size(), "a held button is one press");
        }
    }

    @Test
    @DisplayName("with a 5 ms poll a press is reported no later than debounce plus one poll")
    void pressReportedWithinDebouncePlusOnePoll() {
        try (BedsideRig rig = new BedsideRig("emergency-stop.debounce", "20ms").settled()) {
            rig.clock.advance(Duration.ofMillis(2));
            rig.estopPressed(); // between two polls: the change callback starts the debounce window
            long elapsedMs = 0;
            while (rig.stopEvents.isEmpty()) {
                rig.step(Duration.ofMillis(5));
                elapsedMs += 5;
                assertTrue(elapsedMs <= 25, "not reported within debounce + one poll");
            }
            assertTrue(elapsedMs >= 20, "reported before the debounce time: " + elapsedMs);
        }
    }

    @Test
    @DisplayName("bounces shorter than the debounce are ignored: no stop, relay stays energised")
    void shortBouncesIgnored() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            // Contact chatter: open for 19 ms, 5 ms, 1 ms, 12 ms with closed stretches between.
            int[][] pattern = {{19, 3}, {5, 10}, {1, 1}, {12, 40}};
            for (int[] p : pattern) {
                rig.estopPressed();
                rig.run(Duration.ofMillis(p[0]));
                rig.estopReleased();
                rig.run(Duration.ofMillis(p[1]));
            }
            rig.run(Duration.ofMillis(100));
            assertEquals(List.of(), rig.stopEvents);
            assertTrue(rig.relayEnergised());
            assertEquals(ButtonState.RELEASED, rig.panel.status().emergencyStop().state());
        }
    }

    @Test
    @DisplayName("a chattering press counts from its last bounce")
    void chatteringPressSettlesAfterLastBounce() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            for (int i = 0; i < 5; i++) {
                rig.estopPressed();
                rig.run(Duration.ofMillis(3));
                rig.estopReleased();
                rig.run(Duration.ofMillis(2));
            }
            rig.estopPressed();
            long ms = rig.runUntil(() -> !rig.stopEvents.isEmpty(), Duration.ofMillis(100));
            assertEquals(20, ms);
        }
    }

    @Test
    @DisplayName("SR-H1: a broken wire reads as pressed: the pull-up pulls the open input high")
    void wireBreakIsPress() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            // The mock provider has no resistors; it is set to the level the configured pull-up gives an open
            // circuit, which the settings check guarantees is the pressed level.
            Level openCircuit = rig.settings.emergencyStop().pull().openCircuitLevel();
            assertEquals(rig.settings.emergencyStop().pressedLevel(), openCircuit);
            rig.input(BedsideRig.ESTOP, openCircuit);
            rig.run(Duration.ofMillis(25));
            assertEquals(List.of("pressed"), rig.stopEventKinds());
            assertFalse(rig.relayEnergised());
            assertEquals(EmergencyStopReset.STILL_PRESSED, rig.panel.resetEmergencyStop());
        }
    }

    @Test
    @DisplayName("SR-H1: an unreadable emergency-stop pin counts as pressed")
    void unreadablePinIsPress() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            rig.input(BedsideRig.ESTOP, DigitalState.UNKNOWN);
            rig.run(Duration.ofMillis(25));
            assertEquals(List.of("pressed"), rig.stopEventKinds());
            assertFalse(rig.relayEnergised());
            assertTrue(rig.panel.status().emergencyStop().readFailure().contains("UNKNOWN"),
                    rig.panel.status().emergencyStop().toString());
        }
    }

    @Test
    @DisplayName("SR-H1, SR-H2: an emergency stop that is pressed at start is reported and the relay never energises")
    void pressedAtStart() {
        try (BedsideRig rig = new BedsideRig()) {
            rig.estopPressed();
            rig.confirmReleased();
            assertFalse(rig.relayEnergised(), "relay must start de-energised");
            rig.run(Duration.ofMillis(100));
            assertEquals(List.of("pressed"), rig.stopEventKinds());
            assertFalse(rig.relayEnergised());
        }
    }

    @Test
    @DisplayName("no release is reported for a button that was never pressed")
    void settlingReleasedAtStartIsNotAnEvent() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            assertEquals(List.of(), rig.stopEvents);
        }
    }

    @Test
    @DisplayName("SR-H1: after release the stop stays latched until a clinician resets it; reset while pressed is "
            + "refused")
    void latchedUntilReset() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            assertEquals(EmergencyStopReset.NOT_LATCHED, rig.panel.resetEmergencyStop());
            rig.estopPressed();
            rig.run(Duration.ofMillis(30));
            assertEquals(EmergencyStopReset.STILL_PRESSED, rig.panel.resetEmergencyStop());
            rig.estopReleased();
            rig.run(Duration.ofMillis(30));
            assertEquals(List.of("pressed", "released"), rig.stopEventKinds());
            assertFalse(rig.relayEnergised(), "release alone must not restore pump power");
            assertEquals(List.of(RelayHold.EMERGENCY_STOP_AWAITING_RESET), rig.panel.status().relay().holds());
            assertTrue(rig.panel.status().emergencyStop().latched());

            assertEquals(EmergencyStopReset.RESET, rig.panel.resetEmergencyStop());
            rig.step(MS);
            assertTrue(rig.relayEnergised());
            assertFalse(rig.panel.status().emergencyStop().latched());
        }
    }

    @Test
    @DisplayName("SR-H2: a failing emergency-stop listener does not keep the relay energised")
    void listenerFailureStillDropsRelay() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            rig.listenerThrows = true;
            rig.estopPressed();
            rig.run(Duration.ofMillis(25));
            assertFalse(rig.relayEnergised());
            assertEquals(1, rig.panel.status().poll().listenerFailures());
        }
    }

    @Test
    @DisplayName("SR-H1: a pull that would make a broken wire read released is refused at startup")
    void pullAwayFromPressedLevelRefused() {
        var e = assertThrows(GpioSettings.InvalidGpioConfiguration.class, () -> GpioSettings.read(key ->
                Optional.ofNullable(Map.of("emergency-stop.enabled", "true", "emergency-stop.pull", "down")
                        .get(key))));
        assertTrue(e.getMessage().contains("dosewarden.gpio.emergency-stop.pull is down but pressed-level is high"),
                e.getMessage());
    }
}
