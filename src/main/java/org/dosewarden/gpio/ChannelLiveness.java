package org.dosewarden.gpio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.dosewarden.clock.TimeSource;

/**
 * Where channel supervision loops report that they are alive. Each loop {@linkplain #register registers} once with
 * the longest quiet time it may have (e.g. three poll periods), then calls {@link Registration#beat()} on every
 * loop iteration, {@link Registration#progress()} while it rebuilds its channel from the journal before the first
 * iteration, and {@link Registration#close()} when it stops in an orderly way. Thread-safe: beats come from every
 * channel thread, checks from the GPIO thread and the service watchdog's.
 */
public final class ChannelLiveness implements ChannelHealthSource {

    /**
     * The longest time between two reports of progress of a loop rebuilding its channel from the journal before it
     * counts as stalled, when its own allowed quiet time is shorter. Only the service watchdog reads progress (it
     * sends a keep-alive every 5 s and systemd waits 15 s for one); the hardware watchdog's heartbeat waits for the
     * first cycle whatever the progress. A replay reports every 1,024 records, which takes milliseconds, but on a
     * loaded machine a thread can get no CPU for over a second (seen in the test suite, beside a browser under
     * test), and a loop's quiet time of a few polls would then count a working replay as stuck.
     */
    public static final Duration PROGRESS_QUIET = Duration.ofSeconds(5);

    private final TimeSource time;
    private final Map<String, Registration> loops = new ConcurrentHashMap<>();

    /** @param time the shell clock; beats are stamped with its monotonic time */
    public ChannelLiveness(TimeSource time) {
        this.time = time;
    }

    /**
     * Registers a channel loop. Registration counts as its first beat, so a loop has {@code maxQuiet} to start.
     *
     * @param channelId the channel's id; at most one live registration per id
     * @param maxQuiet  the longest time between two beats before the loop counts as stalled; more than zero
     * @throws IllegalArgumentException when {@code maxQuiet} is not positive or the channel is already registered
     */
    public Registration register(String channelId, Duration maxQuiet) {
        if (maxQuiet.isNegative() || maxQuiet.isZero()) {
            throw new IllegalArgumentException("allowed quiet time of channel " + channelId
                    + " must be more than zero: " + maxQuiet);
        }
        Registration r = new Registration(channelId, maxQuiet.toNanos(), time.monotonicNanos());
        if (loops.putIfAbsent(channelId, r) != null) {
            throw new IllegalArgumentException("channel " + channelId + " is already registered for liveness");
        }
        return r;
    }

    @Override
    public ChannelHealth check(long nowNanos) {
        Map<String, Registration> sorted = new TreeMap<>(loops);
        List<String> overdue = new ArrayList<>();
        List<String> recovering = new ArrayList<>();
        for (Registration r : sorted.values()) {
            if (nowNanos - r.lastBeat > r.maxQuietNanos) {
                overdue.add(r.channelId);
                if (nowNanos - r.lastProgress <= Math.max(r.maxQuietNanos, PROGRESS_QUIET.toNanos())) {
                    recovering.add(r.channelId);
                }
            }
        }
        return new ChannelHealth(new ArrayList<>(sorted.keySet()), overdue, recovering);
    }

    /** One channel loop's liveness handle. */
    public final class Registration implements AutoCloseable {
        private final String channelId;
        private final long maxQuietNanos;
        private volatile long lastBeat;
        private volatile long lastProgress = Long.MIN_VALUE / 2;

        private Registration(String channelId, long maxQuietNanos, long now) {
            this.channelId = channelId;
            this.maxQuietNanos = maxQuietNanos;
            this.lastBeat = now;
        }

        /** The loop is alive now. Cheap: one clock read and one volatile write. */
        public void beat() {
            lastBeat = time.monotonicNanos();
        }

        /**
         * The loop is rebuilding its channel from the journal and got further: working, not stuck, but not yet
         * supervising its pump. Keeps it out of {@link ChannelHealth#stalled()} for its allowed quiet time or
         * {@link #PROGRESS_QUIET}, whichever is longer, never out of {@link ChannelHealth#overdue()}. Cheap: one clock
         * read and one volatile write.
         */
        public void progress() {
            lastProgress = time.monotonicNanos();
        }

        /** The loop stopped in an orderly way and no longer counts (neither alive nor stalled). */
        @Override
        public void close() {
            loops.remove(channelId, this);
        }

        public String channelId() {
            return channelId;
        }
    }
}
