package org.dosewarden.mqtt;

import java.time.Instant;
import java.util.Objects;

/**
 * One active alarm as dashboards see it, an element of the retained {@code .../{channel}/alarms} array.
 * The channel layer maps the safety core's alarm to this view; priority and pump action come from the
 * core's single alarm table (SR-C1).
 *
 * @param id             stable id of this alarm occurrence (the same id in raised/acknowledged/cleared events)
 * @param type           alarm type name, e.g. {@code OVER_INFUSION}
 * @param priority       fixed priority of the type
 * @param since          when it was raised
 * @param acknowledgedBy user who acknowledged it; null while unacknowledged
 * @param acknowledgedAt when it was acknowledged; null while unacknowledged (or when only the user is known)
 * @param message        what a clinician reads
 * @param pumpAction     what the daemon did to the pump for it
 */
public record AlarmView(
        String id,
        String type,
        Priority priority,
        Instant since,
        String acknowledgedBy,
        Instant acknowledgedAt,
        String message,
        PumpAction pumpAction) {

    /** Alarm priority (IEC 60601-1-8 terms), lower-case on the wire. */
    public enum Priority { HIGH, MEDIUM, LOW }

    /** What an alarm does to delivery, lower-case on the wire. */
    public enum PumpAction { STOP, PAUSE, CONTINUE }

    public AlarmView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(pumpAction, "pumpAction");
        if (acknowledgedAt != null && acknowledgedBy == null) {
            throw new IllegalArgumentException("alarm " + id + ": acknowledgedAt without acknowledgedBy");
        }
    }
}
