package org.dosewarden.api;

import static org.dosewarden.api.ApiUsers.CLIN_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The console's request bodies over real HTTP go through the one binding (issue 16): sign-in, the second
 * clinician's signature, observations and the discharge sign-off. A missing field, a value of the wrong JSON type
 * and a value beyond its limit are each a 400 problem+json naming the field, saying what was wrong and which limit
 * applied, and nothing reaches the channel.
 */
@MicronautTest(environments = "apitest")
class ConsoleRequestBodiesTest extends ApiTestBase {

    /** One character more than the longest user name a user directory accepts. */
    private static final String NAME_65 = "c".repeat(65);

    @Inject
    EmbeddedServer server;

    ConsoleBrowser browser;

    @BeforeEach
    void newBrowser() {
        browser = new ConsoleBrowser(URI.create(server.getURL().toString()));
    }

    @Test
    @DisplayName("SR-U1: a sign-in body without a password, with a number for the user name or a name over 64 "
            + "characters is a 400 naming the field; no attempt is counted, so the clinician then signs in at once")
    void signInBodies() {
        assertField(signIn("{\"username\":\"clin-a\"}"), "password", "password: is required");
        assertField(signIn("{\"username\":5,\"password\":\"x\"}"), "username", "username: must be a string, not a number");
        assertField(signIn("{\"username\":\"" + NAME_65 + "\",\"password\":\"x\"}"), "username",
                "username: has 65 characters; at most 64 are accepted");
        assertField(signIn("{\"username\":\"clin-a\",\"password\":\"x\",\"remember\":true}"), "remember",
                "remember: unknown field; allowed here: [password, username]");
        assertField(signIn("[\"clin-a\"]"), "body", "body: must be a JSON object, not an array");
        JsonNode truncated = problem(signIn("{\"username\":"), 400);
        assertEquals("username", truncated.path("field").asText(), truncated.toString());
        assertEquals(true, truncated.path("detail").asText().startsWith("username: malformed JSON at line 1"),
                truncated.toString());
        // Five refused bodies, yet no sign-in failure was counted: the right password is let in at once (SR-U1
        // slows down the fourth failed password, not a malformed request).
        assertEquals(200, browser.signIn(ApiUsers.CLIN_A.user, ApiUsers.CLIN_A.password).status());
    }

    @Test
    @DisplayName("SR-I2, SR-U1: a second clinician without a password, with a number for the name, as text instead "
            + "of an object or with a name over 64 characters is a 400 naming the field; the program still waits")
    void secondClinicianBodies() {
        channels.fake("a").loadWithoutPrescription("clin-a", true);
        browser.signIn(ApiUsers.CLIN_A);
        assertField(confirm("{\"secondClinician\":{\"username\":\"clin-b\"}}"), "secondClinician.password",
                "secondClinician.password: is required");
        assertField(confirm("{\"secondClinician\":{\"username\":7,\"password\":\"x\"}}"), "secondClinician.username",
                "secondClinician.username: must be a string, not a number");
        assertField(confirm("{\"secondClinician\":\"clin-b\"}"), "secondClinician",
                "secondClinician: must be an object, not a string");
        assertField(confirm("{\"secondClinician\":{\"username\":\"" + NAME_65 + "\",\"password\":\"x\"}}"),
                "secondClinician.username", "secondClinician.username: has 65 characters; at most 64 are accepted");
        assertField(confirm("{\"secondClinician\":null}"), "secondClinician",
                "secondClinician: must not be null; leave the field out instead");
        assertEquals(0, channels.fake("a").executed(), "nothing reached the channel");
        assertEquals("AWAITING_CONFIRMATION", browser.get("/api/channels/a").json().path("infusionState").asText());
        JsonNode confirmed = browser.post("/api/channels/a/confirm", "{\"secondClinician\":{\"username\":\"clin-b\","
                + "\"password\":\"" + ApiUsers.CLIN_B.password + "\"}}").json();
        assertEquals("PROGRAMMED", confirmed.path("infusionState").asText(), confirmed.toString());
    }

    @Test
    @DisplayName("SR-O1: an observation without its id or value, with a number for the id or the prompt, out of the "
            + "library's range, or with an id or prompt over its length is a 400 naming the field and the limit")
    void observationBodies() {
        assertField(observe("{\"value\":3}"), "observation", "observation: is required");
        assertField(observe("{\"observation\":\"cadss\"}"), "value", "value: is required");
        assertField(observe("{\"observation\":5,\"value\":3}"), "observation",
                "observation: must be a string, not a number");
        assertField(observe("{\"observation\":\"cadss\",\"value\":3,\"prompt\":40}"), "prompt",
                "prompt: must be a string, not a number");
        JsonNode range = problem(observe("{\"observation\":\"cadss\",\"value\":93}"), 400);
        assertEquals("value", range.path("field").asText(), range.toString());
        assertEquals(true, range.path("detail").asText().contains("a whole number from 0 to 92; got 93"), range.toString());
        assertField(observe("{\"observation\":\"" + "o".repeat(65) + "\",\"value\":3}"), "observation",
                "observation: has 65 characters; at most 64 are accepted");
        assertField(observe("{\"observation\":\"cadss\",\"value\":3,\"prompt\":\"" + "P".repeat(33) + "\"}"), "prompt",
                "prompt: has 33 characters; at most 32 are accepted");
        assertField(observe("{\"observation\":\"cadss\",\"value\":3,\"prompt\":null}"), "prompt",
                "prompt: must not be null; leave the field out instead");
        assertEquals(0, channels.fake("a").executed(), "nothing reached the channel");
        assertNotEquals(400, observe("{\"observation\":\"cadss\",\"value\":3,\"prompt\":\"PT40M\"}").status(),
                "a well-formed observation passes the binding (what the channel says of it is its own test)");
    }

    @Test
    @DisplayName("SR-O3: a discharge sign-off without escortConfirmed, with text or a number for it, or null is a 400 "
            + "naming the field (it has no range: false is the channel's refusal, 422, AfterCareApiTest)")
    void dischargeBodies() {
        assertField(discharge("{}"), "escortConfirmed", "escortConfirmed: is required");
        assertField(discharge("{\"escortConfirmed\":\"yes\"}"), "escortConfirmed",
                "escortConfirmed: must be a boolean, not a string");
        assertField(discharge("{\"escortConfirmed\":1}"), "escortConfirmed",
                "escortConfirmed: must be a boolean, not a number");
        assertField(discharge("{\"escortConfirmed\":null}"), "escortConfirmed",
                "escortConfirmed: must not be null; leave the field out instead");
        assertField(discharge("{\"escortConfirmed\":true,\"escort\":\"daughter\"}"), "escort",
                "escort: unknown field; allowed here: [escortConfirmed]");
        assertField(discharge(""), "body", "body: a JSON object is required");
        assertEquals(0, channels.fake("a").executed(), "nothing reached the channel");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private ConsoleBrowser.Reply signIn(String body) {
        return browser.send("POST", "/api/session", "application/json", body, false);
    }

    private ConsoleBrowser.Reply confirm(String body) {
        return browser.post("/api/channels/a/confirm", body);
    }

    private Http.Answer observe(String body) {
        return http.send(ApiUsers.post(CLIN_A, "/api/channels/a/observations", body));
    }

    private Http.Answer discharge(String body) {
        return http.send(ApiUsers.post(CLIN_A, "/api/channels/a/discharge", body));
    }

    private static void assertField(ConsoleBrowser.Reply reply, String field, String detail) {
        assertEquals(400, reply.status(), reply.body());
        assertEquals("application/problem+json", reply.header("Content-Type").orElse("").split(";")[0], reply.body());
        assertEquals(field, reply.json().path("field").asText(), reply.body());
        assertEquals(detail, reply.json().path("detail").asText(), reply.body());
    }

    private static void assertField(Http.Answer answer, String field, String detail) {
        JsonNode p = answer.problem(400);
        assertEquals(field, p.path("field").asText(), p.toString());
        assertEquals(detail, p.path("detail").asText(), p.toString());
    }

    private static JsonNode problem(ConsoleBrowser.Reply reply, int status) {
        assertEquals(status, reply.status(), reply.body());
        return reply.json();
    }

    private static JsonNode problem(Http.Answer answer, int status) {
        return answer.problem(status);
    }
}
