package org.dosewarden.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Configuration under dosewarden.gpio: defaults, parsing, and errors that name key, value and limit. */
class GpioSettingsTest {

    private static GpioSettings read(String... kv) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return GpioSettings.read(key -> Optional.ofNullable(props.get(key)));
    }

    private static List<String> problems(String... kv) {
        return assertThrows(GpioSettings.InvalidGpioConfiguration.class, () -> read(kv)).problems();
    }

    @Test
    @DisplayName("everything is off unless enabled; documented defaults")
    void defaults() {
        GpioSettings s = GpioSettings.disabled();
        assertFalse(s.enabled());
        assertFalse(s.emergencyStop().enabled() || s.confirmButton().enabled() || s.relay().enabled()
                || s.beacon().enabled() || s.buzzer().enabled() || s.heartbeat().enabled());
        assertEquals("auto", s.provider());
        assertEquals(Duration.ofMillis(20), s.emergencyStop().debounce());
        assertEquals(Level.HIGH, s.emergencyStop().pressedLevel());
        assertEquals(Pull.UP, s.emergencyStop().pull());
        assertEquals(Duration.ofSeconds(30), s.confirmButton().timeout());
        assertFalse(s.relay().deEnergiseOnFault());
        assertEquals(List.of(5, 6, 17, 22, 23, 24, 25), List.of(s.emergencyStop().pin(),
                s.confirmButton().input().pin(), s.relay().output().pin(), s.beacon().redPin(),
                s.beacon().yellowPin(), s.buzzer().pin(), s.heartbeat().pin()));
    }

    @Test
    @DisplayName("durations in ms, s, m and ISO-8601; levels and pulls case-insensitive")
    void parsing() {
        GpioSettings s = read("emergency-stop.debounce", "35ms", "confirm-button.timeout", "2m",
                "heartbeat.toggle-interval", "PT0.25S", "relay.active-level", "LOW", "confirm-button.pull", "Off");
        assertEquals(Duration.ofMillis(35), s.emergencyStop().debounce());
        assertEquals(Duration.ofMinutes(2), s.confirmButton().timeout());
        assertEquals(Duration.ofMillis(250), s.heartbeat().toggleInterval());
        assertEquals(Level.LOW, s.relay().output().activeLevel());
        assertEquals(Pull.OFF, s.confirmButton().input().pull());
    }

    @Test
    @DisplayName("every bad value is reported at once with its key and the limit")
    void allProblemsNamed() {
        List<String> p = problems("enabled", "yes", "provider", "wiringpi", "emergency-stop.pin", "40",
                "emergency-stop.debounce", "500ms", "confirm-button.timeout", "soon", "relay.pin", "x",
                "poll-interval", "0ms", "beacon.active-level", "bright");
        assertEquals(List.of(
                "dosewarden.gpio.enabled: 'yes' is not true or false",
                "dosewarden.gpio.provider: 'wiringpi' is not one of [auto, mock, gpiod]",
                "dosewarden.gpio.poll-interval: 0ms is outside 1 ms to 50 ms",
                "dosewarden.gpio.emergency-stop.pin: BCM pin 40 is outside 0-27 (the 40-pin header)",
                "dosewarden.gpio.emergency-stop.debounce: 500ms is outside 0 s to 100 ms",
                "dosewarden.gpio.confirm-button.timeout: 'soon' is not a duration (e.g. 20ms, 30s, 2m or PT0.02S)",
                "dosewarden.gpio.relay.pin: 'x' is not a BCM pin number (0-27)",
                "dosewarden.gpio.beacon.active-level: 'bright' is not one of [high, low]"), p);
    }

    @Test
    @DisplayName("two enabled parts on one pin are refused")
    void duplicatePins() {
        List<String> p = problems("enabled", "true", "relay.enabled", "true", "buzzer.enabled", "true",
                "buzzer.pin", "17");
        assertEquals(List.of("dosewarden.gpio.buzzer.pin: BCM pin 17 is already used by dosewarden.gpio.relay.pin"), p);
        // Disabled parts do not claim their pins.
        read("enabled", "true", "relay.enabled", "true", "buzzer.pin", "17");
    }

    @Test
    @DisplayName("provider auto picks gpiod only in the 'pi' environment")
    void providerChoice() {
        assertEquals(Pi4jBoard.Provider.MOCK, GpioFactory.providerFor("auto", Set.of("test")));
        assertEquals(Pi4jBoard.Provider.GPIOD, GpioFactory.providerFor("auto", Set.of("pi")));
        assertEquals(Pi4jBoard.Provider.MOCK, GpioFactory.providerFor("mock", Set.of("pi")));
        assertEquals(Pi4jBoard.Provider.GPIOD, GpioFactory.providerFor("gpiod", Set.of()));
    }
}
