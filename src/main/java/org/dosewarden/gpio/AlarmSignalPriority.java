package org.dosewarden.gpio;

/**
 * The priority the bedside alarm signals (beacon and buzzer) show, after IEC 60601-1-8: the highest active
 * alarm across all channels wins. Ordered from least to most urgent so {@link #max} is a comparison.
 */
public enum AlarmSignalPriority {
    /** No active alarm: beacon dark, buzzer silent. */
    NONE,
    /** Low priority: yellow steady, two pulses every 20 s. */
    LOW,
    /** Medium priority: yellow flashing 0.5 Hz, three pulses every 8 s. */
    MEDIUM,
    /** High priority: red flashing 2 Hz, ten-pulse burst every 7 s. */
    HIGH;

    /** The more urgent of the two. */
    public AlarmSignalPriority max(AlarmSignalPriority other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
