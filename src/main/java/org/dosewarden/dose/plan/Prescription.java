package org.dosewarden.dose.plan;

import java.util.Objects;
import java.util.Optional;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;

/**
 * What a prescriber ordered for one infusion session. Units are as written; nothing here has been
 * checked against the drug library yet (that is the programming check's job).
 *
 * @param patientId     the patient
 * @param bed           where the patient is, if given
 * @param weight        body weight used for per-kg doses
 * @param drugId        the drug-library entry id, e.g. {@code ketamine-psych}
 * @param careArea      the care area whose library entry applies, e.g. {@code psychiatry}
 * @param concentration the concentration of the prepared infusion
 * @param prescriber    who prescribed
 * @param dosing        how much drug, in one of the three forms
 */
public record Prescription(String patientId, Optional<String> bed, BodyWeight weight, String drugId, String careArea,
        Concentration concentration, String prescriber, Dosing dosing) {

    public Prescription {
        requireText(patientId, "patientId");
        Objects.requireNonNull(bed, "bed");
        Objects.requireNonNull(weight, "weight");
        requireText(drugId, "drug");
        requireText(careArea, "careArea");
        Objects.requireNonNull(concentration, "concentration");
        requireText(prescriber, "prescriber");
        Objects.requireNonNull(dosing, "dosing");
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
    }
}
