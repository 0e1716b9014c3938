package org.dosewarden.dose.plan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dosewarden.dose.library.AfterCare;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.DrugAmount;
import org.dosewarden.dose.quantity.Volume;

/**
 * A prescription turned into a pump plan, with everything beside the plan the safety core needs to run
 * and supervise it. Whether it may run is the {@link ProgrammingDecision} that comes with it.
 *
 * @param prescription   what was prescribed
 * @param libraryVersion version of the drug library the plan was checked against
 * @param plan           the pump plan: per step rate, volume to be infused and expected duration
 * @param steps          the same steps with their drug amounts and binding caps (same order as the plan)
 * @param concentration  the preparation's concentration (amount = volume × concentration)
 * @param totalDose      drug delivered by the whole plan, rounded DOWN to a whole µg / milli-unit
 * @param highAlert      a second, different clinician must confirm before start (SR-I2)
 * @param kvoAllowed     a keep-vein-open rate may run after completion
 * @param vitalsProfile  the vitals profile supervising this drug, if its entry names one
 * @param afterCare      the entry's observations, their prompts and the monitoring period after delivery (SR-O1..O3)
 */
public record ProgrammedInfusion(Prescription prescription, String libraryVersion, InfusionPlan plan,
        List<ProgrammedStep> steps, Concentration concentration, DrugAmount totalDose, boolean highAlert,
        boolean kvoAllowed, Optional<VitalsProfile> vitalsProfile, AfterCare afterCare) {

    public ProgrammedInfusion {
        Objects.requireNonNull(prescription, "prescription");
        Objects.requireNonNull(libraryVersion, "libraryVersion");
        Objects.requireNonNull(plan, "plan");
        steps = List.copyOf(steps);
        Objects.requireNonNull(concentration, "concentration");
        Objects.requireNonNull(totalDose, "totalDose");
        Objects.requireNonNull(vitalsProfile, "vitalsProfile");
        // An order journaled before after-care existed has none.
        afterCare = afterCare == null ? AfterCare.NONE : afterCare;
        if (!plan.steps().equals(steps.stream().map(ProgrammedStep::planned).toList())) {
            throw new IllegalArgumentException("programmed steps must be the plan's steps, in order");
        }
        totalDose.requireKind(concentration.kind(), concentration.display());
    }

    /** The session volume cap: the sum of every step's volume to be infused. */
    public Volume totalVolume() {
        return plan.totalVolume();
    }
}
