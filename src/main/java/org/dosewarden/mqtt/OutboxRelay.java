package org.dosewarden.mqtt;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays journal events from the {@link EventOutbox} to the events topics at QoS 1, in journal order.
 *
 * <p><b>Guarantee.</b> The cursor only moves over events the broker acknowledged (PUBACK), contiguously from
 * the cursor, and over records that need no publishing; after an outage everything after the cursor is sent
 * again, so a subscriber may see an event twice (same {@code seq}) but never misses one and never sees them out
 * of order. At most {@link LinkSettings#outboxWindow()} events are unacknowledged at a time. The cursor is
 * stored durably at most {@link #CURSOR_COMMIT_DELAY} after it moves: one write per burst of acknowledgements.
 *
 * <p>Link thread only, except {@link #wake()} and {@link #backlog()}.
 */
final class OutboxRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    /**
     * Acknowledgements arriving within this delay share one durable cursor write (a journal commit with its
     * fsync; at 100 ms they were a quarter of all commits with 8 infusions running). After a crash the events
     * of at most this last second are sent again, with their own seq, as after any outage.
     */
    static final Duration CURSOR_COMMIT_DELAY = Duration.ofSeconds(1);

    private final EventOutbox outbox;
    private final BrokerConnection connection;
    private final LinkThread thread;
    private final TopicTree topics;
    private final Set<String> channels;
    private final int window;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** The cursor as the link thread last moved it, for {@link #backlog()} from other threads. */
    private volatile long relayedUpTo;

    // Link thread only.
    private long cursor;
    private long lastQueued;
    private final ArrayDeque<Long> eventsInFlight = new ArrayDeque<>();
    private final TreeSet<Long> acked = new TreeSet<>();
    private long committedCursor;
    private boolean cursorCommitQueued;

    /**
     * @param channels the configured channels; an event of any other channel goes to the device's events topic
     */
    OutboxRelay(EventOutbox outbox, BrokerConnection connection, LinkThread thread, TopicTree topics,
            Set<String> channels, int window) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.thread = Objects.requireNonNull(thread, "thread");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.channels = Set.copyOf(channels);
        this.window = window;
    }

    /** Reads the durable cursor; the relay starts after it. */
    void start() {
        cursor = outbox.acknowledgedUpTo();
        committedCursor = cursor;
        lastQueued = cursor;
        relayedUpTo = cursor;
    }

    /** How far the journal is ahead of what the broker has; any thread. */
    OutboxBacklog backlog() {
        long relayed = relayedUpTo; // read first: the journal only grows, so pending is never negative
        return new OutboxBacklog(Math.max(relayed, outbox.newestSeq()), relayed);
    }

    /** New journal records: read them soon, without waiting for the next poll. Any thread. */
    void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            thread.post("outbox", () -> {
                wakeQueued.set(false);
                pump();
            });
        }
    }

    /** A new connection: everything after the cursor goes out again. */
    void connected(boolean afterOutage) {
        if (afterOutage) {
            LOG.info("MQTT outbox resending events after journal seq {}", cursor);
        }
        eventsInFlight.clear();
        lastQueued = cursor;
        pump();
    }

    void lost() {
        eventsInFlight.clear();
        lastQueued = cursor;
    }

    /** Publishes the events after the last queued one, as far as the window allows. */
    void pump() {
        if (!connection.connected()) {
            return;
        }
        int room = window - eventsInFlight.size();
        if (room <= 0) {
            return;
        }
        if (outbox.newestSeq() <= lastQueued) {
            return; // nothing journaled since the last read: no query (wakes come with every status sent)
        }
        EventOutbox.Batch batch;
        try {
            batch = outbox.eventsAfter(lastQueued, room);
        } catch (RuntimeException e) {
            LOG.error("MQTT outbox could not read the journal after seq {}: {}", lastQueued, e.toString());
            return;
        }
        for (OutboxEvent e : batch.events()) {
            if (e.seq() <= lastQueued) {
                LOG.error("MQTT outbox returned seq {} after {}; events must come in ascending order", e.seq(),
                        lastQueued);
                return;
            }
            String topic = e.channel() != null && channels.contains(e.channel())
                    ? topics.events(e.channel())
                    : topics.deviceEvents();
            long seq = e.seq();
            if (!connection.publish(topic, Payloads.event(e), false, (ok, same) -> published(seq, ok, same))) {
                return; // window full: the rest is read again after the next acknowledgement
            }
            eventsInFlight.addLast(seq);
            lastQueued = seq;
        }
        // Records after the last event that need no publishing are passed over for good.
        lastQueued = Math.max(lastQueued, batch.scannedUpTo());
        advanceCursor();
        if (batch.events().size() == room && eventsInFlight.size() < window) {
            wake();
        }
    }

    /** Stores the cursor now if it moved; called on close too. */
    void commitCursor() {
        cursorCommitQueued = false;
        if (cursor <= committedCursor) {
            return;
        }
        try {
            outbox.acknowledge(cursor);
            committedCursor = cursor;
        } catch (RuntimeException e) {
            // The broker has the events; after a restart they are sent again (same seq), nothing is lost.
            LOG.error("MQTT outbox could not store its cursor {}: {}", cursor, e.toString());
        }
    }

    private void published(long seq, boolean acknowledged, boolean sameConnection) {
        if (acknowledged) {
            if (seq > cursor) {
                acked.add(seq);
            }
            advanceCursor();
            pump();
        } else if (sameConnection && connection.connected()) {
            // Not acknowledged on a live connection: resend from the cursor so order is kept.
            eventsInFlight.clear();
            lastQueued = cursor;
            pump();
        }
    }

    /**
     * Moves the cursor over everything below the oldest unacknowledged event (or up to what was read, when
     * nothing is in flight), and stores it soon.
     */
    private void advanceCursor() {
        while (!eventsInFlight.isEmpty() && acked.contains(eventsInFlight.peekFirst())) {
            eventsInFlight.pollFirst();
        }
        long reachable = eventsInFlight.isEmpty() ? lastQueued : eventsInFlight.peekFirst() - 1;
        if (reachable > cursor) {
            cursor = reachable;
            relayedUpTo = cursor;
            acked.headSet(cursor, true).clear();
            if (!cursorCommitQueued) {
                cursorCommitQueued = true;
                thread.schedule("cursor", this::commitCursor, CURSOR_COMMIT_DELAY);
            }
        }
    }
}
