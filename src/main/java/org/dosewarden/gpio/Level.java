package org.dosewarden.gpio;

/** The logic level of a GPIO pin, as the board reads or drives it (not what it means). */
public enum Level {
    LOW,
    HIGH;

    /** The other level. */
    public Level inverse() {
        return this == LOW ? HIGH : LOW;
    }
}
