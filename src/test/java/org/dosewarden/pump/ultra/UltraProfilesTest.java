package org.dosewarden.pump.ultra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.profile.DeviceProfile;
import org.dosewarden.pump.profile.DeviceProfileException;
import org.dosewarden.pump.profile.DeviceProfiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped Ultra profiles validate against the schema and the family's rules, and say what the pumps lack. */
class UltraProfilesTest {

    static final DeviceProfiles SHIPPED = DeviceProfiles.in(Path.of("device-profiles"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"harvard-elite", "harvard-phd-ultra", "kds-legato", "sim-ultra"})
    void shippedUltraProfileLoads(String id) throws Exception {
        DeviceProfile p = SHIPPED.load(id);
        assertEquals("ultra", p.family());
        assertFalse(p.clinicalUse(), "laboratory pumps");
        assertFalse(p.watchdog().supported(), "no communications watchdog: the delivery lease stops the pump");
        assertEquals(SerialSettings.eightNoneOne(115200), p.serial());
        assertEquals(SyringeDiameter.ofMillimetres("26.59"), p.requireSyringe("bd-plastic-60ml").diameter());
        assertTrue(p.identifyPattern().matcher("11 ELITE I/W Single 3.0.4").matches());
        UltraDriverSettings s = UltraDriverSettings.from(p, 7);
        assertEquals(7, s.address());
        assertEquals(Duration.ofMillis(300), s.replyTimeout());
        assertEquals(12, s.garbledRetries());
        assertThrows(IllegalArgumentException.class, () -> UltraDriverSettings.from(p, 100));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a watchdog claimed|'supported: false                # no communications watchdog: supervision uses lease-seconds'|'supported: true\n    minSeconds: 1\n    maxSeconds: 255'|watchdog",
        "a framing it does not speak|'supported: [prompt]'|'supported: [prompt, safe]'|framings",
    })
    void familyRulesRefuse(String what, String from, String to, String named, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String shipped = Files.readString(Path.of("device-profiles/harvard-elite.yaml"));
        String text = shipped.replaceFirst(Pattern.quote(from), to);
        assertFalse(text.equals(shipped), what + ": replacement did not apply");
        DeviceProfileException e = assertThrows(DeviceProfileException.class,
                () -> DeviceProfiles.parse(text, "harvard-elite.yaml"));
        assertTrue(e.getMessage().contains(named), what + ": " + e.getMessage());
    }
}
