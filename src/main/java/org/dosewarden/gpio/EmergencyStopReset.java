package org.dosewarden.gpio;

/** What a clinician's emergency-stop reset did to the GPIO latch (and so to the pump power relay). */
public enum EmergencyStopReset {
    /** The latch was cleared; the relay energises at the next poll if nothing else holds it. */
    RESET(true, "emergency-stop latch cleared"),
    /** Nothing was latched. */
    NOT_LATCHED(true, "emergency stop was not latched"),
    /** No emergency-stop input is configured. */
    NOT_FITTED(true, "no emergency-stop input is configured"),
    /** The button is still pressed, its wire is broken, or it has not been read yet: release it first. */
    STILL_PRESSED(false, "emergency stop is still pressed (or its wire is broken): release it before reset"),
    /** GPIO is misconfigured or shutting down, so the button's state is unknown. */
    UNAVAILABLE(false, "GPIO is unavailable: the emergency stop cannot be read");

    private final boolean permitsReset;
    private final String message;

    EmergencyStopReset(boolean permitsReset, String message) {
        this.permitsReset = permitsReset;
        this.message = message;
    }

    /** Whether the channels' own emergency-stop latch may be reset too. */
    public boolean permitsReset() {
        return permitsReset;
    }

    /** A sentence for the clinician. */
    public String message() {
        return message;
    }
}
