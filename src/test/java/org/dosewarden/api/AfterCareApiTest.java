package org.dosewarden.api;

import static org.dosewarden.api.ApiUsers.CLIN_A;
import static org.dosewarden.api.ApiUsers.CLIN_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.dosewarden.Dosewarden;
import org.dosewarden.channel.ChannelSupervisor;
import org.dosewarden.channel.DaemonChannels;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.VitalValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;
import org.dosewarden.testing.TempDirs;

/**
 * Observations and after-care over the API with the REAL daemon (SR-O1..O3): simulated NE-1000 pumps, the real
 * journal, time 100 times faster than real time. The library is the shipped one with the ketamine entry's
 * monitoring period shortened from 2 h to 10 min, so the whole phase passes in seconds; everything else is as
 * shipped (observations, prompts PT5M and end, the vitals profile).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AfterCareApiTest {

    /**
     * Time runs 50 times faster. Faster still, a loaded build machine delays the simulated pump by enough virtual
     * seconds for the over-infusion check to trip (SR-A5 doing its job on a stalled test, not what is tested here).
     */
    private static final long TIME_FACTOR = 50;

    /**
     * The shipped ketamine entry made quick: 0.1 mg/kg over 8 min may be programmed, its prompts are at 5 min
     * and at the end, and the patient is watched for 10 min afterwards (instead of 0.5 mg/kg over 40 min, PT40M,
     * 2 h).
     */
    private static final String[][] SHORTER = {
            {"dose: {unit: mg/kg, softMin: 0.5, softMax: 0.8, hardMax: 1.0}",
                    "dose: {unit: mg/kg, softMin: 0.1, softMax: 0.8, hardMax: 1.0}"},
            {"duration: {hardMin: PT30M, softMin: PT40M, softMax: PT100M, hardMax: PT3H}",
                    "duration: {hardMin: PT5M, softMin: PT5M, softMax: PT100M, hardMax: PT3H}"},
            {"observationPrompts: [PT40M, end]", "observationPrompts: [PT5M, end]"},
            {"monitoringAfter: PT2H", "monitoringAfter: PT10M"}};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GATE_OVERRIDE =
            "{\"overrides\":[{\"limit\":\"vitals.startGate\",\"reason\":\"HR 72, SpO2 98 checked at the bedside\"}]}";

    private Path dataDir;
    private EmbeddedServer server;
    private Http http;
    private ScheduledExecutorService vitals;
    private String sessionId;

    @BeforeAll
    void start() throws IOException {
        dataDir = TempDirs.create("dw-aftercare");
        String library;
        try (InputStream in = AfterCareApiTest.class.getResourceAsStream("/drug-library.yaml")) {
            library = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String shortened = library;
        for (String[] change : SHORTER) {
            assertTrue(shortened.contains(change[0]), "the shipped ketamine entry has " + change[0]);
            shortened = shortened.replace(change[0], change[1]);
        }
        Path libraryFile = Files.writeString(dataDir.resolve("library.yaml"), shortened);

        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> p = new HashMap<>(ClinicianWalkThroughTest.apitestUsers());
        p.put("micronaut.server.port", -1);
        p.put("dosewarden.data-dir", dataDir.toString());
        p.put("dosewarden.drug-library", libraryFile.toString());
        p.put("dosewarden.time-factor", TIME_FACTOR);
        for (String ch : List.of("a", "b")) {
            String k = "dosewarden.channels." + ch + ".";
            p.put(k + "profile", "sim-ne1000");
            p.put(k + "port", "sim:aftercare-" + ch + "-" + run);
            p.put(k + "syringe", "bd-plastic-60ml");
            p.put(k + "poll-interval", "1s");
            p.put(k + "link-timeout", "120s");
            p.put(k + "watchdog-seconds", 240);
            p.put(k + "simulator-power-up-alarm", false);
        }
        server = ApplicationContext.run(EmbeddedServer.class, p, "test");
        http = new Http(server.getApplicationContext().createBean(HttpClient.class, server.getURL()));
        vitals = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "aftercare-vitals"));
        vitals.scheduleAtFixedRate(() -> feed(124, 78), 0, Duration.ofMinutes(2).toMillis() / TIME_FACTOR,
                TimeUnit.MILLISECONDS);
        awaitChannel("a", c -> c.path("linkState").asText().equals("CONNECTED"), Duration.ofSeconds(30));
        awaitChannel("b", c -> c.path("linkState").asText().equals("CONNECTED"), Duration.ofSeconds(30));
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

    /** A blood pressure on channel a, as the MQTT vitals subscriber would deliver it. */
    private void feed(int systolic, int diastolic) {
        try {
            for (ChannelSupervisor s : server.getApplicationContext().getBean(DaemonChannels.class).supervisors()) {
                if (s.name().equals("a")) {
                    s.post(at -> new Event.VitalsReading(at, List.of(VitalValue.of(VitalSign.SYSTOLIC_BP, systolic),
                            VitalValue.of(VitalSign.DIASTOLIC_BP, diastolic))));
                }
            }
        } catch (RuntimeException e) {
            System.err.println("after-care vitals feed: " + e);
        }
    }

    @Test
    @Order(1)
    @DisplayName("SR-O1: an observation out of range is refused naming the field and the range; an unknown one and "
            + "one without a session are refused too; nothing is journaled")
    void observationOutOfRange() {
        JsonNode programmed = http.send(ProgramTest.program(CLIN_A, "a", patient("P-101"))).ok();
        sessionId = programmed.path("channel").path("program").path("sessionId").asText();
        assertFalse(sessionId.isEmpty(), programmed.toString());
        JsonNode afterCare = programmed.path("channel").path("afterCare");
        assertEquals("PT10M", afterCare.path("monitoringAfter").asText(), afterCare.toString());
        assertEquals("[\"cadss\",\"moaas\",\"nausea\",\"emergence\",\"rescue-medication\",\"note\"]",
                afterCare.path("observations").toString());

        JsonNode cadss = observe(CLIN_A, "a", "{\"observation\":\"cadss\",\"value\":93}").problem(400);
        assertEquals("value", cadss.path("field").asText(), cadss.toString());
        assertTrue(cadss.path("detail").asText().contains("a whole number from 0 to 92; got 93"), cadss.toString());
        JsonNode moaas = observe(CLIN_A, "a", "{\"observation\":\"moaas\",\"value\":\"drowsy\"}").problem(400);
        assertTrue(moaas.path("detail").asText().contains("from 0 to 5"), moaas.toString());
        JsonNode rescue = observe(CLIN_A, "a", "{\"observation\":\"rescue-medication\",\"value\":{\"drug\":\"midazolam\"}}")
                .problem(400);
        assertTrue(rescue.path("field").asText().startsWith("value."), rescue.toString());
        JsonNode unknown = observe(CLIN_A, "a", "{\"observation\":\"mood\",\"value\":3}").problem(400);
        assertEquals("observation", unknown.path("field").asText(), unknown.toString());
        assertTrue(unknown.path("detail").asText().contains("cadss"), unknown.toString());
        JsonNode badPrompt = observe(CLIN_A, "a", "{\"observation\":\"cadss\",\"value\":3,\"prompt\":\"PT3M\"}")
                .problem(422);
        assertTrue(badPrompt.path("detail").asText().contains("not a prompt"), badPrompt.toString());
        observe(CLIN_A, "b", "{\"observation\":\"cadss\",\"value\":3}").problem(409);
        observe(ApiUsers.VIEWER, "a", "{\"observation\":\"cadss\",\"value\":3}").problem(403);
        assertEquals(0, channel("a").path("afterCare").path("recorded").asInt());
        assertEquals(0, timeline(sessionId, "observation").path("entries").size());
    }

    @Test
    @Order(2)
    @DisplayName("SR-O1, SR-O2: observations recorded while running are journaled and in the timeline (who, what, "
            + "why) and in journal export; the prompts fall due and are answered")
    void observationRecordedInTimelineAndExport() throws IOException {
        acknowledgeAll("a");
        assertEquals("RUNNING", post(CLIN_A, "a", "start", GATE_OVERRIDE).ok().path("infusionState").asText());
        JsonNode recorded = observe(CLIN_A, "a", "{\"observation\":\"cadss\",\"value\":12}").ok();
        assertEquals(1, recorded.path("afterCare").path("recorded").asInt(), recorded.toString());
        JsonNode prompts = recorded.path("afterCare").path("prompts");
        assertEquals("PT5M", prompts.get(0).path("prompt").asText());
        assertEquals("pending", prompts.get(0).path("status").asText(), prompts.toString());
        assertFalse(prompts.get(0).path("dueAt").isNull(), "PT5M is due 5 min after the start: " + prompts);

        JsonNode done = awaitChannel("a", c -> !c.path("infusionState").asText().equals("RUNNING"), Duration.ofSeconds(90));
        assertEquals("COMPLETED", done.path("infusionState").asText(), done.toString());
        JsonNode due = awaitChannel("a", c -> c.path("afterCare").path("prompts").get(1).path("status").asText()
                .equals("due"), Duration.ofSeconds(10)).path("afterCare").path("prompts");
        assertEquals("due", due.get(0).path("status").asText(), due.toString());
        JsonNode answered = observe(CLIN_B, "a", "{\"observation\":\"moaas\",\"value\":4,\"prompt\":\"PT5M\"}").ok();
        assertEquals("answered", answered.path("afterCare").path("prompts").get(0).path("status").asText(),
                answered.toString());

        JsonNode observations = timeline(sessionId, "observation").path("entries");
        assertEquals(2, observations.size(), observations.toString());
        assertEquals("clin-a", observations.get(0).path("who").asText());
        assertTrue(observations.get(0).path("what").asText().endsWith(": 12"), observations.toString());
        assertEquals("clin-b", observations.get(1).path("who").asText());
        assertTrue(observations.get(1).path("what").asText().startsWith("MOAA/S"), observations.toString());
        assertEquals("[\"answers the prompt PT5M\"]", observations.get(1).path("why").toString());
        JsonNode promptEntries = timeline(sessionId, "prompt").path("entries");
        assertEquals(2, promptEntries.size(), promptEntries.toString());
        assertTrue(promptEntries.toString().contains("observations due (end)"), promptEntries.toString());
        JsonNode everything = timeline(sessionId, null).path("entries");
        assertTrue(everything.toString().contains("\"kind\":\"state\""), everything.toString());
        assertFalse(everything.toString().contains("\"kind\":\"pump\""), "pump records only when asked for");
        http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/sessions/" + sessionId + "/timeline?kind=mood"))).problem(400);
        http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/sessions/no-such-session/timeline"))).problem(404);

        Path export = dataDir.resolve("export.json");
        StringWriter err = new StringWriter();
        CommandLine cli = Dosewarden.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(0, cli.execute("journal", "export", "--session", sessionId, "--data-dir", dataDir.toString(),
                "--out", export.toString()), err.toString());
        JsonNode exported = JSON.readTree(export.toFile());
        List<JsonNode> observed = new java.util.ArrayList<>();
        exported.path("records").forEach(r -> {
            if (r.path("type").asText().equals("OBSERVATION")) {
                observed.add(r.path("payload"));
            }
        });
        assertEquals(2, observed.size(), exported.toString());
        assertEquals(12, observed.get(0).path("value").asInt());
        assertEquals("clin-a", observed.get(0).path("recordedBy").asText());
        assertEquals("PT5M", observed.get(1).path("prompt").asText());
    }

    @Test
    @Order(3)
    @DisplayName("SR-O3: after completion the session is monitored: vitals keep alarming, no plain end, no new "
            + "program or start, and a discharge before the period is over is refused naming the time left")
    void monitoringPhase() {
        JsonNode c = channel("a");
        assertEquals("COMPLETED", c.path("infusionState").asText());
        assertFalse(c.path("afterCare").path("monitoringSince").isNull(), c.toString());
        JsonNode end = post(CLIN_A, "a", "end", "{}").problem(409);
        assertTrue(end.path("detail").asText().contains("10 min of after-care monitoring"), end.toString());
        assertEquals("COMPLETED", end.path("currentState").asText());
        http.send(ProgramTest.program(CLIN_A, "a", patient("P-102"))).problem(409);
        post(CLIN_A, "a", "start", GATE_OVERRIDE).problem(409);

        feed(186, 96);
        JsonNode alarmed = awaitChannel("a", ch -> ch.path("activeAlarms").toString().contains("AFTER_CARE_VITALS"),
                Duration.ofSeconds(10));
        assertEquals("COMPLETED", alarmed.path("infusionState").asText(), "an alarm, no change of state");
        JsonNode early = post(CLIN_B, "a", "discharge", "{\"escortConfirmed\":true}").problem(409);
        assertTrue(early.path("detail").asText().contains("monitoring runs"), early.toString());
    }

    @Test
    @Order(4)
    @DisplayName("SR-O3, SR-K1: once the period is over and the alarms are acknowledged, the discharge sign-off "
            + "(who, when, escort) closes the session, which is in the patient's history and its timeline")
    void dischargeClosesTheSession() {
        post(CLIN_B, "a", "discharge", "{}").problem(400);
        Instant from = Instant.parse(channel("a").path("afterCare").path("dischargeFrom").asText());
        awaitChannel("a", ch -> !Instant.parse(ch.path("asOf").asText()).isBefore(from), Duration.ofSeconds(30));
        JsonNode unacknowledged = post(CLIN_B, "a", "discharge", "{\"escortConfirmed\":true}").problem(409);
        assertTrue(unacknowledged.path("detail").asText().contains("acknowledge the alarms first"),
                unacknowledged.toString());
        acknowledgeAll("a");
        JsonNode noEscort = post(CLIN_B, "a", "discharge", "{\"escortConfirmed\":false}").problem(422);
        assertTrue(noEscort.path("detail").asText().contains("escort"), noEscort.toString());
        JsonNode discharged = post(CLIN_B, "a", "discharge", "{\"escortConfirmed\":true}").ok();
        assertEquals("IDLE", discharged.path("infusionState").asText(), discharged.toString());

        JsonNode timeline = timeline(sessionId, "after-care");
        assertTrue(timeline.path("session").path("endedAt").isTextual(), timeline.toString());
        JsonNode signOff = timeline.path("entries").get(timeline.path("entries").size() - 1);
        assertEquals("clin-b", signOff.path("who").asText(), signOff.toString());
        assertTrue(signOff.path("what").asText().startsWith("patient discharged by clin-b after "), signOff.toString());
        assertTrue(signOff.path("what").asText().endsWith("escort confirmed"), signOff.toString());
        assertNotNull(Instant.parse(signOff.path("at").asText()));

        JsonNode sessions = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/patients/P-101/sessions"))).ok();
        assertEquals(1, sessions.path("sessions").size(), sessions.toString());
        assertEquals(sessionId, sessions.path("sessions").get(0).path("sessionId").asText());
        assertTrue(sessions.path("sessions").get(0).path("endedAt").isTextual(), sessions.toString());
    }

    @Test
    @Order(5)
    @DisplayName("SR-O3: a stopped session that gave drug is monitored too; an end with a reason overrides the "
            + "sign-off and is journaled with the reason")
    void overrideWithReason() {
        JsonNode programmed = http.send(ProgramTest.program(CLIN_A, "a", patient("P-102"))).ok();
        String second = programmed.path("channel").path("program").path("sessionId").asText();
        acknowledgeAll("a");
        post(CLIN_A, "a", "start", GATE_OVERRIDE).ok();
        awaitChannel("a", c -> c.path("deliveredMl").decimalValue().signum() > 0, Duration.ofSeconds(20));
        assertEquals("STOPPED", post(CLIN_A, "a", "stop", "{}").ok().path("infusionState").asText());
        awaitChannel("a", c -> !c.path("afterCare").path("monitoringSince").isNull(), Duration.ofSeconds(10));
        post(CLIN_A, "a", "end", "{}").problem(409);
        JsonNode ended = post(CLIN_A, "a", "end", "{\"reason\":\"transferred to the ward with a nurse\"}").ok();
        assertEquals("IDLE", ended.path("infusionState").asText(), ended.toString());
        JsonNode override = timeline(second, "after-care").path("entries");
        JsonNode last = override.get(override.size() - 1);
        assertTrue(last.path("what").asText().contains("without a discharge sign-off"), last.toString());
        assertEquals("[\"transferred to the ward with a nurse\"]", last.path("why").toString());
        assertEquals("clin-a", last.path("who").asText());
    }

    @Test
    @Order(6)
    @DisplayName("SR-U5: the live stream sends the channel's status at once and again when it changes, an 'alive' "
            + "event every second, and the new journal records as timeline entries")
    void eventStreamDeliversAStatusChange() throws Exception {
        try (EventStream events = EventStream.open(server.getURL().toString() + "/api/channels/b/events",
                ApiUsers.VIEWER)) {
            EventStream.Received first = events.next(Duration.ofSeconds(10));
            assertEquals("status", first.name());
            assertEquals("IDLE", JSON.readTree(first.data()).path("infusionState").asText(), first.data());
            // Nothing changes on an idle channel, yet the stream says every second that it still works.
            events.await(e -> e.name().equals("alive"), Duration.ofSeconds(5));

            http.send(ProgramTest.program(CLIN_A, "b", patient("P-103"))).ok();
            EventStream.Received programmed = events.await(e -> e.name().equals("status")
                    && e.data().contains("\"infusionState\":\"PROGRAMMED\""), Duration.ofSeconds(10));
            assertEquals("P-103", JSON.readTree(programmed.data()).path("program").path("patientId").asText());
            // The record may come before the status or after it: the stream sends each as soon as it has it.
            EventStream.Received record = events.awaitAny(e -> e.name().equals("record")
                    && e.data().contains("\"kind\":\"action\""), Duration.ofSeconds(10));
            JsonNode entry = JSON.readTree(record.data());
            assertEquals("clin-a", entry.path("who").asText(), record.data());
            assertTrue(entry.path("what").asText().contains("ProgramInfusion"), record.data());
            assertEquals(Long.toString(entry.path("sequence").asLong()), record.id());
        }
        assertEquals("IDLE", post(CLIN_A, "b", "end", "{}").ok().path("infusionState").asText());
    }

    @Test
    @Order(7)
    @DisplayName("SR-U1: the live stream needs a signed-in user: no credentials and a wrong password are refused")
    void eventStreamRefusesUnauthenticated() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create(server.getURL().toString() + "/api/channels/b/events");
        var anonymous = client.send(java.net.http.HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        String wrong = java.util.Base64.getEncoder().encodeToString("watcher:not-the-password".getBytes(StandardCharsets.UTF_8));
        var forged = client.send(java.net.http.HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .header("Authorization", "Basic " + wrong).timeout(Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, forged.statusCode(), forged.body());
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static String patient(String id) {
        return ProgramTest.ketamine("70", "0.1", "PT8M", "").replace("\"P-001\"", "\"" + id + "\"");
    }

    private Http.Answer observe(ApiUsers user, String channel, String body) {
        return post(user, channel, "observations", body);
    }

    private Http.Answer post(ApiUsers user, String channel, String action, String body) {
        return http.send(ApiUsers.post(user, "/api/channels/" + channel + "/" + action, body));
    }

    private JsonNode timeline(String session, String kind) {
        return http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/sessions/" + session + "/timeline"
                + (kind == null ? "" : "?kind=" + kind)))).ok();
    }

    private JsonNode channel(String name) {
        return http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/" + name))).ok();
    }

    private void acknowledgeAll(String channel) {
        for (JsonNode alarm : channel(channel).path("activeAlarms")) {
            if (alarm.path("acknowledgedBy").isNull() || alarm.path("acknowledgedBy").isMissingNode()) {
                Http.Answer a = post(CLIN_A, channel, "alarms/" + alarm.path("id").asText() + "/acknowledge", "{}");
                assertTrue(a.status() == 200 || a.status() == 404, a.body());
            }
        }
    }

    private JsonNode awaitChannel(String name, Predicate<JsonNode> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode c = channel(name);
        while (!condition.test(c) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            c = channel(name);
        }
        if (!condition.test(c)) {
            throw new AssertionError("channel " + name + " did not reach the expected condition in " + timeout + ": " + c);
        }
        return c;
    }
}
