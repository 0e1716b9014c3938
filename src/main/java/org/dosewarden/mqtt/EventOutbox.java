package org.dosewarden.mqtt;

import java.util.List;

/**
 * Port: the journal seen as an MQTT outbox. Events are read from the journal after a durable cursor; the
 * cursor moves only after the broker acknowledged every event up to it, so after an outage or a restart
 * everything since the last acknowledged publish goes out again, in order (duplicates carry the same
 * {@code seq}). Called only from the MQTT link thread.
 */
public interface EventOutbox {

    /**
     * The records a dashboard cares about with sequence strictly greater than {@code afterSeq}, in
     * ascending sequence order, at most {@code max} of them (may be fewer, even when more exist).
     */
    List<OutboxEvent> eventsAfter(long afterSeq, int max);

    /** Highest sequence the broker acknowledged, as last durably stored; 0 when nothing was ever published. */
    long acknowledgedUpTo();

    /**
     * Durably records that every event up to and including {@code seq} was acknowledged by the broker.
     * Called with increasing values only. Must be durable before it returns (a crash afterwards must not
     * move the cursor back further than the previous call).
     */
    void acknowledge(long seq);
}
