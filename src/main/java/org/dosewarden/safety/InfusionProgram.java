package org.dosewarden.safety;

import java.time.Duration;
import java.util.Objects;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.dose.plan.InfusionPlan;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * Everything the safety core needs from the prescription, the drug library and the pump profile, as plain
 * values. The programming check (library limits, overrides) has already allowed the plan; the core
 * supervises it.
 *
 * @param sessionId                 id of this infusion session (journal key)
 * @param patientId                 patient the session belongs to
 * @param plan                      the steps to run, rates and VTBIs already rounded down to the pump
 * @param secondClinicianRequired   high-alert drug: a second, different clinician confirms before start (SR-I2)
 * @param keepVeinOpen              whether KVO may run after completion ({@link KeepVeinOpen#NONE} if not)
 * @param vitalsProfile             the vitals rules of the drug, or {@code null} for no vitals supervision
 * @param rateResolution            the pump's rate step at the plan's rates; readback tolerance (SR-A3)
 * @param volumeResolution          the pump's volume step; VTBIs sent are rounded down to it
 * @param settings                  tolerances and timeouts for this session
 * @param monitoringAfter           after-care: how long the patient is watched once delivery has ended, before
 *                                  the session may close with a discharge sign-off (SR-O3); zero for none
 */
public record InfusionProgram(
        String sessionId,
        String patientId,
        InfusionPlan plan,
        boolean secondClinicianRequired,
        KeepVeinOpen keepVeinOpen,
        VitalsProfile vitalsProfile,
        FlowRate rateResolution,
        Volume volumeResolution,
        SafetySettings settings,
        Duration monitoringAfter) {

    public InfusionProgram {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(keepVeinOpen, "keepVeinOpen");
        Objects.requireNonNull(rateResolution, "rateResolution");
        Objects.requireNonNull(volumeResolution, "volumeResolution");
        Objects.requireNonNull(settings, "settings");
        // A program journaled before after-care existed has no monitoring period: it closes as it always did.
        monitoringAfter = monitoringAfter == null ? Duration.ZERO : monitoringAfter;
        if (monitoringAfter.isNegative()) {
            throw new IllegalArgumentException("the monitoring period cannot be negative: " + monitoringAfter);
        }
        if (sessionId.isBlank()) {
            throw new IllegalArgumentException("a program needs a session id");
        }
        if (rateResolution.isZero()) {
            throw new IllegalArgumentException("the pump's rate resolution must be above zero");
        }
        if (volumeResolution.isZero()) {
            throw new IllegalArgumentException("the pump's volume resolution must be above zero");
        }
        for (int i = 0; i < plan.steps().size(); i++) {
            PlannedStep step = plan.steps().get(i);
            // A VTBI of 0 means "continuous" to a New Era pump: it would remove the pump-side limit.
            if (step.volumeToBeInfused().isZero()) {
                throw new IllegalArgumentException("step " + (i + 1) + " has a volume to be infused of 0 mL; "
                        + "a pump reads 0 as 'no limit', so every step needs a volume above zero");
            }
        }
    }

    /** A program without after-care monitoring. */
    public InfusionProgram(String sessionId, String patientId, InfusionPlan plan, boolean secondClinicianRequired,
                           KeepVeinOpen keepVeinOpen, VitalsProfile vitalsProfile, FlowRate rateResolution,
                           Volume volumeResolution, SafetySettings settings) {
        this(sessionId, patientId, plan, secondClinicianRequired, keepVeinOpen, vitalsProfile, rateResolution,
                volumeResolution, settings, Duration.ZERO);
    }

    /** True when the session is watched after delivery and closes with a discharge sign-off (SR-O3). */
    public boolean monitorsAfterDelivery() {
        return !monitoringAfter.isZero();
    }

    public PlannedStep step(int index) {
        return plan.steps().get(index);
    }

    public int stepCount() {
        return plan.steps().size();
    }
}
