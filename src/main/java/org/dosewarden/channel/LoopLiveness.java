package org.dosewarden.channel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signal that a channel's loop is alive: the end of every completed cycle (not every wait) is a beat.
 * A loop stuck in a pump transaction, a journal write or a failed restart stops beating, so whoever must
 * know that the channel is really supervised (the GPIO heartbeat, a service watchdog) listens here rather
 * than to snapshots, which other threads' requests can also cause.
 *
 * <p>Observers run on the channel thread at each beat (progress observers also while the channel is rebuilt from the
 * journal, before its first cycle): they must return at once and never throw (a throwing observer is logged and the
 * others still run). {@link #lastBeatNanos()} may be read from any thread.
 */
public final class LoopLiveness {

    private static final Logger LOG = LoggerFactory.getLogger(LoopLiveness.class);

    private final String channel;
    private final AtomicLong lastBeatNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong beats = new AtomicLong();
    private final List<Runnable> observers = new CopyOnWriteArrayList<>();
    private final List<Runnable> progressObservers = new CopyOnWriteArrayList<>();

    LoopLiveness(String channel) {
        this.channel = channel;
    }

    /** Adds an observer told of every beat, on the channel thread. */
    public void addObserver(Runnable observer) {
        observers.add(observer);
    }

    /**
     * Adds an observer told, on the channel thread, that the loop is working before its first cycle: rebuilding the
     * channel from the journal ({@link #progress()}). Not a beat: nothing supervises the pump yet.
     */
    public void addProgressObserver(Runnable observer) {
        progressObservers.add(observer);
    }

    /** Monotonic time of the last beat (the channel's clock), or {@link Long#MIN_VALUE} before the first. */
    public long lastBeatNanos() {
        return lastBeatNanos.get();
    }

    /** Completed cycles since the channel started. */
    public long beats() {
        return beats.get();
    }

    /**
     * The loop is still rebuilding the channel from its journal and got further: every progress observer is told.
     * A replay of years of records takes longer than a loop may be quiet; this tells a service watchdog that the
     * loop is working, not stuck, while the hardware watchdog's heartbeat still waits for the first cycle.
     */
    void progress() {
        tell(progressObservers);
    }

    /** A completed cycle at {@code monotonicNanos}: recorded, then every observer is told. */
    void beat(long monotonicNanos) {
        lastBeatNanos.set(monotonicNanos);
        beats.incrementAndGet();
        tell(observers);
    }

    private void tell(List<Runnable> toTell) {
        for (Runnable observer : toTell) {
            try {
                observer.run();
            } catch (RuntimeException e) {
                LOG.warn("channel {}: liveness observer failed: {}", channel, e.toString());
            }
        }
    }
}
