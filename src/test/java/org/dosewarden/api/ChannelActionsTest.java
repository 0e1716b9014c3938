package org.dosewarden.api;

import static org.dosewarden.api.ApiUsers.CLIN_A;
import static org.dosewarden.api.ApiUsers.CLIN_B;
import static org.dosewarden.api.ApiUsers.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.dosewarden.clock.ManualTimeSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Channel actions through the HTTP API, against the in-memory channel double ({@link InMemoryChannels}):
 * how the API maps the channel's answers, idempotency, stale intents and error documents. The same
 * behaviour against real channels on simulated pumps is the integrator's end-to-end test.
 */
@MicronautTest(environments = "apitest")
class ChannelActionsTest extends ApiTestBase {

    @Inject
    ManualTimeSource time;

    @Inject
    org.dosewarden.journal.Journal journal;

    private Http.Answer act(ApiUsers user, String channel, String action, String body) {
        return http.send(post(user, "/api/channels/" + channel + "/" + action, body));
    }

    @Test
    @DisplayName("start, pause, resume, stop, end walk the lifecycle; each answer is the channel afterwards")
    void lifecycle() {
        channels.fake("a").loadWithoutPrescription("clin-a", false);
        assertEquals("RUNNING", act(CLIN_A, "a", "start", "{}").ok().path("infusionState").asText());
        assertEquals("PAUSED", act(CLIN_A, "a", "pause", "").ok().path("infusionState").asText());
        assertEquals("RUNNING", act(CLIN_B, "a", "resume", "{}").ok().path("infusionState").asText());
        assertEquals("STOPPED", act(CLIN_A, "a", "stop", "{}").ok().path("infusionState").asText());
        JsonNode ended = act(CLIN_A, "a", "end", "{}").ok();
        assertEquals("IDLE", ended.path("infusionState").asText());
        assertEquals("a", ended.path("name").asText());
        JsonNode one = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/a"))).ok();
        assertEquals("IDLE", one.path("infusionState").asText());
        JsonNode all = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels"))).ok();
        assertEquals(2, all.size());
        // The shape is fixed: empty lists and absent values are present as [] and null.
        assertTrue(one.path("activeAlarms").isArray(), one.toString());
        assertEquals("", one.path("statusReason").asText(), one.toString());
        assertTrue(one.has("program") && one.path("program").isNull(), one.toString());
    }

    @Test
    @DisplayName("illegal transitions are 409 problem+json naming the current state, and change nothing")
    void illegalTransitionsAre409() {
        for (String action : List.of("start", "pause", "resume", "stop", "confirm")) {
            JsonNode p = act(CLIN_A, "a", action, "{}").problem(409);
            assertEquals("urn:dosewarden:problem:illegal-state", p.path("type").asText());
            assertEquals("IDLE", p.path("currentState").asText(), action);
            assertEquals(action, p.path("action").asText());
            assertTrue(p.path("detail").asText().contains("IDLE"), p.toString());
        }
        channels.fake("a").loadWithoutPrescription("clin-a", false);
        act(CLIN_A, "a", "start", "{}").ok();
        JsonNode p = act(CLIN_A, "a", "resume", "{}").problem(409);
        assertEquals("RUNNING", p.path("currentState").asText());
        assertEquals("RUNNING", channels.fake("a").snapshot().infusionState());
    }

    @Test
    @DisplayName("SR-I2: a high-alert program is confirmed by a second clinician; the programming clinician is refused")
    void highAlertConfirmation() {
        channels.fake("a").loadWithoutPrescription("clin-a", true);
        act(CLIN_A, "a", "start", "{}").problem(409);
        JsonNode same = act(CLIN_A, "a", "confirm", "{}").problem(403);
        assertEquals("urn:dosewarden:problem:not-permitted", same.path("type").asText());
        assertTrue(same.path("detail").asText().contains("different clinician"), same.toString());
        assertEquals("AWAITING_CONFIRMATION", same.path("currentState").asText());
        assertEquals("PROGRAMMED", act(CLIN_B, "a", "confirm", "{}").ok().path("infusionState").asText());
        assertEquals("RUNNING", act(CLIN_A, "a", "start", "{}").ok().path("infusionState").asText());
    }

    @Test
    @DisplayName("idempotent repeat: same key returns the first answer, marked replayed, without acting twice")
    void idempotentRepeat() {
        channels.fake("a").loadWithoutPrescription("clin-a", false);
        int before = channels.fake("a").executed();
        Http.Answer first = http.send(post(CLIN_A, "/api/channels/a/start", "{}").header("Idempotency-Key", "k-start-1"));
        Http.Answer again = http.send(post(CLIN_A, "/api/channels/a/start", "{}").header("Idempotency-Key", "k-start-1"));
        assertEquals(200, first.status());
        assertEquals(200, again.status(), again.body());
        assertEquals(first.body(), again.body());
        assertNull(first.header("Idempotency-Replayed"));
        assertEquals("true", again.header("Idempotency-Replayed"));
        assertEquals(before + 1, channels.fake("a").executed());
        // Without the key the same request acts (and is refused: already running).
        act(CLIN_A, "a", "start", "{}").problem(409);
        // A refusal is an answer too: its repeat is the same refusal.
        Http.Answer refused = http.send(post(CLIN_A, "/api/channels/a/resume", "{}").header("Idempotency-Key", "k-r"));
        Http.Answer refusedAgain = http.send(post(CLIN_A, "/api/channels/a/resume", "{}").header("Idempotency-Key", "k-r"));
        refused.problem(409);
        refusedAgain.problem(409);
        assertEquals(refused.body(), refusedAgain.body());
        assertEquals("true", refusedAgain.header("Idempotency-Replayed"));
        // Keys are per user: the same key from another clinician is a new request.
        http.send(post(CLIN_B, "/api/channels/a/pause", "{}").header("Idempotency-Key", "k-start-1")).ok();
    }

    @Test
    @DisplayName("an idempotency key reused with a different body is 422; a malformed key is 400")
    void idempotencyKeyMisuse() {
        channels.fake("a").loadWithoutPrescription("clin-a", false);
        act(CLIN_A, "a", "start", "{}").ok();
        http.send(post(CLIN_A, "/api/channels/a/stop", "{}").header("Idempotency-Key", "k-stop")).ok();
        JsonNode reused = http.send(post(CLIN_A, "/api/channels/a/stop", "").header("Idempotency-Key", "k-stop"))
                .problem(422);
        assertEquals("Idempotency-Key", reused.path("field").asText());
        JsonNode bad = http.send(post(CLIN_A, "/api/channels/a/stop", "{}").header("Idempotency-Key", "has space"))
                .problem(400);
        assertEquals("Idempotency-Key", bad.path("field").asText());
    }

    @Test
    @DisplayName("SR-D3: an intent that waits too long for a busy channel expires and is not carried out (503)")
    void staleIntentIsRefused() throws Exception {
        channels.fake("a").loadWithoutPrescription("clin-a", false);
        int before = channels.fake("a").executed();
        CountDownLatch gate = new CountDownLatch(1);
        channels.fake("a").gate = gate;
        CompletableFuture<Http.Answer> pending = CompletableFuture.supplyAsync(() -> act(CLIN_A, "a", "start", "{}"));
        // The request is queued behind the gate; virtual time passes beyond the 5 s intent timeout.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!channels.fake("a").waiting() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(channels.fake("a").waiting(), "the request never reached the channel");
        time.advance(Duration.ofSeconds(6));
        gate.countDown();
        JsonNode p = pending.get().problem(503);
        assertEquals("urn:dosewarden:problem:stale-intent", p.path("type").asText());
        assertEquals("PROGRAMMED", channels.fake("a").snapshot().infusionState());
        assertEquals(before, channels.fake("a").executed());
    }

    @Test
    @DisplayName("alarms: acknowledge by id, unknown id is 404, reset-trip needs a reason and goes to PAUSED")
    void alarmsAndTrips() {
        channels.fake("a").loadWithoutPrescription("clin-a", false);
        act(CLIN_A, "a", "start", "{}").ok();
        String alarm = channels.fake("a").trip("OVER_INFUSION");
        JsonNode tripped = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/a"))).ok();
        assertEquals("TRIPPED", tripped.path("infusionState").asText());
        assertEquals(alarm, tripped.path("activeAlarms").get(0).path("id").asText());
        assertEquals("HIGH", tripped.path("activeAlarms").get(0).path("priority").asText());

        act(CLIN_A, "a", "alarms/no-such-alarm/acknowledge", "{}").problem(404);
        JsonNode blocked = act(CLIN_A, "a", "reset-trip", "{\"reason\":\"line checked\"}").problem(409);
        assertEquals("urn:dosewarden:problem:blocked", blocked.path("type").asText());
        JsonNode acked = act(CLIN_B, "a", "alarms/" + alarm + "/acknowledge", "").ok();
        assertEquals("clin-b", acked.path("activeAlarms").get(0).path("acknowledgedBy").asText());

        JsonNode noReason = act(CLIN_A, "a", "reset-trip", "{}").problem(400);
        assertEquals("reason", noReason.path("field").asText());
        JsonNode blank = act(CLIN_A, "a", "reset-trip", "{\"reason\":\"  \"}").problem(400);
        assertEquals("reason", blank.path("field").asText());
        assertEquals("PAUSED", act(CLIN_A, "a", "reset-trip", "{\"reason\":\"line checked\"}").ok()
                .path("infusionState").asText());
    }

    @Test
    @DisplayName("ending a tripped session needs a reason (422 from the channel when it is missing)")
    void endTrippedNeedsReason() {
        channels.fake("a").loadWithoutPrescription("clin-a", false);
        act(CLIN_A, "a", "start", "{}").ok();
        channels.fake("a").trip("PUMP_STALL");
        JsonNode p = act(CLIN_A, "a", "end", "{}").problem(422);
        assertEquals("TRIPPED", p.path("currentState").asText());
        assertEquals("IDLE", act(CLIN_A, "a", "end", "{\"reason\":\"patient moved to recovery\"}").ok()
                .path("infusionState").asText());
    }

    @Test
    @DisplayName("errors are problem+json: unknown channel 404, unknown path 404, wrong method 405, wrong media type 415")
    void frameworkErrorsAreProblems() {
        JsonNode unknown = act(CLIN_A, "zz", "start", "{}").problem(404);
        assertTrue(unknown.path("detail").asText().contains("zz"), unknown.toString());
        http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/zz"))).problem(404);
        http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/nothing-here"))).problem(404);
        JsonNode method = http.send(CLIN_A.on(HttpRequest.GET("/api/channels/a/start"))).problem(405);
        assertEquals("urn:dosewarden:problem:method-not-allowed", method.path("type").asText());
        http.send(CLIN_A.on(HttpRequest.DELETE("/api/channels/a"))).problem(405);
        JsonNode media = http.send(CLIN_A.on(HttpRequest.POST("/api/channels/a/pause", "pause please")
                .contentType("text/plain"))).problem(415);
        assertEquals("urn:dosewarden:problem:unsupported-media-type", media.path("type").asText());
        assertEquals("send the body as application/json (got text/plain)", media.path("detail").asText());
        // The console's sign-in takes a form; the refusal says so (it said application/json before).
        JsonNode form = http.send(HttpRequest.POST("/console/login", "{\"username\":\"clin-a\"}")
                .contentType("application/json")).problem(415);
        assertEquals("send the body as application/x-www-form-urlencoded (got application/json)",
                form.path("detail").asText());
        // Even a browser asking for HTML gets problem+json (404 for no route, 406 for a JSON-only route).
        http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/nothing-here").accept("text/html"))).problem(404);
        http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/a").accept("text/html"))).problem(406);
    }

    @Test
    @DisplayName("bad bodies are 400 naming the field: malformed JSON, unknown field, wrong type, not an object")
    void badBodiesName400Field() {
        channels.fake("a").loadWithoutPrescription("clin-a", false);
        JsonNode malformed = act(CLIN_A, "a", "start", "{\"overrides\": [").problem(400);
        assertTrue(malformed.path("detail").asText().contains("malformed JSON"), malformed.toString());
        JsonNode unknownField = act(CLIN_A, "a", "pause", "{\"force\": true}").problem(400);
        assertEquals("force", unknownField.path("field").asText());
        JsonNode wrongType = act(CLIN_A, "a", "start", "{\"overrides\": {}}").problem(400);
        assertEquals("overrides", wrongType.path("field").asText());
        JsonNode overrideField = act(CLIN_A, "a", "start", "{\"overrides\": [{\"limit\": \"vitals.startGate\"}]}")
                .problem(400);
        assertEquals("overrides[0].reason", overrideField.path("field").asText());
        JsonNode notAGate = act(CLIN_A, "a", "resume",
                "{\"overrides\": [{\"limit\": \"doseRate.softMax\", \"reason\": \"r\"}]}").problem(400);
        assertEquals("overrides[0].limit", notAGate.path("field").asText());
        JsonNode extra = act(CLIN_A, "a", "start",
                "{\"overrides\": [{\"limit\": \"x\", \"reason\": \"y\", \"why\": 1}]}").problem(400);
        assertEquals("overrides[0].why", extra.path("field").asText());
        JsonNode array = act(CLIN_A, "a", "pause", "[]").problem(400);
        assertEquals("body", array.path("field").asText());
        JsonNode dup = act(CLIN_A, "a", "reset-trip", "{\"reason\":\"a\",\"reason\":\"b\"}").problem(400);
        assertEquals("reason", dup.path("field").asText());
        JsonNode trailing = act(CLIN_A, "a", "pause", "{} {}").problem(400);
        assertFalse(trailing.path("field").asText().isEmpty());
        JsonNode badQuery = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/a/journal?after=abc")))
                .problem(400);
        assertEquals("after", badQuery.path("field").asText());
        JsonNode negative = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/a/journal?after=-1")))
                .problem(400);
        assertEquals("after", negative.path("field").asText());
        assertEquals("PROGRAMMED", channels.fake("a").snapshot().infusionState());
    }

    @Test
    @DisplayName("SR-I1: changes and refused attempts (401, 403, 409, 422) are in the SQLite journal with user, time, channel, outcome")
    void auditRecordsAreInTheJournal() throws Exception {
        long from = journal.lastSequence();
        channels.fake("b").loadWithoutPrescription("clin-a", false);
        act(CLIN_A, "b", "start", "{}").ok();
        http.send(HttpRequest.POST("/api/channels/b/stop", "{}").contentType("application/json")).problem(401);
        http.send(HttpRequest.POST("/api/channels/b/stop", "{}").contentType("application/json")
                .basicAuth("clin-b", "wrong-password")).problem(401);
        http.send(ApiUsers.VIEWER.on(HttpRequest.POST("/api/channels/b/stop", "{}").contentType("application/json")))
                .problem(403);
        act(CLIN_B, "b", "resume", "{}").problem(409);
        channels.fake("b").trip("OVER_INFUSION");
        act(CLIN_B, "b", "end", "{}").problem(422);
        http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/b"))).ok();

        // Read back through a separate read-only connection to the journal file.
        List<JsonNode> audit = new java.util.ArrayList<>();
        try (var reader = org.dosewarden.journal.Journal.openForReading(dataDir)) {
            for (var r : reader.readAfter("b", from, 1000)) {
                if (r.type().equals("api.audit")) {
                    audit.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.payload()));
                }
            }
        }
        assertEquals(6, audit.size(), audit.toString());
        assertAudit(audit.get(0), "clin-a", true, "start", 200, "accepted");
        assertAudit(audit.get(1), "anonymous", false, "stop", 401, "refused");
        assertAudit(audit.get(2), "unauthenticated:clin-b", false, "stop", 401, "refused");
        assertAudit(audit.get(3), "watcher", true, "stop", 403, "refused");
        assertAudit(audit.get(4), "clin-b", true, "resume", 409, "refused");
        assertTrue(audit.get(4).path("detail").asText().contains("RUNNING"), audit.get(4).toString());
        assertAudit(audit.get(5), "clin-b", true, "end", 422, "refused");
        assertEquals(time.wallTime().toString(), audit.get(5).path("at").asText());
    }

    private static void assertAudit(JsonNode a, String user, boolean authenticated, String action, int status,
                                    String outcome) {
        assertEquals(user, a.path("user").asText(), a.toString());
        assertEquals(authenticated, a.path("authenticated").asBoolean(), a.toString());
        assertEquals(action, a.path("action").asText(), a.toString());
        assertEquals(status, a.path("status").asInt(), a.toString());
        assertEquals(outcome, a.path("outcome").asText(), a.toString());
    }

    @Test
    @DisplayName("the channel journal pages by sequence number")
    void journalPaging() {
        channels.fake("b").loadWithoutPrescription("clin-a", false);
        act(CLIN_A, "b", "start", "{}").ok();
        act(CLIN_A, "b", "pause", "{}").ok();
        JsonNode page = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/b/journal?after=0&limit=2"))).ok();
        assertEquals(2, page.path("records").size());
        long next = page.path("next").asLong();
        JsonNode rest = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/b/journal?after=" + next))).ok();
        assertTrue(rest.path("records").size() >= 1, rest.toString());
        assertTrue(rest.path("records").get(0).path("sequence").asLong() > next);
    }
}
