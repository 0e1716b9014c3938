package org.dosewarden.cli;

import java.util.Optional;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.pump.profile.DeviceProfile;
import org.dosewarden.pump.profile.DeviceProfileException;
import org.dosewarden.pump.profile.DeviceProfiles;

/**
 * Finds the {@link PumpCapability} for {@code plan --profile ID --syringe ID}: the built-in generic pump, or a
 * device profile (from {@link DeviceProfiles#standard()}) with a syringe of its table.
 */
final class PumpProfiles {

    private PumpProfiles() {
    }

    /**
     * The capability of profile {@code id} with {@code syringe}.
     *
     * @throws PlanCommand.BadInput naming the profile or syringe when unknown or invalid
     */
    static PumpCapability capability(String id, Optional<String> syringe) {
        if (id.equals(PlanCommand.GENERIC_PROFILE)) {
            if (syringe.isPresent()) {
                throw new PlanCommand.BadInput("--syringe needs a device profile; the generic pump has none");
            }
            return PumpCapability.generic();
        }
        DeviceProfiles profiles = DeviceProfiles.standard();
        DeviceProfile profile;
        try {
            profile = profiles.load(id);
        } catch (DeviceProfileException e) {
            throw new PlanCommand.BadInput("--profile: " + e.getMessage() + " (or use '" + PlanCommand.GENERIC_PROFILE + "')");
        }
        if (syringe.isEmpty()) {
            throw new PlanCommand.BadInput("--profile " + id + " needs --syringe ID; syringes: "
                    + String.join(", ", profile.syringes().stream().map(DeviceProfile.Syringe::id).toList()));
        }
        try {
            return profile.capability(syringe.get());
        } catch (IllegalArgumentException e) {
            throw new PlanCommand.BadInput("--syringe: " + e.getMessage());
        }
    }
}
