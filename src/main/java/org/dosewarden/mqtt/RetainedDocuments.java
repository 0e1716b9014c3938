package org.dosewarden.mqtt;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The retained documents the device keeps on the broker (each channel's status and alarm set, and any
 * device-level document), one per topic, only the latest of each.
 *
 * <p>{@link #put} may be called from any thread: it stores the latest document and returns at once, whatever
 * the broker does (SR-D4). The link thread publishes it when connected, with at most one publish per topic
 * unacknowledged: a newer document waits for the one in flight and replaces any that was waiting. On every
 * (re)connect every document is published again (clean session: the broker may have lost them), and documents
 * marked for it are published again on every heartbeat so a dashboard can tell a quiet device from a stalled
 * one. A document is serialised when it is sent, so a burst of updates costs one serialisation.
 */
final class RetainedDocuments {

    /** The latest document of one topic. */
    private record Latest(Supplier<byte[]> payload, boolean onHeartbeat) {
    }

    private final BrokerConnection connection;
    private final LinkThread thread;

    // Written by any thread, read on the link thread.
    private final ConcurrentHashMap<String, Latest> latest = new ConcurrentHashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushQueued = new AtomicBoolean();

    // Link thread only.
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Set<String> inFlight = new LinkedHashSet<>();

    RetainedDocuments(BrokerConnection connection, LinkThread thread) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.thread = Objects.requireNonNull(thread, "thread");
    }

    /**
     * Makes {@code payload} the retained document of {@code topic}, published as soon as the broker takes it.
     * Any thread; never blocks.
     *
     * @param payload     serialises the document on the link thread; must not block, must never produce an empty
     *                    payload (that would delete the retained message)
     * @param onHeartbeat also publish it again on every heartbeat, unchanged
     */
    void put(String topic, Supplier<byte[]> payload, boolean onHeartbeat) {
        latest.put(topic, new Latest(Objects.requireNonNull(payload, "payload"), onHeartbeat));
        changed.add(topic);
        if (flushQueued.compareAndSet(false, true)) {
            thread.post("flush", () -> {
                flushQueued.set(false);
                flush();
            });
        }
    }

    /** A new connection: nothing is in flight on it, and the broker must get every document again. */
    void connected() {
        inFlight.clear();
        dirty.addAll(latest.keySet());
        flush();
    }

    void lost() {
        inFlight.clear();
    }

    /** Publishes the heartbeat documents again, unchanged. */
    void heartbeat() {
        latest.forEach((topic, doc) -> {
            if (doc.onHeartbeat()) {
                dirty.add(topic);
            }
        });
        flush();
    }

    /** Sends what is waiting, as far as the connection takes it; the rest goes on the next acknowledgement. */
    void flush() {
        for (Iterator<String> it = changed.iterator(); it.hasNext(); ) {
            dirty.add(it.next());
            it.remove();
        }
        if (!connection.connected()) {
            return;
        }
        for (Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
            String topic = it.next();
            if (inFlight.contains(topic)) {
                continue; // published when the one in flight is acknowledged
            }
            Latest doc = latest.get(topic);
            if (doc == null) {
                it.remove();
                continue;
            }
            if (!connection.publish(topic, doc.payload().get(), true, (ok, same) -> done(topic, ok, same))) {
                return; // window full: retried on the next acknowledgement
            }
            it.remove();
            inFlight.add(topic);
        }
    }

    private void done(String topic, boolean acknowledged, boolean sameConnection) {
        if (sameConnection) {
            inFlight.remove(topic);
            if (!acknowledged) {
                dirty.add(topic);
            }
        }
        flush();
    }
}
