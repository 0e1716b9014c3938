package org.dosewarden.testing;

import java.util.List;
import java.util.function.Function;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * The draws of a hand-written generator, taken from QuickTheories' randomness so that a failing case
 * shrinks: every draw is an index or a whole number whose smallest value is the simplest choice, and
 * shrinking moves the recorded draws toward it. A generator written against this reads like one written
 * against {@link java.util.Random}; put the plainest option first in every {@link #pick}.
 */
public final class Choices {

    private final RandomnessSource source;

    private Choices(RandomnessSource source) {
        this.source = source;
    }

    /** A generator of the values {@code make} builds from its draws. */
    public static <T> Gen<T> gen(Function<Choices, T> make) {
        return in -> make.apply(new Choices(in));
    }

    /** A whole number in [0, bound), shrinking toward 0. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) source.next(Constraint.between(0, bound - 1L));
    }

    /** A whole number in [min, max], shrinking toward the one nearest 0 (toward {@code min} when min &ge; 0). */
    public long between(long min, long max) {
        return source.next(Constraint.between(min, max));
    }

    /** false or true, shrinking toward false. */
    public boolean nextBoolean() {
        return nextInt(2) == 1;
    }

    /** True with {@code percent} % probability, shrinking toward false. */
    public boolean percent(int percent) {
        return nextInt(100) >= 100 - percent;
    }

    @SafeVarargs
    public final <T> T pick(T... options) {
        return options[nextInt(options.length)];
    }

    public <T> T pick(List<T> options) {
        return options.get(nextInt(options.size()));
    }

    public long pickLong(long... options) {
        return options[nextInt(options.length)];
    }
}
