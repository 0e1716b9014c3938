package org.dosewarden.dose.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.dosewarden.dose.library.DrugLibrary;

/**
 * SR-L1: what a candidate drug library would change. Every recorded program order is checked again against the
 * candidate with the same prescription (weight, entry, concentration, dosing), the same pump, the same course
 * history and the same overrides the clinician gave; a program whose outcome differs from the recorded one is a
 * change. Pure: same inputs, same answer.
 *
 * <p>The limits responsible are the ones that decide the new outcome and did not decide the old one: for a
 * program now refused, its hard violations; for one now needing an override, the soft limits its recorded
 * overrides do not cover; for one now allowed that was not, the limits that no longer hold it back.
 */
public final class LibraryImpact {

    private LibraryImpact() {
    }

    /**
     * A program whose outcome the candidate changes.
     *
     * @param program    the recorded program
     * @param before     the outcome recorded when it was programmed
     * @param after      its outcome under the candidate library
     * @param limits     limit ids responsible for the change (e.g. {@code doseRate.hardMax}), in the check's order
     * @param violations the candidate's violations behind {@code limits}, with the messages a clinician reads
     */
    public record Change(RecordedProgram program, Outcome before, Outcome after, List<String> limits,
            List<Violation> violations) {

        public Change {
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            limits = List.copyOf(limits);
            violations = List.copyOf(violations);
        }
    }

    /** The changes {@code candidate} makes to {@code programs}, in the programs' order. */
    public static List<Change> changes(List<RecordedProgram> programs, DrugLibrary candidate) {
        List<Change> changes = new ArrayList<>();
        for (RecordedProgram p : programs) {
            replay(p, candidate).ifPresent(changes::add);
        }
        return changes;
    }

    /** One program through {@code candidate}'s programming check; empty when its outcome stays the same. */
    public static Optional<Change> replay(RecordedProgram program, DrugLibrary candidate) {
        ProgrammingDecision then = program.decisionThen();
        ProgrammingDecision now = ProgrammingCheck.check(program.prescription(), candidate, program.pump(),
                then.overrides(), program.history()).decision();
        if (now.outcome() == then.outcome()) {
            return Optional.empty();
        }
        Set<String> blockingThen = blockingIds(then);
        List<Violation> responsible = new ArrayList<>();
        for (Violation v : blocking(now)) {
            if (!blockingThen.contains(v.limitId())) {
                responsible.add(v);
            }
        }
        Set<String> limits = new LinkedHashSet<>();
        responsible.forEach(v -> limits.add(v.limitId()));
        if (limits.isEmpty()) {
            // Less restrictive now: what held the program back then and no longer does.
            Set<String> blockingNow = blockingIds(now);
            blockingThen.stream().filter(id -> !blockingNow.contains(id)).forEach(limits::add);
        }
        return Optional.of(new Change(program, then.outcome(), now.outcome(), List.copyOf(limits), responsible));
    }

    /** The violations that decide a decision's outcome: hard ones when refused, else soft ones not overridden. */
    private static List<Violation> blocking(ProgrammingDecision d) {
        return d.outcome() == Outcome.REFUSED ? d.hardViolations() : d.pendingOverrides();
    }

    private static Set<String> blockingIds(ProgrammingDecision d) {
        Set<String> ids = new LinkedHashSet<>();
        blocking(d).forEach(v -> ids.add(v.limitId()));
        return ids;
    }
}
