package org.dosewarden.channel;

import java.time.Instant;
import java.util.Objects;

/**
 * One journal record of a channel, for reading back over the API.
 *
 * @param sequence    journal sequence number, strictly increasing across the whole journal
 * @param wallTime    when it was written
 * @param type        record type, e.g. {@code STATE_CHANGED}, {@code INTENT_REFUSED}, {@code VOLUME_READ}
 * @param payloadJson the record's JSON payload exactly as stored
 */
public record ChannelRecord(long sequence, Instant wallTime, String type, String payloadJson) {

    public ChannelRecord {
        Objects.requireNonNull(wallTime, "wallTime");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }
}
