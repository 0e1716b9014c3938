package org.dosewarden.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SR-I1: every action needs an authenticated user with a role allowing it; deny by default. */
@MicronautTest(environments = "apitest")
class ApiSecurityTest extends ApiTestBase {

    /** Every mutating endpoint with a body that would be valid. */
    static Stream<String[]> mutatingEndpoints() {
        return Stream.of(
                new String[] {"POST", "/api/channels/a/confirm", "{}"},
                new String[] {"POST", "/api/channels/a/start", "{}"},
                new String[] {"POST", "/api/channels/a/pause", "{}"},
                new String[] {"POST", "/api/channels/a/resume", "{}"},
                new String[] {"POST", "/api/channels/a/stop", "{}"},
                new String[] {"POST", "/api/channels/a/end", "{}"},
                new String[] {"POST", "/api/channels/a/alarms/alm-1/acknowledge", "{}"},
                new String[] {"POST", "/api/channels/a/reset-trip", "{\"reason\":\"checked the line\"}"},
                new String[] {"POST", "/api/channels/a/reset-emergency-stop", "{\"reason\":\"released\"}"});
    }

    static Stream<String> readEndpoints() {
        return Stream.of("/api/channels", "/api/channels/a", "/api/channels/a/journal?after=0",
                "/api/patients/P-001/sessions");
    }

    private static MutableHttpRequest<String> request(String[] e) {
        return switch (e[0]) {
            case "POST" -> HttpRequest.POST(e[1], e[2]).contentType("application/json");
            case "PUT" -> HttpRequest.PUT(e[1], e[2]).contentType("application/json");
            default -> throw new IllegalArgumentException(e[0]);
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("mutatingEndpoints")
    @DisplayName("SR-I1: a mutating endpoint answers 401 problem+json without credentials, nothing reaches the channel")
    void mutatingWithoutCredentialsIs401(String method, String path, String body) {
        int before = channels.fake("a").executed();
        Http.Answer answer = http.send(request(new String[] {method, path, body}));
        JsonNode p = answer.problem(401);
        assertEquals("urn:dosewarden:problem:unauthenticated", p.path("type").asText());
        assertTrue(answer.header("WWW-Authenticate").startsWith("Basic"), answer.header("WWW-Authenticate"));
        assertEquals(before, channels.fake("a").executed());
    }

    @Test
    @DisplayName("SR-I1: a wrong password is 401 like no password, and nothing reaches the channel")
    void mutatingWithWrongPasswordIs401() {
        int before = channels.fake("a").executed();
        http.send(request(new String[] {"POST", "/api/channels/a/stop", "{}"}).basicAuth("clin-a", "not-the-password"))
                .problem(401);
        http.send(request(new String[] {"POST", "/api/channels/a/stop", "{}"}).basicAuth("nobody", "whatever-pw"))
                .problem(401);
        assertEquals(before, channels.fake("a").executed());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("mutatingEndpoints")
    @DisplayName("SR-I1: a viewer may not change anything (403), nor may an admin act as clinician")
    void mutatingAsViewerOrAdminIs403(String method, String path, String body) {
        int before = channels.fake("a").executed();
        for (ApiUsers user : List.of(ApiUsers.VIEWER, ApiUsers.ADMIN)) {
            JsonNode p = http.send(user.on(request(new String[] {method, path, body}))).problem(403);
            assertEquals("urn:dosewarden:problem:forbidden", p.path("type").asText());
        }
        assertEquals(before, channels.fake("a").executed());
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("readEndpoints")
    @DisplayName("reads need a login (401) and are open to viewer, clinician and admin")
    void readsNeedAnyRole(String path) {
        http.send(HttpRequest.GET(path)).problem(401);
        for (ApiUsers user : ApiUsers.values()) {
            assertEquals(200, http.send(user.on(HttpRequest.GET(path))).status(), user + " " + path);
        }
    }

    @Test
    @DisplayName("/health is anonymous; readiness and liveness too")
    void healthIsAnonymous() {
        for (String path : List.of("/health", "/health/liveness", "/health/readiness")) {
            Http.Answer a = http.send(HttpRequest.GET(path));
            assertEquals(200, a.status(), path + ": " + a.body());
        }
    }

    @Test
    @DisplayName("Prometheus metrics and the OpenAPI document need a login")
    void metricsAndOpenApiNeedLogin() {
        for (String path : List.of("/prometheus", "/swagger/dosewarden-0.1.0-SNAPSHOT.yml", "/swagger-ui/index.html")) {
            http.send(HttpRequest.GET(path)).problem(401);
        }
        Http.Answer metrics = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/prometheus")));
        assertEquals(200, metrics.status(), metrics.body());
    }

    @Test
    @DisplayName("the cached login still refuses a different password for the same user")
    void cachedLoginDoesNotAcceptAnotherPassword() {
        assertEquals(200, http.send(ApiUsers.CLIN_A.on(HttpRequest.GET("/api/channels"))).status());
        http.send(HttpRequest.GET("/api/channels").basicAuth("clin-a", "clinician-a-secreT")).problem(401);
        http.send(HttpRequest.GET("/api/channels").basicAuth("nobody", "clinician-a-secret")).problem(401);
        assertEquals(200, http.send(ApiUsers.CLIN_A.on(HttpRequest.GET("/api/channels"))).status());
    }

}
