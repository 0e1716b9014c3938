package org.dosewarden.pump.newera;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.dosewarden.pump.profile.DeviceProfile;
import org.dosewarden.pump.profile.FamilyRules;

/**
 * The New Era family's profile checks: only the basic and safe framings exist, the safe framing's test vectors
 * are reproduced byte for byte by {@link NeFrames}, and the watchdog (safe mode) needs the safe framing.
 */
public final class NeFamilyRules implements FamilyRules {

    private static final Set<String> FRAMINGS = Set.of("basic", "safe");

    @Override
    public String family() {
        return "newera";
    }

    @Override
    public List<String> problems(DeviceProfile profile) {
        List<String> problems = new ArrayList<>();
        DeviceProfile.Framings framings = profile.framings();
        for (String f : framings.supported()) {
            if (!FRAMINGS.contains(f)) {
                problems.add("framings.supported: '" + f + "' is not a New Era framing (basic, safe)");
            }
        }
        for (DeviceProfile.TestVector v : framings.testVectors()) {
            String actual = HexFormat.of().formatHex(NeFrames.safe(v.payload()));
            if (!actual.equals(v.frameHex())) {
                problems.add("framings.safe.testVectors: payload '" + v.payload() + "' frames as " + actual
                        + ", the profile says " + v.frameHex());
            }
        }
        if (profile.watchdog().supported() && !framings.supported().contains("safe")) {
            problems.add("capabilities.watchdog.supported needs the 'safe' framing in framings.supported");
        }
        return problems;
    }
}
