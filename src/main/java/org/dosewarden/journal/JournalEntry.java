package org.dosewarden.journal;

import java.time.Instant;
import java.util.Arrays;

/**
 * One durable journal record, as stored (named "entry" to keep it apart from the safety core's
 * {@code org.dosewarden.safety.JournalRecord}, the decision a channel serialises into an entry's payload).
 *
 * @param sequence       1, 2, 3 ... without gaps across the whole journal (all channels)
 * @param wallTime       wall-clock time the journal assigned when it wrote the record, nanosecond precision
 * @param monotonicNanos the journal's monotonic clock at that moment; meaningful for intervals only between
 *                       records written by the same process run (the origin changes on every start)
 * @param channel        the pump channel (or other source) the record belongs to
 * @param type           what happened, e.g. {@code infusion.started}; {@code session.opened} and
 *                       {@code session.closed} are written only by the journal's session methods
 * @param payload        a JSON object, exactly as the caller serialised it
 * @param previousHash   SHA-256 of the record before, lower-case hex; 64 zeros for record 1
 * @param hash           SHA-256 over {@code previousHash} and this record's fields, lower-case hex
 *                       (the exact encoding is on {@link ChainHash})
 */
public record JournalEntry(
        long sequence,
        Instant wallTime,
        long monotonicNanos,
        String channel,
        String type,
        String payload,
        String previousHash,
        String hash) {

    /** True when {@link #hash} is the SHA-256 of this record's fields and its {@link #previousHash}. */
    boolean hashMatchesContent(ChainHash chain) {
        byte[] computed = chain.hash(ChainHash.fromHex(previousHash), sequence, JournalFile.epochNanos(wallTime),
                monotonicNanos, channel, type, payload);
        return Arrays.equals(computed, ChainHash.fromHex(hash));
    }
}
