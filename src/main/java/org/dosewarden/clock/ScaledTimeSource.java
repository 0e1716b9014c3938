package org.dosewarden.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * Real time sped up by a whole factor, for the demo ("a 40 minute session in 4 minutes" at 10x). Both
 * clocks run {@code factor} times faster than the machine's from the moment of construction.
 */
public final class ScaledTimeSource implements TimeSource {

    private final TimeSource base;
    private final long factor;
    private final Instant wallOrigin;
    private final long monoOrigin;

    public ScaledTimeSource(TimeSource base, long factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("time factor must be at least 1: " + factor);
        }
        this.base = base;
        this.factor = factor;
        this.wallOrigin = base.wallTime();
        this.monoOrigin = base.monotonicNanos();
    }

    @Override
    public Instant wallTime() {
        return wallOrigin.plus(Duration.ofNanos(monotonicNanos()));
    }

    @Override
    public long monotonicNanos() {
        return Math.multiplyExact(base.monotonicNanos() - monoOrigin, factor);
    }

    public long factor() {
        return factor;
    }
}
