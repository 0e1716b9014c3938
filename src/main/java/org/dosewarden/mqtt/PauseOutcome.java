package org.dosewarden.mqtt;

import java.util.Objects;

/**
 * What became of a pause request; published on {@code .../{channel}/pause/response}.
 *
 * @param result  accepted (the channel paused or was not delivering), rejected (the channel refused),
 *                expired (arrived after {@code expiresAt}), invalid (unreadable or outside the limits)
 * @param message why, for the person at the dashboard
 */
public record PauseOutcome(Result result, String message) {

    /** Outcome kinds, lower-case on the wire. */
    public enum Result { ACCEPTED, REJECTED, EXPIRED, INVALID }

    public PauseOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(message, "message");
    }

    public static PauseOutcome accepted(String message) {
        return new PauseOutcome(Result.ACCEPTED, message);
    }

    public static PauseOutcome rejected(String message) {
        return new PauseOutcome(Result.REJECTED, message);
    }
}
