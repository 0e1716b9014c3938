package org.dosewarden.api;

import static org.dosewarden.api.ApiUsers.CLIN_A;
import static org.dosewarden.api.ApiUsers.CLIN_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.dosewarden.channel.ChannelSupervisor;
import org.dosewarden.channel.DaemonChannels;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.VitalValue;
import org.dosewarden.testing.CandidateLibraries;
import org.dosewarden.json.JsonMappers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.dosewarden.testing.TempDirs;

/**
 * End to end with the REAL daemon: HTTP client → API → channel supervision loops → safety core → New Era
 * driver → in-process simulated NE-1000 pumps, with the real journal, on time running 100 times faster than
 * real time (a 40 minute session takes about 24 s). A blood-pressure feed (what the MQTT vitals subscriber
 * delivers in the daemon) is posted to the channel every few virtual minutes, because the ketamine entry
 * requires vitals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClinicianWalkThroughTest {

    private static final long TIME_FACTOR = 100;
    private static final String VITALS_OVERRIDE =
            "{\"overrides\":[{\"limit\":\"vitals.startGate\",\"reason\":\"HR 72, SpO2 98 checked at the bedside\"}]}";

    private EmbeddedServer server;
    private Http http;
    private ScheduledExecutorService vitals;

    @BeforeAll
    void start() throws IOException {
        Path dataDir = TempDirs.create("dw-api-e2e");
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> p = new HashMap<>(apitestUsers());
        p.put("micronaut.server.port", -1);
        p.put("dosewarden.data-dir", dataDir.toString());
        p.put("dosewarden.time-factor", TIME_FACTOR);
        for (String ch : List.of("a", "b")) {
            String k = "dosewarden.channels." + ch + ".";
            p.put(k + "profile", "sim-ne1000");
            p.put(k + "port", "sim:e2e-" + ch + "-" + run);
            p.put(k + "syringe", "bd-plastic-60ml");
            p.put(k + "poll-interval", "1s");
            p.put(k + "link-timeout", "120s");
            p.put(k + "watchdog-seconds", 240);
            p.put(k + "simulator-power-up-alarm", false);
        }
        server = ApplicationContext.run(EmbeddedServer.class, p, "test");
        http = new Http(server.getApplicationContext().createBean(HttpClient.class, server.getURL()));
        // A normal blood pressure every 2 virtual minutes on both channels (the profile's BP limit is 15 min).
        vitals = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "e2e-vitals"));
        vitals.scheduleAtFixedRate(this::bloodPressure, 0, Duration.ofMinutes(2).toMillis() / TIME_FACTOR,
                TimeUnit.MILLISECONDS);
        awaitChannel("a", c -> c.path("linkState").asText().equals("CONNECTED"), Duration.ofSeconds(30));
        awaitChannel("b", c -> c.path("linkState").asText().equals("CONNECTED"), Duration.ofSeconds(30));
    }

    /**
     * Acknowledges every active alarm through the API, as the clinician would before starting (start-up on the
     * accelerated clock may raise link or watchdog alarms while the simulated pump connects).
     */
    private void acknowledgeAll(String channel) {
        for (JsonNode alarm : channel(channel).path("activeAlarms")) {
            if (alarm.path("acknowledgedBy").isNull() || alarm.path("acknowledgedBy").isMissingNode()) {
                Http.Answer a = post(CLIN_A, channel, "alarms/" + alarm.path("id").asText() + "/acknowledge", "{}");
                assertTrue(a.status() == 200 || a.status() == 404, a.body());
            }
        }
    }

    @AfterAll
    void stop() {
        if (vitals != null) {
            vitals.shutdownNow();
        }
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private void bloodPressure() {
        try {
            for (ChannelSupervisor s : server.getApplicationContext().getBean(DaemonChannels.class).supervisors()) {
                s.post(at -> new Event.VitalsReading(at, List.of(VitalValue.of(VitalSign.SYSTOLIC_BP, 124),
                        VitalValue.of(VitalSign.DIASTOLIC_BP, 78))));
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: report and keep feeding.
            System.err.println("e2e vitals feed: " + e);
        }
    }

    /** The channel and its last decisions from the journal, for failure messages. */
    private String diagnose(String channel) {
        StringBuilder out = new StringBuilder(channel(channel).toString());
        List<String> decisions = new java.util.ArrayList<>();
        long next = 0;
        while (true) {
            JsonNode page = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/" + channel
                    + "/journal?after=" + next + "&limit=1000"))).ok();
            if (page.path("records").isEmpty()) {
                break;
            }
            for (JsonNode r : page.path("records")) {
                String type = r.path("type").asText();
                if (type.startsWith("DECISION_") && !type.equals("DECISION_PUMP_COMMANDS")) {
                    decisions.add(r.path("sequence").asText() + " " + r.path("payload").asText()
                            .replaceAll(".*\"summary\":\"([^\"]*)\".*", "$1"));
                }
            }
            next = page.path("next").asLong();
        }
        out.append("\nlast decisions:\n");
        decisions.subList(Math.max(0, decisions.size() - 25), decisions.size()).forEach(d -> out.append(d).append('\n'));
        return out.toString();
    }

    /** The users of application-apitest.yml, as properties (this test runs without the apitest doubles). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> apitestUsers() throws IOException {
        try (InputStream in = ClinicianWalkThroughTest.class.getResourceAsStream("/application-apitest.yml")) {
            Map<String, Object> root = JsonMappers.yaml().readValue(in, Map.class);
            Map<String, Map<String, Object>> users =
                    (Map<String, Map<String, Object>>) ((Map<String, Object>) root.get("dosewarden")).get("users");
            Map<String, Object> p = new HashMap<>();
            users.forEach((name, u) -> {
                p.put("dosewarden.users." + name + ".password-hash", u.get("password-hash"));
                p.put("dosewarden.users." + name + ".roles", u.get("roles"));
            });
            return p;
        }
    }

    private JsonNode channel(String name) {
        return http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/" + name))).ok();
    }

    private JsonNode awaitChannel(String name, Predicate<JsonNode> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode c = channel(name);
        while (!condition.test(c) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            c = channel(name);
        }
        if (!condition.test(c)) {
            throw new AssertionError("channel " + name + " did not reach the expected condition in " + timeout + ": "
                    + diagnose(name));
        }
        return c;
    }

    private Http.Answer post(ApiUsers user, String channel, String action, String body) {
        return http.send(ApiUsers.post(user, "/api/channels/" + channel + "/" + action, body));
    }

    @Test
    @Order(1)
    @DisplayName("walk-through: program 0.5 mg/kg over 40 min for 70 kg, start, pause, resume, complete, end")
    void ketamineSession() {
        JsonNode programmed = http.send(ProgramTest.program(CLIN_A, "a", ProgramTest.ketamine("70", "0.5", "PT40M", "")))
                .ok();
        assertEquals("PROGRAMMED", programmed.path("channel").path("infusionState").asText(), programmed.toString());
        JsonNode step = programmed.path("plan").path("steps").get(0);
        assertEquals(0, new BigDecimal("52.5").compareTo(step.path("rateMlPerH").decimalValue()), step.toString());
        assertEquals(0, new BigDecimal("35").compareTo(step.path("vtbiMl").decimalValue()), step.toString());

        // A viewer cannot start it; a clinician can.
        post(ApiUsers.VIEWER, "a", "start", "{}").problem(403);
        acknowledgeAll("a");
        // No heart rate is fed, so the vitals start gate blocks (409, reason named) until overridden with a reason.
        JsonNode gate = post(CLIN_A, "a", "start", "{}").problem(409);
        assertEquals("urn:dosewarden:problem:blocked", gate.path("type").asText(), gate.toString());
        assertEquals("RUNNING", post(CLIN_A, "a", "start", VITALS_OVERRIDE).ok().path("infusionState").asText());
        JsonNode running = awaitChannel("a", c -> c.path("pumpRateMlPerH").decimalValue().signum() > 0,
                Duration.ofSeconds(20));
        assertEquals(0, new BigDecimal("52.5").compareTo(running.path("pumpRateMlPerH").decimalValue()), running.toString());

        // Illegal transition on a real channel: 409 naming the state.
        assertEquals("RUNNING", post(CLIN_B, "a", "resume", "{}").problem(409).path("currentState").asText());

        assertEquals("PAUSED", post(CLIN_A, "a", "pause", "{}").ok().path("infusionState").asText());
        JsonNode paused = awaitChannel("a", c -> c.path("pumpRateMlPerH").decimalValue().signum() == 0,
                Duration.ofSeconds(20));
        BigDecimal deliveredAtPause = paused.path("deliveredMl").decimalValue();
        assertTrue(deliveredAtPause.compareTo(new BigDecimal("35")) < 0, paused.toString());

        // Resuming passes the same vitals gate as a start.
        post(CLIN_B, "a", "resume", "{}").problem(409);
        assertEquals("RUNNING", post(CLIN_B, "a", "resume", VITALS_OVERRIDE).ok().path("infusionState").asText());
        JsonNode done = awaitChannel("a", c -> !c.path("infusionState").asText().equals("RUNNING"),
                Duration.ofSeconds(90));
        assertEquals("COMPLETED", done.path("infusionState").asText(), () -> diagnose("a"));
        BigDecimal delivered = done.path("deliveredMl").decimalValue();
        // Within one pump volume step below the prescription, never above it.
        assertTrue(delivered.compareTo(new BigDecimal("35")) <= 0 && delivered.compareTo(new BigDecimal("34.9")) >= 0,
                done.toString());

        // SR-O3: the ketamine entry asks for 2 h of after-care monitoring; a plain end is refused, an end with a
        // reason is the clinician's override of the discharge sign-off (AfterCareApiTest walks the sign-off).
        JsonNode owed = post(CLIN_A, "a", "end", "{}").problem(409);
        assertTrue(owed.path("detail").asText().contains("2 h of after-care monitoring"), owed.toString());
        assertEquals("IDLE", post(CLIN_A, "a", "end", "{\"reason\":\"walk-through: monitored on the ward\"}").ok()
                .path("infusionState").asText());
        JsonNode sessions = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/patients/P-001/sessions"))).ok();
        assertEquals(1, sessions.path("sessions").size(), sessions.toString());
        JsonNode session = sessions.path("sessions").get(0);
        assertEquals("a", session.path("channel").asText());
        assertFalse(session.path("endedAt").isMissingNode() || session.path("endedAt").isNull(), session.toString());

        // The channel journal has the clinicians' actions, read back over the API.
        JsonNode journal = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/a/journal?after=0&limit=1000"))).ok();
        String types = journal.path("records").toString();
        assertTrue(types.contains("api.audit"), types);
    }

    @Test
    @Order(2)
    @DisplayName("SR-I2 on a real channel: insulin waits for a second clinician; the programmer may not confirm")
    void highAlertOnRealChannel() {
        JsonNode r = http.send(ProgramTest.program(CLIN_A, "b", ProgramTest.insulin("5"))).ok();
        assertEquals("AWAITING_CONFIRMATION", r.path("channel").path("infusionState").asText(), r.toString());
        post(CLIN_A, "b", "start", "{}").problem(409);
        post(CLIN_A, "b", "confirm", "{}").problem(403);
        JsonNode confirmed = post(CLIN_B, "b", "confirm", "{}").ok();
        assertEquals("PROGRAMMED", confirmed.path("infusionState").asText(), confirmed.toString());
        assertEquals("IDLE", post(CLIN_A, "b", "end", "{}").ok().path("infusionState").asText());
    }

    @Test
    @Order(3)
    @DisplayName("on a real channel: soft override with reason loads, hard refusal does not, idempotent start acts once")
    void overridesRefusalsAndIdempotency() {
        // Another patient: P-001 had a session minutes ago, which the course limits (SR-K1) refuse.
        JsonNode course = http.send(ProgramTest.program(CLIN_A, "b", ProgramTest.ketamine("70", "0.5", "PT40M", "")))
                .problem(422);
        assertTrue(course.path("violations").toString().contains("course.interval.hardMin"), course.toString());
        JsonNode hard = http.send(ProgramTest.program(CLIN_A, "b", p002(ProgramTest.ketamine("5523", "0.5", "PT40M", ""))))
                .problem(422);
        assertFalse(hard.path("overridable").asBoolean(), hard.toString());
        JsonNode soft = http.send(ProgramTest.program(CLIN_A, "b", p002(ProgramTest.ketamine("70", "0.5", "PT35M", ""))))
                .problem(422);
        assertTrue(soft.path("overridable").asBoolean(), soft.toString());
        assertEquals("IDLE", channel("b").path("infusionState").asText());
        JsonNode loaded = http.send(ProgramTest.program(CLIN_A, "b", p002(ProgramTest.ketamine("70", "0.5", "PT35M",
                ",\"overrides\":[{\"limit\":\"doseOverTime.duration.softMin\",\"reason\":\"must leave by noon\"}]"))))
                .ok();
        assertEquals("PROGRAMMED", loaded.path("channel").path("infusionState").asText());

        acknowledgeAll("b");
        long mark = lastSequence("b");
        Http.Answer first = http.send(ApiUsers.post(CLIN_A, "/api/channels/b/start", VITALS_OVERRIDE)
                .header("Idempotency-Key", "e2e-s"));
        Http.Answer again = http.send(ApiUsers.post(CLIN_A, "/api/channels/b/start", VITALS_OVERRIDE)
                .header("Idempotency-Key", "e2e-s"));
        assertEquals("RUNNING", first.ok().path("infusionState").asText());
        assertEquals(first.body(), again.body());
        assertEquals("true", again.header("Idempotency-Replayed"));
        // Acting twice would have been refused by the channel; the replay never reached it.
        long starts = countRecords("b", mark, "\"@type\":\"StartInfusion\"");
        assertEquals(1, starts, "one start reached the channel");

        assertEquals("STOPPED", post(CLIN_A, "b", "stop", "{}").ok().path("infusionState").asText());
        // Drug may have been given before the stop: then after-care is owed (SR-O3) and the end needs a reason.
        assertEquals("IDLE", post(CLIN_A, "b", "end", "{\"reason\":\"stopped after the idempotency check\"}").ok()
                .path("infusionState").asText());
    }

    @Test
    @Order(4)
    @DisplayName("SR-L1 on a real daemon: POST /api/drug-library/check replays the program orders this daemon recorded "
            + "through the candidate and names each program it would refuse")
    void libraryImpactOfTheRecordedPrograms() {
        String candidate = CandidateLibraries.candidate("2026.2-e2e", CandidateLibraries.KETAMINE_RATE,
                "doseRate: {unit: mg/kg/h, softMin: 0.3, softMax: 0.6, hardMax: 0.7}");
        JsonNode check = http.send(ApiUsers.ADMIN.on(HttpRequest.POST("/api/drug-library/check", candidate)
                .contentType("application/yaml"))).ok();
        assertTrue(check.path("valid").asBoolean(), check.toString());
        assertTrue(check.path("impactProblem").isNull(), check.toString());
        JsonNode impact = check.path("impact");
        assertEquals("2025.1-designed", impact.path("library").path("current").asText(), impact.toString());
        assertEquals("2026.2-e2e", impact.path("library").path("candidate").asText());
        // Loaded so far: P-001 0.5 mg/kg over 40 min on a (0.75 mg/kg/h), insulin on b, P-002 0.5 mg/kg over 35 min
        // on b (0.86 mg/kg/h): both ketamine programs are above the candidate's 0.7 mg/kg/h hard maximum.
        assertTrue(impact.path("programs").asInt() >= 3, impact.toString());
        JsonNode changed = impact.path("changed");
        assertEquals(2, changed.size(), impact.toString());
        assertEquals(List.of("a", "b"), List.of(changed.get(0).path("channel").asText(), changed.get(1).path("channel").asText()));
        for (JsonNode c : changed) {
            assertEquals("ketamine-psych", c.path("drug").asText(), c.toString());
            assertEquals("ALLOWED", c.path("before").asText());
            assertEquals("REFUSED", c.path("after").asText());
            assertEquals("[\"doseRate.hardMax\"]", c.path("limits").toString());
            assertFalse(c.path("sessionId").asText().isEmpty());
        }
        JsonNode invalid = http.send(ApiUsers.ADMIN.on(HttpRequest.POST("/api/drug-library/check",
                "schemaVersion: 1\n").contentType("application/yaml"))).ok();
        assertTrue(invalid.path("impact").isNull(), invalid.toString());
        assertTrue(invalid.path("impactProblem").asText().contains("not a valid drug library"), invalid.toString());
    }

    private static String p002(String prescription) {
        return prescription.replace("\"P-001\"", "\"P-002\"");
    }

    /** Journal records of {@code channel} after {@code after} (paged through the API) whose payload has {@code fragment}. */
    private long countRecords(String channel, long after, String fragment) {
        long n = 0;
        long next = after;
        while (true) {
            JsonNode page = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/" + channel
                    + "/journal?after=" + next + "&limit=1000"))).ok();
            for (JsonNode r : page.path("records")) {
                if (r.path("payload").asText().contains(fragment)) {
                    n++;
                }
            }
            if (page.path("records").isEmpty()) {
                return n;
            }
            next = page.path("next").asLong();
        }
    }

    private long lastSequence(String channel) {
        long next = 0;
        while (true) {
            JsonNode page = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/" + channel
                    + "/journal?after=" + next + "&limit=1000"))).ok();
            if (page.path("records").isEmpty()) {
                return next;
            }
            next = page.path("next").asLong();
        }
    }
}
