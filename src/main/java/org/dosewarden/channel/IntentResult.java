package org.dosewarden.channel;

import java.util.List;
import java.util.Objects;
import org.dosewarden.dose.check.Violation;

/** What became of a {@link ClinicianIntent}; every outcome is journaled before it is returned. */
public sealed interface IntentResult {

    /** The intent took effect; {@code snapshot} is the channel right after it. */
    record Accepted(ChannelSnapshot snapshot) implements IntentResult {
        public Accepted {
            Objects.requireNonNull(snapshot, "snapshot");
        }
    }

    /**
     * The channel refused the intent and changed nothing.
     *
     * @param kind         why, in a form a front end can map to a status (409, 422, 403, 503)
     * @param reason       clinician-readable sentence naming the rule, e.g.
     *                     "cannot resume: the infusion is RUNNING, not PAUSED"
     * @param currentState the infusion state at the moment of refusal (e.g. {@code RUNNING})
     * @param violations   for {@link RefusalKind#LIMITS}: every limit broken; otherwise empty
     * @param overridable  for {@link RefusalKind#LIMITS}: true when every violation is soft, so the same
     *                     intent with overrides and reasons would be accepted
     */
    record Refused(RefusalKind kind, String reason, String currentState, List<Violation> violations,
                   boolean overridable) implements IntentResult {
        public Refused {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(currentState, "currentState");
            violations = List.copyOf(violations);
        }

        /** A refusal without limit violations. */
        public static Refused of(RefusalKind kind, String reason, String currentState) {
            return new Refused(kind, reason, currentState, List.of(), false);
        }
    }

    /**
     * The intent names something this channel does not have (an alarm id that was never raised here).
     *
     * @param reason clinician-readable sentence naming the missing thing
     */
    record NotApplicable(String reason) implements IntentResult {
        public NotApplicable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why an intent was refused. */
    enum RefusalKind {
        /** Not legal in the current state (the lifecycle table has no such row). HTTP 409. */
        ILLEGAL_STATE,
        /**
         * Legal in this state, but a safety gate blocks it: unacknowledged alarms, vitals gate, journal
         * failure, emergency stop, restart limiter (SR-C3). HTTP 409 with the reason.
         */
        BLOCKED,
        /** Well-formed but invalid for this channel (e.g. a reason the core rejects). HTTP 422. */
        INVALID,
        /** A limit check failed: hard, or soft without an override (SR-A1, SR-K1, vitals gate). HTTP 422. */
        LIMITS,
        /** This user may not do it here, e.g. confirming one's own high-alert program (SR-I2). HTTP 403. */
        NOT_PERMITTED,
        /** The intent expired before the channel thread reached it (SR-D3). HTTP 503. */
        STALE,
        /** The channel is disabled, or cannot act safely now (journal failure SR-C4). HTTP 503. */
        UNAVAILABLE
    }
}
