package org.dosewarden.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * Virtual time that moves only when told to. Wall and monotonic time advance together. Thread-safe so a
 * test thread may advance it while a channel thread reads it.
 */
public final class ManualTimeSource implements TimeSource {

    private final Instant wallOrigin;
    private long nanos;

    public ManualTimeSource(Instant wallOrigin) {
        this.wallOrigin = wallOrigin;
    }

    /** Starts at 2026-01-01T08:00:00Z, a fixed and readable origin for tests. */
    public ManualTimeSource() {
        this(Instant.parse("2026-01-01T08:00:00Z"));
    }

    @Override
    public synchronized Instant wallTime() {
        return wallOrigin.plusNanos(nanos);
    }

    @Override
    public synchronized long monotonicNanos() {
        return nanos;
    }

    /** Moves time forward; {@code step} must not be negative. */
    public synchronized void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + step);
        }
        nanos = Math.addExact(nanos, step.toNanos());
    }
}
