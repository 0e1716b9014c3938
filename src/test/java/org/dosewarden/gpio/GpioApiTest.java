package org.dosewarden.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** GET /api/gpio in a running daemon context with GPIO on the mock provider and the real poll loop. */
@MicronautTest
@Property(name = "dosewarden.gpio.enabled", value = "true")
@Property(name = "dosewarden.gpio.provider", value = "mock")
@Property(name = "dosewarden.gpio.emergency-stop.enabled", value = "true")
@Property(name = "dosewarden.gpio.relay.enabled", value = "true")
@Property(name = "dosewarden.gpio.beacon.enabled", value = "true")
@Property(name = "dosewarden.gpio.heartbeat.enabled", value = "true")
class GpioApiTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    BedsidePanel panel;

    @Test
    @DisplayName("GET /api/gpio answers with every input and output; the poll loop runs and energises the relay")
    @SuppressWarnings("unchecked")
    void answers() throws InterruptedException {
        // Real time here: the mock emergency stop reads released, so the relay energises after the 20 ms debounce.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!panel.status().relay().energised() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        HttpResponse<Map> response = client.toBlocking().exchange("/api/gpio", Map.class);
        assertEquals(200, response.code());
        Map<String, Object> body = response.body();
        assertEquals(true, body.get("enabled"));
        assertTrue(body.containsKey("problem"), "null fields are present: " + body.keySet());
        assertEquals("mock", body.get("provider"));
        Map<String, Object> estop = (Map<String, Object>) body.get("emergencyStop");
        assertEquals(5, estop.get("pin"));
        assertEquals("RELEASED", estop.get("state"));
        assertEquals("LOW", estop.get("rawLevel"));
        Map<String, Object> relay = (Map<String, Object>) body.get("relay");
        assertEquals(true, relay.get("energised"));
        assertEquals("HIGH", relay.get("level"));
        assertEquals(List.of(), relay.get("holds"));
        Map<String, Object> heartbeat = (Map<String, Object>) body.get("heartbeat");
        assertEquals(false, heartbeat.get("toggling"), "no channel loop registered");
        Map<String, Object> signals = (Map<String, Object>) body.get("alarmSignals");
        assertEquals("NONE", signals.get("priority"));
        Map<String, Object> poll = (Map<String, Object>) body.get("poll");
        assertTrue(((Number) poll.get("polls")).longValue() > 0, poll.toString());
    }
}
