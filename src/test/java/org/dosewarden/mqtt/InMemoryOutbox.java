package org.dosewarden.mqtt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test double for the journal outbox: an in-memory list of events and a cursor. */
public final class InMemoryOutbox implements EventOutbox {

    private final List<OutboxEvent> events = new ArrayList<>();
    private long acknowledged;

    public synchronized OutboxEvent append(String channel, String type, String payloadJson, Instant ts) {
        OutboxEvent e = new OutboxEvent(events.size() + 1, channel, type, ts, payloadJson);
        events.add(e);
        return e;
    }

    @Override
    public synchronized Batch eventsAfter(long afterSeq, int max) {
        List<OutboxEvent> out = new ArrayList<>();
        for (OutboxEvent e : events) {
            if (e.seq() > afterSeq && out.size() < max) {
                out.add(e);
            }
        }
        return new Batch(out, out.isEmpty() ? afterSeq : out.get(out.size() - 1).seq());
    }

    @Override
    public synchronized long acknowledgedUpTo() {
        return acknowledged;
    }

    @Override
    public synchronized void acknowledge(long seq) {
        if (seq < acknowledged) {
            throw new IllegalArgumentException("cursor moved back: " + seq + " < " + acknowledged);
        }
        acknowledged = seq;
    }

    @Override
    public synchronized long newestSeq() {
        return events.size();
    }
}
