package org.dosewarden.clock;

import java.time.Instant;

/** Real time: {@link Instant#now()} and {@link System#nanoTime()}. */
enum SystemTimeSource implements TimeSource {
    INSTANCE;

    @Override
    public Instant wallTime() {
        return Instant.now();
    }

    @Override
    public long monotonicNanos() {
        return System.nanoTime();
    }
}
