package org.dosewarden.channel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;

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

    /** At most {@code limit} of {@code channel}'s records after {@code afterSequence}, oldest first. */
    static List<ChannelRecord> readAfter(Journal journal, String channel, long afterSequence, int limit) {
        try {
            return journal.readAfter(channel, afterSequence, limit).stream()
                    .map(r -> new ChannelRecord(r.sequence(), r.wallTime(), r.type(), r.payload()))
                    .toList();
        } catch (JournalException e) {
            throw new IllegalStateException("cannot read the journal of channel " + channel + ": " + e.getMessage(), e);
        }
    }
}
