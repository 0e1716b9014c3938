package org.dosewarden.gpio;

/** The board's internal bias resistor on an input pin; {@link #OFF} means an external resistor is fitted. */
public enum Pull {
    UP,
    DOWN,
    OFF;

    /** The level an open circuit reads with this bias, or {@code null} for {@link #OFF} (set by the external resistor). */
    Level openCircuitLevel() {
        return switch (this) {
            case UP -> Level.HIGH;
            case DOWN -> Level.LOW;
            case OFF -> null;
        };
    }
}
