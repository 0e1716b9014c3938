package org.dosewarden.gpio;

import java.time.Duration;
import java.util.Optional;

/**
 * Contact debounce as a pure state machine on monotonic time: a new level is accepted only after every sample for
 * {@code debounce} has shown it. Samples come from pin-change callbacks (so a bounce between two polls still
 * restarts the window) and from the poll loop; {@link #settle} is asked on every poll.
 *
 * <p>Invariant: the stable level changes only to a level that has been sampled continuously, without any other
 * level in between, for at least {@code debounce} nanoseconds. Not thread-safe; the owner serialises calls.
 */
final class Debouncer {

    private final long debounceNanos;
    private Level stable;
    private Level candidate;
    private long candidateSince;
    private long lastSample = Long.MIN_VALUE;

    /** @param debounce how long a level must hold before it is accepted; zero accepts it at the next settle */
    Debouncer(Duration debounce) {
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce must not be negative: " + debounce);
        }
        this.debounceNanos = debounce.toNanos();
    }

    /**
     * Records the raw level seen at {@code nowNanos}. A level different from the last one restarts the stability
     * window. Times older than the newest sample (a callback thread that read the clock before a poll did) are
     * treated as the newest sample, so the window never starts in the past.
     */
    void sample(Level level, long nowNanos) {
        long t = Math.max(nowNanos, lastSample);
        lastSample = t;
        if (level != candidate) {
            candidate = level;
            candidateSince = t;
        }
    }

    /** The new stable level if the raw level has now held long enough and differs from the stable one. */
    Optional<Level> settle(long nowNanos) {
        if (candidate == null || candidate == stable) {
            return Optional.empty();
        }
        if (nowNanos - candidateSince >= debounceNanos) {
            stable = candidate;
            return Optional.of(stable);
        }
        return Optional.empty();
    }

    /** The debounced level; empty until the first level has held for the debounce time. */
    Optional<Level> stable() {
        return Optional.ofNullable(stable);
    }

    /** The last raw level sampled; empty before the first sample. */
    Optional<Level> raw() {
        return Optional.ofNullable(candidate);
    }

    /** Monotonic time at which the current raw level was first seen. */
    long rawSinceNanos() {
        return candidateSince;
    }
}
