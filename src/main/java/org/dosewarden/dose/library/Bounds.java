package org.dosewarden.dose.library;

import java.util.Objects;
import java.util.Optional;

/**
 * The hard and soft limits of one quantity in a drug-library entry. Any of them may be absent (the
 * library linter flags a missing hard limit); a request exactly at a limit is within it.
 *
 * @param hardMin below it → refused
 * @param softMin below it → needs an override
 * @param softMax above it → needs an override
 * @param hardMax above it → refused
 * @param <Q>     the quantity (a {@link Measure}, a {@link java.time.Duration}, a count)
 */
public record Bounds<Q>(Optional<Q> hardMin, Optional<Q> softMin, Optional<Q> softMax, Optional<Q> hardMax) {

    private static final Bounds<?> NONE = new Bounds<>(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public Bounds {
        Objects.requireNonNull(hardMin, "hardMin");
        Objects.requireNonNull(softMin, "softMin");
        Objects.requireNonNull(softMax, "softMax");
        Objects.requireNonNull(hardMax, "hardMax");
    }

    /** No limits at all. */
    @SuppressWarnings("unchecked")
    public static <Q> Bounds<Q> none() {
        return (Bounds<Q>) NONE;
    }

    /** Limits from nullable values (null = absent); for builders and tests. */
    public static <Q> Bounds<Q> of(Q hardMin, Q softMin, Q softMax, Q hardMax) {
        return new Bounds<>(Optional.ofNullable(hardMin), Optional.ofNullable(softMin), Optional.ofNullable(softMax),
                Optional.ofNullable(hardMax));
    }

    /** The limit {@code bound}, if set. */
    public Optional<Q> get(Bound bound) {
        return switch (bound) {
            case HARD_MIN -> hardMin;
            case SOFT_MIN -> softMin;
            case SOFT_MAX -> softMax;
            case HARD_MAX -> hardMax;
        };
    }

    public boolean isEmpty() {
        return hardMin.isEmpty() && softMin.isEmpty() && softMax.isEmpty() && hardMax.isEmpty();
    }
}
