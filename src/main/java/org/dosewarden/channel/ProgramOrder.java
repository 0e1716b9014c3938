package org.dosewarden.channel;

import java.util.Objects;
import org.dosewarden.dose.check.ProgrammingDecision;
import org.dosewarden.dose.plan.ProgrammedInfusion;

/**
 * A program that has passed the programming check (drug library, pump capability, course history) and is
 * ready to load into a channel. The front end builds it; the channel journals it whole and turns it into
 * the safety core's program (session id, vitals profile, pump resolutions, settings).
 *
 * @param infusion         the checked prescription and its pump plan (rates and volumes already rounded
 *                         down to the channel's pump), with the high-alert flag, KVO and vitals profile
 * @param decision         the programming check's decision; always {@link ProgrammingDecision#permitsStart()}:
 *                         allowed, possibly with soft limits overridden (each override has a reason, SR-A1)
 * @param prescriptionJson the prescription exactly as accepted (canonical JSON), for the record
 */
public record ProgramOrder(ProgrammedInfusion infusion, ProgrammingDecision decision, String prescriptionJson) {

    public ProgramOrder {
        Objects.requireNonNull(infusion, "infusion");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(prescriptionJson, "prescriptionJson");
        if (!decision.permitsStart()) {
            throw new IllegalArgumentException("only an allowed program can be loaded, not " + decision.outcome());
        }
    }

    public String patientId() {
        return infusion.prescription().patientId();
    }

    public String drugId() {
        return infusion.prescription().drugId();
    }

    /** A second, different clinician must confirm before start (SR-I2). */
    public boolean highAlert() {
        return infusion.highAlert();
    }
}
