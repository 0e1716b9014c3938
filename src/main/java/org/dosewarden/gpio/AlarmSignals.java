package org.dosewarden.gpio;

import java.time.Duration;
import java.util.List;

/**
 * The bedside alarm signals per priority, after IEC 60601-1-8, as pure functions of priority and time since the
 * priority became the highest active one.
 *
 * <p>Visual (beacon with a red and a yellow lamp): high = red flashing 2 Hz (allowed 1.4-2.8 Hz), medium = yellow
 * flashing 0.5 Hz (allowed 0.4-0.8 Hz), both 50 % duty (allowed 20-60 %); low = yellow steady.
 *
 * <p>Auditory (a single-tone active buzzer, so the standard's pitch and harmonic requirements cannot be met; the
 * buzzer is a supplementary signal, not a certified alarm system): pulses of 150 ms (high) or 200 ms
 * (medium, low);
 * <ul>
 *   <li>high: the ten-pulse burst 3+2, 3+2 (pulses 100 ms apart, groups 400 ms apart), every 7 s;</li>
 *   <li>medium: three pulses 150 ms apart, every 8 s;</li>
 *   <li>low: two pulses 150 ms apart, every 20 s (the standard allows low priority to repeat after 15 s or more).</li>
 * </ul>
 */
public final class AlarmSignals {

    /** Red lamp for high priority: 2 Hz, 50 % duty. */
    public static final SignalPattern HIGH_BEACON = SignalPattern.flashing(Duration.ofMillis(250), Duration.ofMillis(250));
    /** Yellow lamp for medium priority: 0.5 Hz, 50 % duty. */
    public static final SignalPattern MEDIUM_BEACON = SignalPattern.flashing(Duration.ofSeconds(1), Duration.ofSeconds(1));
    /** Yellow lamp for low priority: steady. */
    public static final SignalPattern LOW_BEACON = SignalPattern.steady(true);

    /** High-priority buzzer: ten pulses (3+2, 3+2) every 7 s. */
    public static final SignalPattern HIGH_BUZZER = SignalPattern.burst(List.of(3, 2, 3, 2),
            Duration.ofMillis(150), Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(7));
    /** Medium-priority buzzer: three pulses every 8 s. */
    public static final SignalPattern MEDIUM_BUZZER = SignalPattern.burst(List.of(3),
            Duration.ofMillis(200), Duration.ofMillis(150), Duration.ofMillis(150), Duration.ofSeconds(8));
    /** Low-priority buzzer: two pulses every 20 s. */
    public static final SignalPattern LOW_BUZZER = SignalPattern.burst(List.of(2),
            Duration.ofMillis(200), Duration.ofMillis(150), Duration.ofMillis(150), Duration.ofSeconds(20));

    /** Which beacon lamps are lit. */
    public record BeaconLamps(boolean red, boolean yellow) {
        static final BeaconLamps DARK = new BeaconLamps(false, false);
    }

    private AlarmSignals() {
    }

    /**
     * The beacon lamps for {@code priority}, {@code elapsedNanos} after it became the highest active priority.
     * Only one lamp is ever lit.
     */
    public static BeaconLamps beacon(AlarmSignalPriority priority, long elapsedNanos) {
        return switch (priority) {
            case HIGH -> new BeaconLamps(HIGH_BEACON.isOn(elapsedNanos), false);
            case MEDIUM -> new BeaconLamps(false, MEDIUM_BEACON.isOn(elapsedNanos));
            case LOW -> new BeaconLamps(false, LOW_BEACON.isOn(elapsedNanos));
            case NONE -> BeaconLamps.DARK;
        };
    }

    /** Whether the buzzer sounds for {@code priority}, {@code elapsedNanos} after it became the highest active one. */
    public static boolean buzzer(AlarmSignalPriority priority, long elapsedNanos) {
        return switch (priority) {
            case HIGH -> HIGH_BUZZER.isOn(elapsedNanos);
            case MEDIUM -> MEDIUM_BUZZER.isOn(elapsedNanos);
            case LOW -> LOW_BUZZER.isOn(elapsedNanos);
            case NONE -> false;
        };
    }
}
