package org.dosewarden.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.dosewarden.clock.ManualTimeSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pump power relay: energised to run, de-energised by each hold, on the mock provider's pins. */
class PowerRelayTest {

    @Test
    @DisplayName("run: released emergency stop, no fault -> energised (active-high pin high)")
    void energisedWhenRunning() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            assertEquals(Level.HIGH, rig.output(BedsideRig.RELAY));
            assertEquals(List.of(), rig.panel.status().relay().holds());
            assertTrue(rig.panel.status().relay().energised());
        }
    }

    @Test
    @DisplayName("SR-H2: start: de-energised until the emergency stop has read released for the debounce time")
    void deEnergisedUntilEmergencyStopRead() {
        try (BedsideRig rig = new BedsideRig()) {
            assertFalse(rig.relayEnergised());
            // The mock input starts low (released), so no change callback fires: the first poll is the first reading.
            rig.estopReleased();
            rig.step(Duration.ofMillis(1));
            assertEquals(List.of(RelayHold.EMERGENCY_STOP_NOT_YET_READ), rig.panel.status().relay().holds());
            assertFalse(rig.relayEnergised());
            long ms = rig.runUntil(rig::relayEnergised, Duration.ofMillis(100));
            assertEquals(20, ms, "energised once released has held for 20 ms since the first reading");
        }
    }

    @Test
    @DisplayName("SR-H2: emergency stop -> de-energised")
    void emergencyStopDeEnergises() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            rig.estopPressed();
            rig.run(Duration.ofMillis(20));
            assertFalse(rig.relayEnergised());
            assertEquals(Level.LOW, rig.output(BedsideRig.RELAY));
            assertEquals(List.of(RelayHold.EMERGENCY_STOP_PRESSED), rig.panel.status().relay().holds());
        }
    }

    @Test
    @DisplayName("SR-H2: channel FAULT with de-energise-on-fault -> de-energised until the fault clears")
    void faultDeEnergisesWhenConfigured() {
        try (BedsideRig rig = new BedsideRig("relay.de-energise-on-fault", "true").settled()) {
            assertTrue(rig.relayEnergised());
            rig.faulted = Set.of("b", "a");
            rig.step(Duration.ofMillis(1));
            assertFalse(rig.relayEnergised());
            var relay = rig.panel.status().relay();
            assertEquals(List.of(RelayHold.CHANNEL_FAULT), relay.holds());
            assertEquals(Set.of("a", "b"), relay.faultedChannels());
            rig.faulted = Set.of();
            rig.step(Duration.ofMillis(1));
            assertTrue(rig.relayEnergised());
        }
    }

    @Test
    @DisplayName("channel FAULT without de-energise-on-fault -> stays energised")
    void faultIgnoredWhenNotConfigured() {
        try (BedsideRig rig = new BedsideRig("relay.de-energise-on-fault", "false").settled()) {
            rig.faulted = Set.of("a");
            rig.run(Duration.ofMillis(10));
            assertTrue(rig.relayEnergised());
            assertEquals(List.of(), rig.panel.status().relay().holds());
        }
    }

    @Test
    @DisplayName("a failing fault source counts as a fault when de-energise-on-fault is on")
    void failingFaultSourceIsFault() {
        ManualTimeSource clock = new ManualTimeSource();
        GpioSettings s = settings("relay.de-energise-on-fault", "true", "emergency-stop.enabled", "false");
        var ports = new BedsidePanel.Ports(BedsidePanel.Ports.unconnected().emergencyStop(),
                () -> AlarmSignalPriority.NONE, now -> new ChannelHealthSource.ChannelHealth(List.of(), List.of()),
                () -> {
                    throw new IllegalStateException("channel layer broken");
                });
        try (BedsidePanel panel = BedsidePanel.open(s, Pi4jBoard.open(Pi4jBoard.Provider.MOCK, null), clock, ports)) {
            panel.poll();
            assertEquals(List.of(RelayHold.CHANNEL_FAULT), panel.status().relay().holds());
            assertEquals(Level.LOW, panel.status().relay().level());
        }
    }

    @Test
    @DisplayName("SR-H2: daemon shutdown -> de-energised, and stays so")
    void shutdownDeEnergises() {
        BedsideRig rig = new BedsideRig().settled();
        assertTrue(rig.relayEnergised());
        var relayPin = rig.board.pi4jOutput(BedsideRig.RELAY).orElseThrow();
        rig.close();
        assertEquals(com.pi4j.io.gpio.digital.DigitalState.LOW, relayPin.state());
        assertEquals(List.of(RelayHold.SHUTDOWN), rig.panel.status().relay().holds());
        assertFalse(rig.panel.status().relay().energised());
        rig.panel.poll(); // a late poll after shutdown does nothing
        assertEquals(com.pi4j.io.gpio.digital.DigitalState.LOW, relayPin.state());
    }

    @Test
    @DisplayName("active-low relay driver: energised = low, de-energised = high")
    void activeLowRelay() {
        try (BedsideRig rig = new BedsideRig("relay.active-level", "low")) {
            assertEquals(Level.HIGH, rig.output(BedsideRig.RELAY), "starts de-energised");
            rig.settled();
            assertEquals(Level.LOW, rig.output(BedsideRig.RELAY));
            rig.estopPressed();
            rig.run(Duration.ofMillis(20));
            assertEquals(Level.HIGH, rig.output(BedsideRig.RELAY));
        }
    }

    @Test
    @DisplayName("SR-H2, SR-H3: a failed poll de-energises the relay and stops the heartbeat until the next good poll")
    void pollFailureDeEnergisesUntilGoodPoll() {
        ManualTimeSource clock = new ManualTimeSource();
        FlakyBoard board = new FlakyBoard();
        GpioSettings s = settings("emergency-stop.enabled", "false", "heartbeat.enabled", "true");
        ChannelLiveness liveness = new ChannelLiveness(clock);
        liveness.register("a", Duration.ofSeconds(3));
        var ports = new BedsidePanel.Ports(BedsidePanel.Ports.unconnected().emergencyStop(),
                () -> AlarmSignalPriority.NONE, liveness, Set::of);
        try (BedsidePanel panel = BedsidePanel.open(s, board, clock, ports)) {
            GpioLoop loop = new GpioLoop(panel, s.pollInterval());
            loop.pollOnce();
            assertEquals(Level.HIGH, board.levels.get(17), "relay energised");
            board.failNextBuzzerWrite = true;
            loop.pollOnce(); // throws inside; the loop must catch it
            assertEquals(Level.LOW, board.levels.get(17), "relay de-energised after a failed poll");
            assertEquals(Level.LOW, board.levels.get(25), "heartbeat held");
            var status = panel.status();
            assertEquals(1, status.poll().failures());
            assertTrue(status.poll().lastFailure().contains("buzzer driver gone"), status.poll().lastFailure());
            assertEquals(List.of(RelayHold.GPIO_LOOP_FAILURE), status.relay().holds());
            clock.advance(Duration.ofMillis(5));
            loop.pollOnce();
            assertEquals(Level.HIGH, board.levels.get(17), "a good poll restores power");
        }
    }

    @Test
    @DisplayName("a pin that cannot be claimed closes the board and fails the open")
    void claimFailureClosesBoard() {
        FlakyBoard board = new FlakyBoard();
        board.refuseClaims = true;
        assertThrows(IllegalStateException.class, () -> BedsidePanel.open(settings(), board, new ManualTimeSource(),
                BedsidePanel.Ports.unconnected()));
        assertTrue(board.closed);
    }

    private static GpioSettings settings(String... overrides) {
        java.util.Map<String, String> props = new java.util.HashMap<>(java.util.Map.of("enabled", "true",
                "relay.enabled", "true", "emergency-stop.enabled", "true", "buzzer.enabled", "true"));
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        return GpioSettings.read(key -> java.util.Optional.ofNullable(props.get(key)));
    }

    /** A board whose pins are plain fields, to make one write fail on purpose. */
    private static final class FlakyBoard implements GpioBoard {
        final java.util.Map<Integer, Level> levels = new java.util.HashMap<>();
        boolean failNextBuzzerWrite;
        boolean refuseClaims;
        boolean closed;

        @Override
        public String provider() {
            return "flaky";
        }

        @Override
        public InputPin input(String id, int bcm, Pull pull) {
            throw new UnsupportedOperationException("no inputs on this board");
        }

        @Override
        public OutputPin output(String id, int bcm, Level initial, Level onRelease) {
            if (refuseClaims) {
                throw new IllegalStateException("pin " + bcm + " busy");
            }
            levels.put(bcm, initial);
            return new OutputPin() {
                @Override
                public int bcm() {
                    return bcm;
                }

                @Override
                public void drive(Level level) {
                    if (bcm == 24 && failNextBuzzerWrite) {
                        failNextBuzzerWrite = false;
                        throw new IllegalStateException("buzzer driver gone");
                    }
                    levels.put(bcm, level);
                }

                @Override
                public Level level() {
                    return levels.get(bcm);
                }
            };
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
