package org.dosewarden.gpio;

/** The debounced state of a bedside button. */
public enum ButtonState {
    /** Not yet read stable for the debounce time (just after start). */
    UNKNOWN,
    RELEASED,
    /** Pressed, or for the emergency stop also a broken wire. */
    PRESSED
}
