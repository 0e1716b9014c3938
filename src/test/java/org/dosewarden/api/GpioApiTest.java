package org.dosewarden.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.gpio.BedsidePanel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.dosewarden.testing.TempDirs;

/**
 * GET /api/gpio in a running daemon context with GPIO on the mock provider and the real poll loop. Users come from
 * the API tests' environment (application-apitest.yml); the "watcher" has the viewer role.
 */
@MicronautTest(environments = "apitest")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "dosewarden.gpio.enabled", value = "true")
@Property(name = "dosewarden.gpio.provider", value = "mock")
@Property(name = "dosewarden.gpio.emergency-stop.enabled", value = "true")
@Property(name = "dosewarden.gpio.relay.enabled", value = "true")
@Property(name = "dosewarden.gpio.beacon.enabled", value = "true")
@Property(name = "dosewarden.gpio.heartbeat.enabled", value = "true")
class GpioApiTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    BedsidePanel panel;

    /** The apitest environment's virtual clock; GPIO runs on it too. */
    @Inject
    ManualTimeSource clock;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("dosewarden.data-dir", TempDirs.create("dw-gpio-api").toString());
    }

    @Test
    @DisplayName("GET /api/gpio answers a viewer with every input and output; the poll loop energises the relay")
    @SuppressWarnings("unchecked")
    void answers() {
        // The real poll loop runs on the virtual clock: the mock emergency stop reads released, so the relay
        // energises once 20 ms of virtual time have passed with polls in between.
        long deadline = System.nanoTime() + 10_000_000_000L;
        long pollsBefore = panel.status().poll().polls();
        while (!panel.status().relay().energised() && System.nanoTime() < deadline) {
            if (panel.status().poll().polls() > pollsBefore) {
                clock.advance(Duration.ofMillis(5));
                pollsBefore = panel.status().poll().polls();
            }
            Thread.onSpinWait();
        }
        HttpResponse<Map> response = client.toBlocking()
                .exchange(HttpRequest.GET("/api/gpio").basicAuth("watcher", "viewer-secret-1"), Map.class);
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

    @Test
    @DisplayName("GET /api/gpio needs a login")
    void needsLogin() {
        var e = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.GET("/api/gpio"), String.class));
        assertEquals(401, e.getStatus().getCode());
    }
}
