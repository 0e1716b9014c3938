package org.dosewarden.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @jakarta.inject.Inject
    io.micronaut.web.router.Router router;

    /** Every mutating endpoint with a body that would be valid. */
    static Stream<String[]> mutatingEndpoints() {
        return Stream.of(
                new String[] {"PUT", "/api/channels/a/program", ProgramTest.ketamine("70", "0.5", "PT40M", "")},
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
    @DisplayName("admin endpoints: configuration and library check are admin-only (clinician 403), never show hashes")
    void adminEndpoints() {
        for (ApiUsers user : List.of(ApiUsers.VIEWER, ApiUsers.CLIN_A)) {
            http.send(user.on(HttpRequest.GET("/api/configuration"))).problem(403);
            http.send(user.on(HttpRequest.POST("/api/drug-library/check", "x: 1").contentType("application/yaml")))
                    .problem(403);
        }
        http.send(HttpRequest.POST("/api/drug-library/check", "x: 1").contentType("application/yaml")).problem(401);
        Http.Answer config = http.send(ApiUsers.ADMIN.on(HttpRequest.GET("/api/configuration")));
        JsonNode c = config.ok();
        assertFalse(config.body().contains("pbkdf2"), config.body());
        assertEquals("clinician", c.path("users").get(0).path("roles").get(0).asText(), c.toString());
        assertEquals(2, c.path("channels").size());
        assertTrue(c.path("drugLibrary").path("loaded").asBoolean(), c.toString());

        JsonNode bad = http.send(ApiUsers.ADMIN.on(HttpRequest.POST("/api/drug-library/check", "schemaVersion: 1\n")
                .contentType("application/yaml"))).ok();
        assertFalse(bad.path("valid").asBoolean());
        assertTrue(bad.path("errors").size() > 0, bad.toString());
        http.send(ApiUsers.ADMIN.on(HttpRequest.POST("/api/drug-library/check", "").contentType("application/yaml")))
                .problem(400);
    }

    @Test
    @DisplayName("the drug library in use is readable by every role and carries the ketamine-psych entry")
    void drugLibrary() {
        for (ApiUsers user : ApiUsers.values()) {
            JsonNode lib = http.send(user.on(HttpRequest.GET("/api/drug-library"))).ok();
            assertEquals("classpath:drug-library.yaml", lib.path("source").asText());
            assertTrue(lib.path("library").toString().contains("ketamine-psych"), user.toString());
        }
    }

    @Test
    @DisplayName("readiness has one entry per channel; details only for a logged-in user")
    void readinessPerChannel() {
        JsonNode anonymous = http.send(HttpRequest.GET("/health/readiness")).ok();
        assertFalse(anonymous.toString().contains("infusionState"), anonymous.toString());
        JsonNode details = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/health/readiness"))).ok();
        JsonNode ch = details.path("details").path("channels");
        assertEquals("UP", ch.path("status").asText(), details.toString());
        assertEquals("CONNECTED", ch.path("details").path("a").path("link").asText(), details.toString());
        assertEquals("IDLE", ch.path("details").path("b").path("infusionState").asText(), details.toString());
    }

    @Test
    @DisplayName("Prometheus shows per-channel rate, delivered, state and link gauges")
    void prometheusPerChannel() {
        channels.fake("a").loadWithoutPrescription("clin-a", false);
        String text = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/prometheus"))).body();
        assertTrue(text.contains("dosewarden_channel_state{channel=\"a\",state=\"PROGRAMMED\"} 1.0"), text);
        assertTrue(text.contains("dosewarden_channel_state{channel=\"a\",state=\"IDLE\"} 0.0"), text);
        assertTrue(text.contains("dosewarden_channel_delivered_ml{channel=\"b\"}"), text);
        assertTrue(text.contains("dosewarden_channel_pump_rate_ml_per_h{channel=\"a\"}"), text);
        assertTrue(text.contains("dosewarden_channel_link_up{channel=\"a\"} 1.0"), text);
    }

    @Test
    @DisplayName("Prometheus active-alarm rows follow the channels (refreshed every 5 s by the metrics' own timer)")
    void prometheusActiveAlarms() throws InterruptedException {
        channels.fake("a").loadWithoutPrescription("clin-a", false);
        channels.fake("a").trip("OVER_INFUSION");
        String row = "dosewarden_channel_active_alarms{channel=\"a\",priority=\"HIGH\",type=\"OVER_INFUSION\"} 1.0";
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        String text = "";
        while (System.nanoTime() < deadline && !text.contains(row)) {
            text = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/prometheus"))).body();
            Thread.sleep(200);
        }
        assertTrue(text.contains(row), text);
    }

    @Test
    @DisplayName("the OpenAPI document (with the after-care, timeline and live-update endpoints, SR-O1..O3) and "
            + "Swagger UI are served to a logged-in user")
    void openApiServed() {
        Http.Answer doc = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/swagger/dosewarden-api-v1.yml")));
        assertEquals(200, doc.status(), doc.body());
        for (String path : List.of("/api/channels/{channel}/program", "/api/channels/{channel}/start",
                "/api/channels/{channel}/alarms/{alarmId}/acknowledge", "/api/patients/{patientId}/sessions",
                "/api/drug-library", "/api/channels/{channel}/observations", "/api/channels/{channel}/discharge",
                "/api/sessions/{sessionId}/timeline", "/api/channels/{channel}/events")) {
            assertTrue(doc.body().contains(path + ":"), path);
        }
        Http.Answer ui = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/swagger-ui/index.html")));
        assertEquals(200, ui.status());
        assertTrue(ui.body().contains("dosewarden-api-v1.yml"), ui.body());
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
        for (String path : List.of("/prometheus", "/swagger/dosewarden-api-v1.yml", "/swagger-ui/index.html",
                "/api/drug-library", "/api/configuration")) {
            http.send(HttpRequest.GET(path)).problem(401);
        }
        Http.Answer metrics = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/prometheus")));
        assertEquals(200, metrics.status(), metrics.body());
    }

    @Test
    @DisplayName("SR-I1: no management endpoint but /health and /prometheus: /metrics showed delivered volumes and alarms without a login")
    void onlyHealthAndPrometheusAreExposed() {
        // Micronaut's and Micrometer's other endpoints were on by default: /metrics answered anyone with each
        // channel's delivered volume, rate and active alarms; /refresh would reload configuration on a running daemon.
        for (String path : List.of("/metrics", "/metrics/dosewarden.channel.delivered.ml", "/info", "/beans", "/routes",
                "/loggers", "/threaddump", "/refresh", "/env", "/caches", "/stop")) {
            assertEquals(404, http.send(HttpRequest.GET(path)).status(), path + " without a login");
            assertEquals(404, http.send(ApiUsers.ADMIN.on(HttpRequest.GET(path))).status(), path + " as admin");
        }
        assertEquals(200, http.send(HttpRequest.GET("/health")).status());
        assertEquals(200, http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/prometheus"))).status());
    }

    /**
     * The routes anyone may call: the health checks, the sign-in page and session endpoints, the pages' HTML (their
     * data comes from the API). A new anonymous route must be added here on purpose.
     */
    static final java.util.Set<String> ANONYMOUS_ROUTES = java.util.Set.of(
            "GET /health", "GET /health/{selector}", "HEAD /health", "HEAD /health/{selector}");

    @Test
    @DisplayName("SR-I1: every route the server has refuses a caller without a login, but the few anonymous ones named here")
    void everyRouteRefusesAnonymousCallers() {
        List<String> open = new java.util.ArrayList<>();
        List<String> anonymousByDesign = new java.util.ArrayList<>();
        List<String> routes = router.uriRoutes()
                .map(r -> r.getHttpMethodName() + " " + r.getUriMatchTemplate().toString())
                .distinct().sorted().toList();
        for (io.micronaut.web.router.UriRouteInfo<?, ?> route : router.uriRoutes().toList()) {
            String name = route.getHttpMethodName() + " " + route.getUriMatchTemplate().toString();
            boolean declaredAnonymous = route.getAnnotationMetadata()
                    .stringValues(io.micronaut.security.annotation.Secured.class).length > 0
                    && List.of(route.getAnnotationMetadata().stringValues(io.micronaut.security.annotation.Secured.class))
                    .contains(io.micronaut.security.rules.SecurityRule.IS_ANONYMOUS);
            if (declaredAnonymous || ANONYMOUS_ROUTES.contains(name)) {
                anonymousByDesign.add(name);
                continue;
            }
            String path = route.getUriMatchTemplate().toString()
                    .replaceAll("\\{[?/&#][^}]*}", "")
                    .replaceAll("\\{[^}]*}", "x");
            io.micronaut.http.MediaType type = route.getConsumes().isEmpty() || route.consumesAll()
                    ? io.micronaut.http.MediaType.APPLICATION_JSON_TYPE : route.getConsumes().getFirst();
            Http.Answer answer = http.send(HttpRequest.create(route.getHttpMethod(), path).contentType(type));
            if (answer.status() != 401 && answer.status() != 403) {
                open.add(name + " -> " + answer.status());
            }
        }
        assertTrue(routes.size() > 40, "the router's routes were walked: " + routes);
        assertEquals(List.of(), open, "routes answering a caller without a login (anonymous by design: "
                + anonymousByDesign + ")");
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
