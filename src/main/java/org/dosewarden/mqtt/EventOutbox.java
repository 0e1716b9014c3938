package org.dosewarden.mqtt;

import java.util.List;
import java.util.Objects;

/**
 * Port: the journal seen as an MQTT outbox. Events are read from the journal after a durable cursor; the
 * cursor moves only over events the broker acknowledged (and records no dashboard needs), so after an
 * outage or a restart everything since the last acknowledged publish goes out again, in order (duplicates
 * carry the same {@code seq}). Called only from the MQTT link thread,
 * except {@link #newestSeq()}.
 */
public interface EventOutbox {

    /**
     * The records a dashboard cares about with sequence strictly greater than {@code afterSeq}, in ascending
     * sequence order, at most {@code max} of them, and how far the journal was read to find them.
     */
    Batch eventsAfter(long afterSeq, int max);

    /** Highest sequence the broker acknowledged, as last durably stored; 0 when nothing was ever published. */
    long acknowledgedUpTo();

    /**
     * Durably records that every event up to and including {@code seq} was acknowledged by the broker (or
     * needs no publishing). Called with increasing values only, after a batch of acknowledgements rather than
     * each one. Durable before it returns.
     */
    void acknowledge(long seq);

    /** The newest sequence in the journal (0 when empty); safe from any thread, never blocks on a write. */
    long newestSeq();

    /**
     * One read of the outbox.
     *
     * @param events      events to publish, ascending by seq, all {@code > afterSeq}
     * @param scannedUpTo the highest journal sequence looked at ({@code >=} every event's seq); records up to
     *                    it that are not in {@code events} need no publishing. {@code afterSeq} when nothing new
     */
    record Batch(List<OutboxEvent> events, long scannedUpTo) {
        public Batch {
            Objects.requireNonNull(events, "events");
            events = List.copyOf(events);
            if (!events.isEmpty() && events.get(events.size() - 1).seq() > scannedUpTo) {
                throw new IllegalArgumentException("scannedUpTo " + scannedUpTo + " is below the last event's seq "
                        + events.get(events.size() - 1).seq());
            }
        }

        public static Batch empty(long afterSeq) {
            return new Batch(List.of(), afterSeq);
        }
    }
}
