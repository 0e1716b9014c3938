package org.dosewarden.pump.ultra;

import java.util.ArrayList;
import java.util.List;
import org.dosewarden.pump.profile.DeviceProfile;
import org.dosewarden.pump.profile.FamilyRules;

/**
 * The Ultra family's profile checks: one framing ({@code prompt}: replies end in the prompt, and in XON in poll
 * mode), no checksum vectors, no communications watchdog, and an identify command the pump knows as a word.
 */
public final class UltraFamilyRules implements FamilyRules {

    @Override
    public String family() {
        return "ultra";
    }

    @Override
    public List<String> problems(DeviceProfile profile) {
        List<String> problems = new ArrayList<>();
        DeviceProfile.Framings f = profile.framings();
        if (!f.supported().equals(List.of("prompt"))) {
            problems.add("framings.supported: an Ultra pump speaks only the 'prompt' framing, not " + f.supported());
        }
        if (!f.testVectors().isEmpty()) {
            problems.add("framings: the Ultra command set has no checksum, so no test vectors");
        }
        if (profile.watchdog().supported()) {
            problems.add("capabilities.watchdog.supported: Ultra pumps have no communications watchdog; supervision "
                    + "uses a delivery lease instead");
        }
        if (!profile.identifyCommand().matches("[a-z]{1,12}")) {
            problems.add("identify.command: Ultra commands are lower-case words, not '" + profile.identifyCommand() + "'");
        }
        return problems;
    }
}
