package org.dosewarden.safety;

import java.time.Instant;
import java.util.Objects;

/**
 * One alarm of a channel. Ids come from a per-channel counter in the state, so replay reproduces them.
 * An alarm leaves the active set when it has been acknowledged, or, if it is not latched, when its
 * condition clears. A condition that persists after acknowledgement raises a new alarm (SR-C2).
 *
 * @param id               per-channel id, 1, 2, 3 ...
 * @param type             row of the alarm table
 * @param subject          what it is about when a type can fire for several things ("SYSTOLIC_BP"), else ""
 * @param detail           the facts that raised it (values, limits), for the clinician and the journal
 * @param raisedAt         wall time it was raised
 * @param conditionActive  whether the raising condition still holds
 * @param clearedAt        wall time the condition cleared, or {@code null} while it holds
 * @param acknowledgedBy   user who acknowledged it, or {@code null}
 * @param acknowledgedAt   wall time of the acknowledgement, or {@code null}
 */
public record Alarm(
        long id,
        AlarmType type,
        String subject,
        String detail,
        Instant raisedAt,
        boolean conditionActive,
        Instant clearedAt,
        String acknowledgedBy,
        Instant acknowledgedAt) {

    public Alarm {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(raisedAt, "raisedAt");
    }

    static Alarm raised(long id, AlarmType type, String subject, String detail, Instant at) {
        return new Alarm(id, type, subject, detail, at, true, null, null, null);
    }

    public AlarmPriority priority() {
        return type.priority();
    }

    public boolean latched() {
        return type.latched();
    }

    public boolean acknowledged() {
        return acknowledgedBy != null;
    }

    Alarm conditionCleared(Instant at) {
        return new Alarm(id, type, subject, detail, raisedAt, false, at, acknowledgedBy, acknowledgedAt);
    }

    Alarm acknowledge(String user, Instant at) {
        return new Alarm(id, type, subject, detail, raisedAt, conditionActive, clearedAt, user, at);
    }
}
