package org.dosewarden.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a property's generated cases covered: counts per label and value, printed after the run, and the
 * guard that a property did not pass merely because almost nothing it generated reached its checks ("at
 * least N % of the cases were accepted programs").
 */
public final class Tally {

    private final String property;
    private final Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();

    public Tally(String property) {
        this.property = property;
    }

    /** Counts one case under {@code label} with {@code value}. Thread-confined, like the property run. */
    public void collect(String label, Object value) {
        counts.computeIfAbsent(label, l -> new TreeMap<>()).merge(String.valueOf(value), 1, Integer::sum);
    }

    /** Cases counted under {@code label}. */
    public int cases(String label) {
        return counts.getOrDefault(label, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Cases counted under {@code label} with {@code value}. */
    public int cases(String label, Object value) {
        return counts.getOrDefault(label, Map.of()).getOrDefault(String.valueOf(value), 0);
    }

    /**
     * Fails unless at least {@code minimumPercent} % of the cases under {@code label} had {@code value}, and
     * unless at least {@code minimumCases} cases were counted at all.
     */
    public void requireShare(String label, Object value, int minimumPercent, int minimumCases) {
        int all = cases(label);
        int hits = cases(label, value);
        if (all < minimumCases) {
            throw new AssertionError(property + ": only " + all + " case(s) counted under '" + label + "', at least "
                    + minimumCases + " required" + System.lineSeparator() + this);
        }
        if (hits * 100L < (long) minimumPercent * all) {
            throw new AssertionError(property + ": only " + hits + " of " + all + " generated cases ("
                    + percent(hits, all) + ") had " + label + " = " + value + "; at least " + minimumPercent
                    + " % required, or the property's checks are barely exercised" + System.lineSeparator() + this);
        }
    }

    /** Prints every label with its values, counts and shares (Surefire keeps it in the test's output file). */
    public void print() {
        System.out.println(this);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(property).append(System.lineSeparator());
        counts.forEach((label, values) -> {
            int all = values.values().stream().mapToInt(Integer::intValue).sum();
            out.append("  ").append(label).append(" (").append(all).append(" cases)").append(System.lineSeparator());
            values.forEach((value, n) -> out.append("    ").append(value).append(": ").append(n).append(" (")
                    .append(percent(n, all)).append(')').append(System.lineSeparator()));
        });
        return out.toString();
    }

    private static String percent(int part, int all) {
        return all == 0 ? "-" : Math.round(part * 100.0 / all) + " %";
    }
}
