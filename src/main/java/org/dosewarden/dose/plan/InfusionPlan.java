package org.dosewarden.dose.plan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.dosewarden.dose.quantity.Volume;

/**
 * What the pump is asked to do for one session: the ordered steps, each with its rate and volume to be
 * infused. This is the contract between dosing ({@code dose}) and supervision ({@code safety}); drug
 * amounts, concentration and the decision that allowed the plan travel beside it, not inside it.
 *
 * @param drugId the drug library entry the plan was derived from
 * @param steps  at least one step, run in order
 */
public record InfusionPlan(String drugId, List<PlannedStep> steps) {

    public InfusionPlan {
        Objects.requireNonNull(drugId, "drugId");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one step");
        }
    }

    /** Sum of every step's volume to be infused: the session volume cap. */
    public Volume totalVolume() {
        Volume total = Volume.ZERO;
        for (PlannedStep step : steps) {
            total = total.plus(step.volumeToBeInfused());
        }
        return total;
    }

    /** Sum of every step's expected duration. */
    public Duration expectedDuration() {
        Duration total = Duration.ZERO;
        for (PlannedStep step : steps) {
            total = total.plus(step.expectedDuration());
        }
        return total;
    }
}
