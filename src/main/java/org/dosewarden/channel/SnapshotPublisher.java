package org.dosewarden.channel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest {@link ChannelSnapshot} of one channel and the {@link ChannelListener}s told of each new one. The
 * channel thread takes and publishes snapshots; any thread reads {@link #current()}. A listener that throws is
 * logged, and the others are told all the same.
 */
final class SnapshotPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);

    private final String channel;
    private final Supplier<ChannelSnapshot> take;
    private final List<ChannelListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ChannelSnapshot current;

    /**
     * @param channel the channel's name, for the log
     * @param take    takes a new snapshot of the channel as it is now (on the channel thread)
     */
    SnapshotPublisher(String channel, Supplier<ChannelSnapshot> take) {
        this.channel = channel;
        this.take = take;
        this.current = take.get();
    }

    void addListener(ChannelListener listener) {
        listeners.add(listener);
    }

    /** The latest snapshot; any thread. */
    ChannelSnapshot current() {
        return current;
    }

    /** Takes a new snapshot, makes it current and tells every listener; returns it. */
    ChannelSnapshot publish() {
        ChannelSnapshot next = take.get();
        current = next;
        for (ChannelListener listener : listeners) {
            try {
                listener.snapshotChanged(next);
            } catch (RuntimeException e) {
                LOG.warn("channel {}: listener failed: {}", channel, e.toString());
            }
        }
        return next;
    }

    /**
     * Takes a new snapshot for readers without telling the listeners: the loop failed, and the restarted loop
     * publishes as soon as it has rebuilt the channel.
     */
    void refresh() {
        current = take.get();
    }
}
