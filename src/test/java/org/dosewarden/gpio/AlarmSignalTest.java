package org.dosewarden.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Beacon and buzzer on the mock provider, measured on virtual time: 10 virtual seconds sampled every millisecond,
 * counting transitions of the real output pins. IEC 60601-1-8 ranges: high 1.4-2.8 Hz, medium 0.4-0.8 Hz, duty
 * 20-60 %, low steady.
 */
class AlarmSignalTest {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    @DisplayName("SR-H4: high priority: red flashes at 2 Hz with 50 % duty, yellow dark")
    void highPriorityRedTwoHertz() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            rig.channelAlarms = AlarmSignalPriority.HIGH;
            boolean[] red = rig.trace(BedsideRig.RED, Level.HIGH, TEN_SECONDS);
            double hz = BedsideRig.flashes(red) / 10.0;
            assertEquals(2.0, hz, 1e-9);
            assertTrue(hz >= 1.4 && hz <= 2.8, "IEC 60601-1-8 high priority range: " + hz);
            assertEquals(0.5, BedsideRig.duty(red), 0.01);
            assertEquals(Level.LOW, rig.output(BedsideRig.YELLOW));
            assertEquals(AlarmSignalPriority.HIGH, rig.panel.status().alarmSignals().priority());
        }
    }

    @Test
    @DisplayName("SR-H4: medium priority: yellow flashes at 0.5 Hz with 50 % duty, red dark")
    void mediumPriorityYellowHalfHertz() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            rig.channelAlarms = AlarmSignalPriority.MEDIUM;
            boolean[] yellow = rig.trace(BedsideRig.YELLOW, Level.HIGH, TEN_SECONDS);
            double hz = BedsideRig.flashes(yellow) / 10.0;
            assertEquals(0.5, hz, 0.01);
            assertTrue(hz >= 0.4 && hz <= 0.8, "IEC 60601-1-8 medium priority range: " + hz);
            assertEquals(0.5, BedsideRig.duty(yellow), 0.01);
            assertEquals(Level.LOW, rig.output(BedsideRig.RED));
        }
    }

    @Test
    @DisplayName("SR-H4: low priority: yellow steady, red dark")
    void lowPrioritySteadyYellow() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            rig.channelAlarms = AlarmSignalPriority.LOW;
            boolean[] yellow = rig.trace(BedsideRig.YELLOW, Level.HIGH, TEN_SECONDS);
            assertEquals(0, BedsideRig.transitions(yellow));
            assertEquals(1.0, BedsideRig.duty(yellow));
            assertEquals(Level.LOW, rig.output(BedsideRig.RED));
        }
    }

    @Test
    @DisplayName("no alarm: beacon dark, buzzer silent")
    void noAlarmDark() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            boolean[] red = rig.trace(BedsideRig.RED, Level.HIGH, Duration.ofSeconds(2));
            assertEquals(0.0, BedsideRig.duty(red));
            assertEquals(Level.LOW, rig.output(BedsideRig.YELLOW));
            assertEquals(Level.LOW, rig.output(BedsideRig.BUZZER));
        }
    }

    @Test
    @DisplayName("SR-H4: the highest active priority wins: a pressed emergency stop shows high over a medium channel "
            + "alarm")
    void highestPriorityWins() {
        try (BedsideRig rig = new BedsideRig().settled()) {
            rig.channelAlarms = AlarmSignalPriority.MEDIUM;
            rig.run(Duration.ofMillis(300));
            assertEquals(Level.HIGH, rig.output(BedsideRig.YELLOW));
            rig.estopPressed();
            rig.run(Duration.ofMillis(20));
            boolean[] red = rig.trace(BedsideRig.RED, Level.HIGH, TEN_SECONDS);
            assertEquals(2.0, BedsideRig.flashes(red) / 10.0, 0.11);
            assertEquals(Level.LOW, rig.output(BedsideRig.YELLOW));
            assertEquals(AlarmSignalPriority.HIGH, rig.panel.status().alarmSignals().priority());
        }
    }

    @Test
    @DisplayName("SR-H4: a failing alarm source shows high priority")
    void failingAlarmSourceIsHigh() {
        var clock = new org.dosewarden.clock.ManualTimeSource();
        GpioSettings s = GpioSettings.read(key -> java.util.Optional.ofNullable(java.util.Map.of(
                "enabled", "true", "beacon.enabled", "true").get(key)));
        var ports = new BedsidePanel.Ports(BedsidePanel.Ports.unconnected().emergencyStop(), () -> {
            throw new IllegalStateException("alarm table unavailable");
        }, now -> new ChannelHealthSource.ChannelHealth(java.util.List.of(), java.util.List.of()), java.util.Set::of);
        try (BedsidePanel panel = BedsidePanel.open(s, Pi4jBoard.open(Pi4jBoard.Provider.MOCK, null), clock, ports)) {
            panel.poll();
            assertEquals(AlarmSignalPriority.HIGH, panel.status().alarmSignals().priority());
            assertTrue(panel.status().alarmSignals().red());
        }
    }

    @Test
    @DisplayName("buzzer: high = 10 pulses every 7 s, medium = 3 every 8 s, low = 2 every 20 s")
    void buzzerBursts() {
        assertBuzzer(AlarmSignalPriority.HIGH, Duration.ofSeconds(14), 20, 150);
        assertBuzzer(AlarmSignalPriority.MEDIUM, Duration.ofSeconds(16), 6, 200);
        assertBuzzer(AlarmSignalPriority.LOW, Duration.ofSeconds(40), 4, 200);
    }

    private static void assertBuzzer(AlarmSignalPriority priority, Duration twoCycles, int pulses, int pulseMs) {
        try (BedsideRig rig = new BedsideRig().settled()) {
            rig.channelAlarms = priority;
            // Samples at 0 .. two periods - 1 ms after the priority became active: exactly two bursts.
            boolean[] buzz = rig.trace(BedsideRig.BUZZER, Level.HIGH, twoCycles);
            assertEquals(pulses, BedsideRig.flashes(buzz), priority + " pulses in two cycles");
            double onMs = BedsideRig.duty(buzz) * buzz.length;
            assertEquals(pulses * pulseMs, onMs, 0.5, priority + " total sounding time");
        }
    }

    @Test
    @DisplayName("a buzzer burst does not fit its period -> refused with the numbers")
    void burstMustFitPeriod() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SignalPattern.burst(java.util.List.of(3), Duration.ofMillis(200), Duration.ofMillis(100),
                        Duration.ofMillis(100), Duration.ofMillis(700)));
        assertEquals("burst of 800 ms does not fit into a period of 700 ms", e.getMessage());
        assertFalse(SignalPattern.steady(false).isOn(123));
    }
}
