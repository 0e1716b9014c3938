package org.dosewarden.clock;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * When to try a lost link again: the wait doubles after each failed attempt, up to a maximum, and starts over
 * after a success. Shared by the pump drivers and the MQTT link so both retry the same way.
 *
 * <p>Pure bookkeeping: it reads the monotonic clock of the {@link TimeSource} it was given, never sleeps and
 * never schedules anything. The caller either schedules the returned delay ({@link #failed()}) or asks
 * {@link #due()} before its next attempt.
 *
 * <p>A zero first wait retries once at once and then waits the maximum (doubling zero would never grow).
 * Without a seed the waits are exact; {@link #withJitter} shortens each by a seeded pseudo-random share, so
 * devices that lost the same broker do not all return in the same instant, and a test still sees the same
 * sequence every run. Jitter only ever shortens a wait: the maximum stays a promise.
 *
 * <p>Not thread-safe: one link owns one backoff.
 */
public final class Backoff {

    private final TimeSource time;
    private final Duration first;
    private final Duration max;
    private final SplittableRandom jitter;
    private final int jitterPercent;

    private Duration next;
    private int failures;
    private long retryAtNanos;

    private Backoff(TimeSource time, Duration first, Duration max, SplittableRandom jitter, int jitterPercent) {
        this.time = Objects.requireNonNull(time, "time");
        this.first = Objects.requireNonNull(first, "first");
        this.max = Objects.requireNonNull(max, "max");
        if (first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= first <= max: first " + first + ", max "
                    + max);
        }
        if (max.isZero()) {
            throw new IllegalArgumentException("backoff maximum must be positive: " + max);
        }
        this.jitter = jitter;
        this.jitterPercent = jitterPercent;
        this.next = first;
    }

    /** Waits of {@code first}, twice that, four times, ... capped at {@code max}; exact (no jitter). */
    public static Backoff doubling(TimeSource time, Duration first, Duration max) {
        return new Backoff(time, first, max, null, 0);
    }

    /**
     * The same waits, each shortened by a share drawn uniformly from 0 to {@code percent} % with a generator
     * seeded by {@code seed}: the same seed gives the same sequence.
     *
     * @param percent 1 to 50
     */
    public Backoff withJitter(long seed, int percent) {
        if (percent < 1 || percent > 50) {
            throw new IllegalArgumentException("backoff jitter must be 1-50 %: " + percent);
        }
        return new Backoff(time, first, max, new SplittableRandom(seed), percent);
    }

    /**
     * Records a failed attempt (a refused connect or a lost link).
     *
     * @return how long to wait before the next attempt; {@link #due()} turns true once it has passed
     */
    public Duration failed() {
        Duration wait = shortened(next);
        failures++;
        retryAtNanos = time.monotonicNanos() + wait.toNanos();
        next = grown(next);
        return wait;
    }

    /** Records a successful attempt: the next failure waits the first delay again, and the link is due. */
    public void succeeded() {
        next = first;
        failures = 0;
    }

    /** True before any failure, after a success, and once the wait after the last failure has passed. */
    public boolean due() {
        return failures == 0 || time.monotonicNanos() - retryAtNanos >= 0;
    }

    /** What is left of the current wait; zero when {@link #due()}. */
    public Duration remaining() {
        return due() ? Duration.ZERO : Duration.ofNanos(retryAtNanos - time.monotonicNanos());
    }

    /** Failed attempts since the last success. */
    public int failures() {
        return failures;
    }

    private Duration grown(Duration wait) {
        if (wait.isZero() || wait.compareTo(max.dividedBy(2)) > 0) {
            return max;
        }
        return wait.multipliedBy(2);
    }

    private Duration shortened(Duration wait) {
        if (jitter == null || wait.isZero()) {
            return wait;
        }
        long most = wait.toNanos() / 100 * jitterPercent;
        return most <= 0 ? wait : wait.minusNanos(jitter.nextLong(most + 1));
    }
}
