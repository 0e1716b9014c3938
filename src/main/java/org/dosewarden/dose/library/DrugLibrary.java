package org.dosewarden.dose.library;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded, validated drug library: versioned, with its vitals profiles and care areas. Immutable. The
 * shell loads it from YAML (schema-validated, linted) and refuses to start a channel on an invalid one.
 *
 * @param version        the library's own version string (journaled with every program decision)
 * @param name           the clinic's name for the library
 * @param vitalsProfiles vitals profiles that entries reference by id
 * @param careAreas      the care areas
 */
public record DrugLibrary(String version, String name, List<VitalsProfile> vitalsProfiles, List<CareArea> careAreas) {

    public DrugLibrary {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(name, "name");
        vitalsProfiles = List.copyOf(vitalsProfiles);
        careAreas = List.copyOf(careAreas);
    }

    public Optional<CareArea> careArea(String id) {
        return careAreas.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The entry {@code drugId} of care area {@code careAreaId}. */
    public Optional<DrugEntry> entry(String careAreaId, String drugId) {
        return careArea(careAreaId).flatMap(c -> c.entry(drugId));
    }

    /** Every entry with {@code drugId}, across care areas (to find the care area when none is named). */
    public List<DrugEntry> entriesWithId(String drugId) {
        return careAreas.stream().flatMap(c -> c.entries().stream()).filter(e -> e.id().equals(drugId)).toList();
    }

    public Optional<VitalsProfile> vitalsProfile(String id) {
        return vitalsProfiles.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The vitals profile that supervises {@code entry}, if it names one that exists. */
    public Optional<VitalsProfile> vitalsProfileOf(DrugEntry entry) {
        return entry.vitalsProfile().flatMap(this::vitalsProfile);
    }
}
