package org.dosewarden.pump.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.pump.newera.NeFraming;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped profiles load; anything unknown or invalid fails closed with a message naming the problem. */
class DeviceProfilesTest {

    static final DeviceProfiles SHIPPED = DeviceProfiles.in(Path.of("device-profiles"));

    static String shippedText() throws Exception {
        return Files.readString(Path.of("device-profiles/newera-ne1000.yaml"));
    }

    @Test
    void shippedProfilesLoad() throws Exception {
        assertTrue(SHIPPED.ids().containsAll(java.util.List.of("newera-ne1000", "sim-ne1000")), SHIPPED.ids().toString());
        for (String id : SHIPPED.ids()) {
            assertEquals(id, SHIPPED.load(id).id());
        }
        DeviceProfile ne = SHIPPED.load("newera-ne1000");
        assertEquals("newera", ne.family());
        assertFalse(ne.clinicalUse());
        assertEquals(SerialSettings.eightNoneOne(19200), ne.serial());
        assertEquals(Duration.ofMillis(500), ne.timing().replyTimeout());
        assertEquals(2, ne.timing().retries());
        assertEquals(NeFraming.BASIC, NeDriverSettings.from(ne, 0).initialFraming());
        assertEquals(new DeviceProfile.Watchdog(true, 1, 255, new java.math.BigDecimal("0.5")), ne.watchdog());
        assertEquals(SyringeDiameter.ofMillimetres("26.59"), ne.requireSyringe("bd-plastic-60ml").diameter());
        assertTrue(ne.identifyPattern().matcher("NE1000V3.928").matches());
        assertEquals(Optional.of("sim:"), SHIPPED.load("sim-ne1000").defaultPort());

        assertEquals(9600, ne.serialSettings(Optional.of(9600)).baudRate());
        IllegalArgumentException baud = assertThrows(IllegalArgumentException.class,
                () -> ne.serialSettings(Optional.of(115200)));
        assertTrue(baud.getMessage().contains("[19200, 9600, 2400, 1200, 300]"), baud.getMessage());
        assertEquals(42, NeDriverSettings.from(ne, 42).address());
        assertThrows(IllegalArgumentException.class, () -> NeDriverSettings.from(ne, 100));
    }

    @Test
    void unknownProfileListsTheKnownOnes() {
        DeviceProfileException e = assertThrows(DeviceProfileException.class, () -> SHIPPED.load("harvard-11"));
        assertTrue(e.getMessage().contains("unknown device profile 'harvard-11'"), e.getMessage());
        assertTrue(e.getMessage().contains("newera-ne1000"), e.getMessage());
        assertThrows(DeviceProfileException.class, () -> SHIPPED.load("../etc/passwd"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown key (typo)|'clinicalUse: false'|'clinicalUse: false\nclinicalUze: true'|clinicalUze",
        "wrong type|'retries: 2'|'retries: two'|retries",
        "baud not standard|'baudRate: 19200'|'baudRate: 19201'|baudRate",
        "missing required|'vendor: New Era Pump Systems'|''|vendor",
        "unknown family|'family: newera'|'family: harvard'|family",
        "negative diameter|'diameterMm: 26.59}'|'diameterMm: -1}'|diameterMm",
    })
    @DisplayName("schema violations fail closed and name the field")
    void schemaViolations(String what, String from, String to, String named) throws Exception {
        String text = shippedText().replaceFirst(java.util.regex.Pattern.quote(from), to.replace("\\n", "\n"));
        DeviceProfileException e = assertThrows(DeviceProfileException.class,
                () -> DeviceProfiles.parse(text, "test.yaml"));
        assertTrue(e.getMessage().contains("does not match the schema"), e.getMessage());
        assertTrue(e.getMessage().contains(named), what + ": " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "baud not allowed|'baudRate: 19200'|'baudRate: 38400'|not in allowedBaudRates",
        "default address out of range|'default: 0'|'default: 100'|addressing.default",
        "bad CRC vector|'020853414630554303'|'020853414630554304'|frames as 020853414630554303",
        "duplicate syringe|'bd-plastic-3ml,'|'bd-plastic-1ml,'|appears twice",
        "syringe diameter outside range|'diameterMm: 29.7}'|'diameterMm: 90}'|outside limits.diameterMm",
        "identify without groups|'(?<model>NE'|'(NE'|named groups",
        "default framing unsupported|'supported: [basic, safe]'|'supported: [safe]'|framings.default",
        "watchdog without safe framing|'supported: [basic, safe]'|'supported: [basic]'|needs the 'safe' framing",
    })
    @DisplayName("inconsistent profiles fail closed and say what is inconsistent")
    void consistencyViolations(String what, String from, String to, String message) throws Exception {
        String text = shippedText().replaceFirst(java.util.regex.Pattern.quote(from), to);
        assertFalse(text.equals(shippedText()), what + ": replacement did not apply");
        DeviceProfileException e = assertThrows(DeviceProfileException.class,
                () -> DeviceProfiles.parse(text, "test.yaml"));
        assertTrue(e.getMessage().contains(message), what + ": " + e.getMessage());
    }

    @Test
    void idMustMatchTheFileName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("other-pump.yaml"), shippedText());
        DeviceProfileException e = assertThrows(DeviceProfileException.class, () -> DeviceProfiles.in(dir).load("other-pump"));
        assertTrue(e.getMessage().contains("declares id 'newera-ne1000'"), e.getMessage());
    }

    @Test
    void notYamlAtAll(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), "id: [unclosed");
        DeviceProfileException e = assertThrows(DeviceProfileException.class, () -> DeviceProfiles.in(dir).load("broken"));
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
        Files.writeString(dir.resolve("empty.yaml"), "");
        assertThrows(DeviceProfileException.class, () -> DeviceProfiles.in(dir).load("empty"));
    }

    @Test
    @DisplayName("issue 16: a repeated key in a device profile fails closed naming it")
    void repeatedKeyIsRefused() throws Exception {
        DeviceProfileException e = assertThrows(DeviceProfileException.class,
                () -> DeviceProfiles.parse(shippedText() + "\nvendor: Someone Else\n", "test.yaml"));
        assertTrue(e.getMessage().contains("not valid YAML") && e.getMessage().contains("vendor"), e.getMessage());
    }
}
