package org.dosewarden.safety;

import java.util.Objects;

/**
 * Why an intent was refused. The API maps {@link Kind#ILLEGAL_STATE} to 409 naming the state,
 * {@link Kind#STALE} and {@link Kind#BLOCKED} to 409 with the reason, {@link Kind#INVALID} to 422.
 *
 * @param kind   class of refusal
 * @param state  the lifecycle state at the time (unchanged)
 * @param reason the sentence a clinician reads
 */
public record Refusal(Kind kind, InfusionState state, String reason) {

    public enum Kind {
        /** The intent expired before it was processed (SR-D3). */
        STALE,
        /** Not allowed in the current state (the transition table has no such row). */
        ILLEGAL_STATE,
        /** Allowed in this state but a safety gate blocks it (alarms, vitals, journal, emergency stop, SR-C3). */
        BLOCKED,
        /** Malformed (same user confirming, blank reason, unknown alarm id). */
        INVALID
    }

    public Refusal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }
}
