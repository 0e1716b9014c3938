package org.dosewarden.channel;

import java.util.List;
import java.util.Objects;
import org.dosewarden.dose.InfusionPlan;

/**
 * A program that has passed the programming check (drug library, pump capability, course history) and
 * is ready to load into a channel. The front end builds it; the channel journals it whole and hands the
 * plan to the safety core.
 *
 * @param patientId        the patient the session is for
 * @param drugId           drug library entry id, e.g. {@code ketamine-psych}
 * @param careArea         care area of the library entry used
 * @param prescriber       who prescribed it (from the prescription)
 * @param highAlert        the library marks the drug high-alert: a second, different clinician must
 *                         {@link ClinicianIntent.ClinicianAction.Confirm confirm} before start (SR-I2)
 * @param plan             pump steps, rates and volumes already rounded down to the pump's resolution
 * @param overrides        soft limits overridden by the clinician, each with a reason (SR-A1)
 * @param overridden       the soft violations those overrides answered, for the journal
 * @param prescriptionJson the prescription exactly as accepted (canonical JSON), for the record
 */
public record ProgramOrder(
        String patientId,
        String drugId,
        String careArea,
        String prescriber,
        boolean highAlert,
        InfusionPlan plan,
        List<LimitOverride> overrides,
        List<LimitViolation> overridden,
        String prescriptionJson) {

    public ProgramOrder {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(drugId, "drugId");
        Objects.requireNonNull(careArea, "careArea");
        Objects.requireNonNull(prescriber, "prescriber");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(prescriptionJson, "prescriptionJson");
        overrides = List.copyOf(overrides);
        overridden = List.copyOf(overridden);
    }
}
