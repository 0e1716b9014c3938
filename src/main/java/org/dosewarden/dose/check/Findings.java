package org.dosewarden.dose.check;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.dosewarden.dose.library.Bound;
import org.dosewarden.dose.library.Bounds;
import org.dosewarden.dose.library.Severity;
import org.dosewarden.dose.quantity.Decimals;
import org.dosewarden.dose.quantity.Fraction;

/** Collects violations while a check runs, with how far each is beyond its limit, and turns them into a decision. */
final class Findings {

    /**
     * A violation, its rank and its relative excess (≥ 1; empty = infinitely far, e.g. a limit of zero).
     * Rank 0: categorical (unknown drug, unit mismatch, form not allowed); rank 1: the patient's weight, which
     * every per-kg number depends on; rank 2: everything else.
     */
    private record Found(Violation violation, int rank, Optional<BigDecimal> excess, int order) {
    }

    private static int rank(String limitId) {
        return limitId.startsWith("weight.") ? 1 : 2;
    }

    private final List<Found> found = new ArrayList<>();

    void categorical(String limitId, Severity severity, String limit, String requested, String message) {
        found.add(new Found(new Violation(limitId, severity, limit, requested, message), 0, Optional.empty(), found.size()));
    }

    /**
     * Checks {@code requested} (exact, in the canonical absolute unit) against every limit of {@code bounds}.
     *
     * @param idPrefix   limit-id prefix, e.g. {@code doseRate}
     * @param what       how the message names the quantity, e.g. "dose rate"
     * @param whose      whose limit, e.g. "ketamine — psychiatric session (psychiatry)"
     * @param limitValue a limit in the same canonical absolute unit as {@code requested}
     * @param text       how a value in canonical absolute units reads in the limit's unit, and the limit itself
     */
    <Q> void bounds(String idPrefix, String what, String whose, Bounds<Q> bounds, Fraction requested,
            Function<Q, Fraction> limitValue, Text<Q> text) {
        for (Bound bound : List.of(Bound.HARD_MIN, Bound.HARD_MAX, Bound.SOFT_MIN, Bound.SOFT_MAX)) {
            Optional<Q> limit = bounds.get(bound);
            if (limit.isEmpty()) {
                continue;
            }
            Fraction l = limitValue.apply(limit.get());
            int cmp = requested.compareTo(l);
            boolean violated = bound.upper() ? cmp > 0 : cmp < 0;
            if (!violated) {
                continue;
            }
            String limitText = text.limit(limit.get());
            String requestedText = text.requested(limit.get(), requested, l);
            String message = what + " " + requestedText + " is " + (bound.upper() ? "above" : "below") + " the "
                    + bound.describe() + " " + limitText + " for " + whose;
            Optional<BigDecimal> excess = bound.upper() ? ratio(requested, l) : ratio(l, requested);
            String id = idPrefix + "." + bound.key();
            found.add(new Found(new Violation(id, bound.severity(), limitText, requestedText, capitalise(message)), rank(id),
                    excess, found.size()));
        }
    }

    /** A single-limit violation with a numeric excess (pump range, step count). */
    void numeric(String limitId, Severity severity, String limit, String requested, String message, Fraction over,
            Fraction under) {
        found.add(new Found(new Violation(limitId, severity, limit, requested, capitalise(message)), rank(limitId),
                ratio(over, under), found.size()));
    }

    boolean any(Severity severity) {
        return found.stream().anyMatch(f -> f.violation().severity() == severity);
    }

    void addAll(Findings other) {
        for (Found f : other.found) {
            found.add(new Found(f.violation(), f.rank(), f.excess(), found.size()));
        }
    }

    List<Violation> violations() {
        return found.stream().map(Found::violation).toList();
    }

    /**
     * The decision: hard violations first. Most limiting: hard before soft; then categorical before weight before
     * the rest; then furthest beyond its limit (relative); then first found.
     */
    ProgrammingDecision decide(List<LimitOverride> overrides) {
        List<Found> ordered = new ArrayList<>(found);
        ordered.sort(Comparator.comparing((Found f) -> f.violation().severity()).thenComparingInt(Found::order));
        List<Violation> violations = ordered.stream().map(Found::violation).toList();
        Optional<Violation> mostLimiting = ordered.stream().min(Comparator
                .comparing((Found f) -> f.violation().severity())
                .thenComparingInt(Found::rank)
                .thenComparing(Found::excess, Comparator.comparing((Optional<BigDecimal> e) -> e.orElse(null),
                        Comparator.nullsFirst(Comparator.<BigDecimal>reverseOrder())))
                .thenComparingInt(Found::order))
                .map(Found::violation);
        List<LimitOverride> applied = overrides.stream()
                .filter(o -> violations.stream().anyMatch(v -> !v.hard() && v.limitId().equals(o.limitId())))
                .toList();
        return new ProgrammingDecision(ProgrammingDecision.derive(violations, applied), violations, mostLimiting, applied);
    }

    /** {@code a / b}, to 12 significant digits; empty when {@code b} is zero (infinitely far beyond). */
    private static Optional<BigDecimal> ratio(Fraction a, Fraction b) {
        if (b.signum() <= 0) {
            return Optional.empty();
        }
        return Optional.of(a.dividedBy(b).approximate(12));
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** How a limit and a requested value read in the limit's unit. */
    interface Text<Q> {
        String limit(Q limit);

        /** {@code requested} (canonical absolute) in {@code limit}'s unit; {@code limitValue} is the limit in canonical units. */
        String requested(Q limit, Fraction requested, Fraction limitValue);
    }

    /**
     * {@code value} rounded for display, with enough digits that it never reads equal to {@code limit} unless
     * it is (so no "1.6 is above 1.6"). Rounding HALF_UP, display only.
     */
    static String number(Fraction value, Fraction limit) {
        boolean equal = value.compareTo(limit) == 0;
        for (int digits = 4; digits <= 30; digits++) {
            BigDecimal approx = value.approximate(digits);
            BigDecimal limitApprox = limit.approximate(30);
            if (equal || approx.compareTo(limitApprox) != 0) {
                return Decimals.format(approx);
            }
        }
        return Decimals.format(value.toDecimal(30, RoundingMode.HALF_UP));
    }
}
