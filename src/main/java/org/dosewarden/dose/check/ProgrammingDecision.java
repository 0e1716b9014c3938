package org.dosewarden.dose.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The programming check's immutable verdict on a prescription: the outcome, every violation found, the
 * most limiting one and the overrides that were applied. The outcome is derived, never chosen: any hard
 * violation refuses; a soft violation without an override needs one; otherwise allowed.
 *
 * @param outcome      derived from the violations and overrides
 * @param violations   every violation, hard ones first, each in the order the check found it
 * @param mostLimiting the violation that limits most: the hard one furthest beyond its limit (relative), else
 *                     the soft one furthest beyond; empty when there is no violation
 * @param overrides    the overrides that turned soft violations into allowed ones (only those that matched)
 */
public record ProgrammingDecision(Outcome outcome, List<Violation> violations, Optional<Violation> mostLimiting,
        List<LimitOverride> overrides) {

    public ProgrammingDecision {
        Objects.requireNonNull(outcome, "outcome");
        violations = List.copyOf(violations);
        Objects.requireNonNull(mostLimiting, "mostLimiting");
        overrides = List.copyOf(overrides);
        Outcome derived = derive(violations, overrides);
        if (outcome != derived) {
            throw new IllegalArgumentException("outcome " + outcome + " does not follow from the violations (" + derived + ")");
        }
        if (mostLimiting.isPresent() != !violations.isEmpty()) {
            throw new IllegalArgumentException("mostLimiting must be present exactly when there are violations");
        }
    }

    /** An allowed decision without violations. */
    public static ProgrammingDecision allowed() {
        return new ProgrammingDecision(Outcome.ALLOWED, List.of(), Optional.empty(), List.of());
    }

    /** The outcome that {@code violations} with {@code overrides} lead to. */
    public static Outcome derive(List<Violation> violations, List<LimitOverride> overrides) {
        boolean unoverriddenSoft = false;
        for (Violation v : violations) {
            if (v.hard()) {
                return Outcome.REFUSED;
            }
            if (overrides.stream().noneMatch(o -> o.limitId().equals(v.limitId()))) {
                unoverriddenSoft = true;
            }
        }
        return unoverriddenSoft ? Outcome.NEEDS_OVERRIDE : Outcome.ALLOWED;
    }

    /** True when the program may go to the pump (allowed, possibly with overrides). */
    public boolean permitsStart() {
        return outcome == Outcome.ALLOWED;
    }

    /** Soft violations not yet covered by an override: what a clinician still has to override. */
    public List<Violation> pendingOverrides() {
        List<Violation> pending = new ArrayList<>();
        for (Violation v : violations) {
            if (!v.hard() && overrides.stream().noneMatch(o -> o.limitId().equals(v.limitId()))) {
                pending.add(v);
            }
        }
        return pending;
    }

    public List<Violation> hardViolations() {
        return violations.stream().filter(Violation::hard).toList();
    }
}
