package org.dosewarden.pump.newera;

import java.util.Optional;

/** A command error ({@code ?}, {@code ?NA}, ...) that follows the prompt when a command failed. */
public enum NeError {
    /** {@code ?}: command not recognised. */
    NOT_RECOGNIZED("", false),
    /** {@code ?NA}: command not applicable now (e.g. DIA while running). */
    NOT_APPLICABLE("NA", false),
    /** {@code ?OOR}: data out of range (e.g. a rate outside the syringe's limits). */
    OUT_OF_RANGE("OOR", false),
    /** {@code ?COM}: the pump received an invalid safe packet (length or CRC): resend. */
    BAD_PACKET("COM", true),
    /** {@code ?IGN}: ignored because a new phase started at the same time: resend. */
    IGNORED("IGN", true);

    private final String suffix;
    private final boolean retryable;

    NeError(String suffix, boolean retryable) {
        this.suffix = suffix;
        this.retryable = retryable;
    }

    /** The wire form including the question mark, e.g. {@code ?OOR}. */
    public String wire() {
        return "?" + suffix;
    }

    /** True when the command was not acted on for a transient reason and may be sent again. */
    public boolean retryable() {
        return retryable;
    }

    /** Parses a complete data field as a command error, e.g. {@code "?NA"}. */
    public static Optional<NeError> ofData(String data) {
        for (NeError e : values()) {
            if (e.wire().equals(data)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
