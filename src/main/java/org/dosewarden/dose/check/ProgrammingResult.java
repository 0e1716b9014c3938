package org.dosewarden.dose.check;

import java.util.Objects;
import java.util.Optional;
import org.dosewarden.dose.plan.ProgrammedInfusion;

/**
 * What the programming check returns: the decision, and the programmed infusion whenever one could be
 * planned (also when refused, so a clinician sees the numbers). Only an infusion whose decision
 * {@link ProgrammingDecision#permitsStart() permits start} may go to a pump.
 *
 * @param decision the verdict
 * @param infusion the plan, absent when none could be made (unknown drug, unit mismatch, ...)
 */
public record ProgrammingResult(ProgrammingDecision decision, Optional<ProgrammedInfusion> infusion) {

    public ProgrammingResult {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(infusion, "infusion");
    }
}
