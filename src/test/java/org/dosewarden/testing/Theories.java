package org.dosewarden.testing;

import java.util.List;
import java.util.Optional;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Reporter;

/**
 * How the project runs property tests (QuickTheories): a fixed number of tries per property, shrinking of
 * a failing case to a small one, and a seed that is printed on failure and can be set again.
 *
 * <p>Reproducing a failure: the message names the seed; {@code -DQT_SEED=<seed>} on the Maven command line
 * (Surefire hands it to the forked JVM) makes every property draw the same cases again. {@code
 * -DQT_EXAMPLES=N} replaces every property's number of tries (a longer run), {@code -DQT_SHRINKS=N} the
 * shrink budget. {@code -DQT_MAX_EXAMPLES=N} caps the tries instead: mutation testing runs every property once
 * per surviving mutant, and a few dozen fixed-seed tries per run is what it can afford. Without a seed each property takes its own from the clock, so repeated runs explore
 * different cases.
 */
public final class Theories {

    /** QuickTheories' own system properties, read here so the tries written in a test stay the default. */
    public static final String SEED = "QT_SEED";
    public static final String EXAMPLES = "QT_EXAMPLES";
    public static final String SHRINKS = "QT_SHRINKS";
    public static final String MAX_EXAMPLES = "QT_MAX_EXAMPLES";

    /**
     * Shrink attempts after a failure when the test names none. Each attempt runs the property once; fast
     * properties (well under a millisecond) afford many, slow ones (HTTP, long chains) name fewer.
     */
    public static final int DEFAULT_SHRINKS = 20_000;

    private Theories() {
    }

    /** A theory tried {@code tries} times (or {@code -DQT_EXAMPLES}), shrinking a failure with the default budget. */
    public static QuickTheory qt(int tries) {
        return qt(tries, DEFAULT_SHRINKS);
    }

    /** A theory tried {@code tries} times, shrinking a failure with at most {@code shrinks} re-runs. */
    public static QuickTheory qt(int tries, int shrinks) {
        return QuickTheory.qt()
                .withExamples(tries(tries))
                .withShrinkCycles(integer(SHRINKS).orElse(shrinks))
                .withReporter(new SeedReporter());
    }

    /** The number of tries a property asking for {@code written} tries runs in this JVM. */
    public static int tries(int written) {
        int tries = integer(EXAMPLES).orElse(written);
        return Math.min(tries, integer(MAX_EXAMPLES).orElse(Integer.MAX_VALUE));
    }

    private static Optional<Integer> integer(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.valueOf(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + property + " must be a whole number, not '" + value + "'", e);
        }
    }

    /** Failure text: the smallest case first, then the seed and how to draw the same cases again. */
    private static final class SeedReporter implements Reporter {

        @Override
        public void falisification(long seed, int count, Object smallest, Throwable cause, List<Object> examples,
                AsString<Object> toString) {
            throw new AssertionError(text(seed, count, smallest, examples, toString, cause), cause);
        }

        @Override
        public void falisification(long seed, int count, Object smallest, List<Object> examples,
                AsString<Object> toString) {
            throw new AssertionError(text(seed, count, smallest, examples, toString, null));
        }

        @Override
        public void valuesExhausted(int completed) {
            throw new IllegalStateException("only " + completed + " generated case(s) met the property's assumptions;"
                    + " the generator must produce usable cases, not filter them out");
        }

        private static String text(long seed, int count, Object smallest, List<Object> examples,
                AsString<Object> toString, Throwable cause) {
            String first = examples.size() > 1 ? toString.asString(examples.getLast()) : "";
            return "property falsified after " + count + " case(s)" + System.lineSeparator()
                    + "smallest failing case (after shrinking):" + System.lineSeparator() + "  " + toString.asString(smallest)
                    + System.lineSeparator()
                    + (cause == null ? "" : "failure: " + cause + System.lineSeparator())
                    + (first.isEmpty() ? "" : "first failing case found, before shrinking:" + System.lineSeparator()
                            + "  " + first + System.lineSeparator())
                    + "seed " + seed + ": rerun with -D" + SEED + "=" + seed + " to draw the same cases";
        }
    }
}
