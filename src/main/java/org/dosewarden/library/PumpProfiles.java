package org.dosewarden.library;

import java.util.Optional;
import org.dosewarden.dose.PumpCapability;

/** Finds the {@link PumpCapability} for {@code plan --profile}: the built-in generic pump for now. */
final class PumpProfiles {

    private PumpProfiles() {
    }

    /**
     * The capability of profile {@code id} with {@code syringe}.
     *
     * @throws PlanCommand.BadInput naming the profile when it is unknown
     */
    static PumpCapability capability(String id, Optional<String> syringe) {
        if (id.equals(PlanCommand.GENERIC_PROFILE)) {
            if (syringe.isPresent()) {
                throw new PlanCommand.BadInput("--syringe needs a device profile; the generic pump has none");
            }
            return PumpCapability.generic();
        }
        throw new PlanCommand.BadInput("unknown pump profile '" + id + "'; known: " + PlanCommand.GENERIC_PROFILE);
    }
}
