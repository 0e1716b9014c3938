package org.dosewarden.dose.lint;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dosewarden.dose.library.AfterCare;
import org.dosewarden.dose.library.DosingForm;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.ObservationPrompt;
import org.dosewarden.dose.quantity.DurationText;

/**
 * Checks of an entry's observations, prompts and monitoring period (SR-O1..O3) that the schema cannot
 * express. Which observations exist, and their values, the schema itself checks. Errors: prompts without
 * observations to prompt for, the same prompt written twice (PT40M and 40min), a monitoring period longer
 * than {@link #MAX_MONITORING}. Warning: a prompt later than the longest session the entry allows, which
 * would never come.
 */
final class AfterCareLint {

    /** Longer than this is not an after-care period but a typo (PT2H written as P2D). */
    static final Duration MAX_MONITORING = Duration.ofHours(24);

    private AfterCareLint() {
    }

    static void lint(List<LintFinding> out, String where, DrugEntry entry) {
        AfterCare care = entry.afterCare();
        if (!care.prompts().isEmpty() && care.observations().isEmpty()) {
            out.add(LintFinding.error(where + " observationPrompts", "prompts for observations, but the entry names "
                    + "no observations to record"));
        }
        Set<ObservationPrompt> seen = new HashSet<>();
        for (ObservationPrompt p : care.prompts()) {
            if (!seen.add(p)) {
                out.add(LintFinding.error(where + " observationPrompts", "the prompt " + p.text() + " is listed twice"));
            }
        }
        if (care.monitoringAfter().compareTo(MAX_MONITORING) > 0) {
            out.add(LintFinding.error(where + " monitoringAfter", "monitoring for " + DurationText.display(care.monitoringAfter())
                    + " after the infusion is longer than " + DurationText.display(MAX_MONITORING) + "; is it a typo?"));
        }
        longestSession(entry).ifPresent(longest -> {
            for (ObservationPrompt p : care.prompts()) {
                if (!p.atEnd() && p.afterStart().compareTo(longest) > 0) {
                    out.add(LintFinding.warning(where + " observationPrompts", "the prompt " + p.text()
                            + " comes after the longest session this entry allows (" + DurationText.display(longest)
                            + "): it is only reached if the infusion is paused for long; use 'end' for after the infusion"));
                }
            }
        });
    }

    /** The hard maximum duration of a session, when every form the entry allows has one. */
    private static Optional<Duration> longestSession(DrugEntry entry) {
        if (entry.forms().contains(DosingForm.DOSE_RATE) || entry.forms().contains(DosingForm.STEPS)) {
            return Optional.empty();
        }
        return entry.doseOverTime().duration().hardMax();
    }
}
