package org.dosewarden.safety;

import java.util.Objects;

/**
 * Why an intent was refused. The kind is decided here, in the core, so the shell maps it to an answer without
 * reading the reason: the API answers {@link Kind#ILLEGAL_STATE} and {@link Kind#BLOCKED} with 409,
 * {@link Kind#INVALID} with 422, {@link Kind#NOT_PERMITTED} with 403 and {@link Kind#STALE} with 503.
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
        /** Malformed for this channel (blank reason, unknown alarm id, nothing to override or reset). */
        INVALID,
        /**
         * Well-formed and legal here, but not by this user: the clinician who programmed a high-alert infusion
         * cannot be its second clinician (SR-I2).
         */
        NOT_PERMITTED
    }

    public Refusal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }
}
