package org.dosewarden.dose.library;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dosewarden.dose.quantity.BodyWeight;

/**
 * A care area of the drug library (psychiatry, anaesthesia, ICU ...): its patient-weight plausibility
 * limits and its drug entries.
 *
 * @param id          e.g. {@code psychiatry}; prescriptions name it
 * @param displayName what a clinician reads
 * @param weight      body-weight plausibility limits (an adult profile: hard maximum 500 kg)
 * @param entries     the drug entries of this care area
 */
public record CareArea(String id, String displayName, Bounds<BodyWeight> weight, List<DrugEntry> entries) {

    public CareArea {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(weight, "weight");
        entries = List.copyOf(entries);
    }

    /** The first entry with {@code drugId} (ids are unique within a care area in a linted library). */
    public Optional<DrugEntry> entry(String drugId) {
        return entries.stream().filter(e -> e.id().equals(drugId)).findFirst();
    }
}
