package org.dosewarden.mqtt;

import java.time.Instant;
import java.util.Objects;

/**
 * One journal record to publish on an events topic.
 *
 * @param seq         journal sequence number, unique and increasing; dashboards drop duplicates by it
 * @param channel     channel the record belongs to; null for device-level records
 * @param type        record type, e.g. {@code ALARM_RAISED}
 * @param ts          when the record was written
 * @param payloadJson the record's payload, a JSON document (published as a nested object, unchanged)
 */
public record OutboxEvent(long seq, String channel, String type, Instant ts, String payloadJson) {

    public OutboxEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(payloadJson, "payloadJson");
        if (seq < 1) {
            throw new IllegalArgumentException("journal seq starts at 1: " + seq);
        }
    }
}
