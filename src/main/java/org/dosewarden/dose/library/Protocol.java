package org.dosewarden.dose.library;

import java.util.Objects;

/**
 * A named, approved way of giving a library entry's drug (e.g. "Dakwar two-step 0.71 mg/kg"). The library
 * linter checks every protocol against its own entry's limits.
 *
 * @param id     unique within the entry
 * @param name   clinician-readable name
 * @param dosing what the protocol gives
 */
public record Protocol(String id, String name, Dosing dosing) {

    public Protocol {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dosing, "dosing");
    }
}
