package org.dosewarden.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The console's sign-in over real HTTP (SR-U1, SR-U2, SR-I1): cookie session, CSRF, idle and absolute
 * expiry on the injected clock, slowed and journaled failures, the plain-HTML form.
 */
@MicronautTest(environments = "apitest")
class ConsoleSignInTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    @Inject
    ManualTimeSource time;

    @Inject
    Journal journal;

    ConsoleBrowser browser;

    @BeforeEach
    void newBrowser() {
        browser = new ConsoleBrowser(URI.create(server.getURL().toString()));
    }

    private List<JsonNode> auditRecords(long after) throws Exception {
        List<JournalEntry> entries = journal.readAfter(after, 1000);
        return entries.stream().filter(e -> e.type().equals("api.audit")).map(e -> {
            try {
                return JSON.readTree(e.payload());
            } catch (java.io.IOException x) {
                throw new AssertionError(x);
            }
        }).toList();
    }

    @Test
    @DisplayName("SR-U1: sign-in sets an HttpOnly SameSite=Strict cookie (not Secure over plain HTTP); sign-out ends the session")
    void signInAndOut() {
        ConsoleBrowser.Reply in = browser.signIn(ApiUsers.CLIN_A);
        String setCookie = in.setCookies().getFirst();
        assertTrue(setCookie.startsWith("dw-session="), setCookie);
        assertTrue(setCookie.contains("HTTPOnly") || setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Path=/"), setCookie);
        assertFalse(setCookie.contains("Secure"), setCookie);
        assertEquals("no-store", in.header("Cache-Control").orElse(""));
        assertEquals("clin-a", in.json().path("user").asText());
        assertEquals("[\"clinician\"]", in.json().path("roles").toString());
        assertEquals("PT15M", in.json().path("idleTimeout").asText());
        assertFalse(in.json().path("csrfToken").asText().isEmpty());
        assertFalse(in.body().contains(browser.cookie), "the cookie token is never in a body");

        JsonNode me = browser.get("/api/session").json();
        assertEquals("session", me.path("via").asText());
        assertEquals(browser.csrf, me.path("csrfToken").asText());
        assertEquals(200, browser.get("/api/channels").status());

        ConsoleBrowser.Reply out = browser.send("DELETE", "/api/session", null, null, true);
        assertEquals(204, out.status(), out.body());
        assertTrue(out.setCookies().stream().anyMatch(c -> c.startsWith("dw-session=;") && c.contains("Max-Age=0")),
                out.setCookies().toString());
        ConsoleBrowser.Reply after = browser.get("/api/channels");
        assertEquals(401, after.status());
        assertTrue(after.header("WWW-Authenticate").isEmpty(),
                "a console request gets no Basic challenge (the browser would open its own prompt)");
    }

    @Test
    @DisplayName("SR-U1, SR-I1: a wrong password is answered with a message, journaled with user and address; "
            + "failures are slowed down (429, Retry-After) and a wait lets the clinician in")
    void wrongPasswordIsJournaledAndSlowed() throws Exception {
        long before = journal.lastSequence();
        ConsoleBrowser.Reply wrong = browser.signIn("clin-b", "not-the-password");
        assertEquals(401, wrong.status());
        assertEquals("wrong user name or password", wrong.json().path("detail").asText());
        assertEquals("urn:dosewarden:problem:sign-in-failed", wrong.json().path("type").asText());
        assertTrue(wrong.setCookies().isEmpty());
        JsonNode record = auditRecords(before).getLast();
        assertEquals("unauthenticated:clin-b", record.path("user").asText(), record.toString());
        assertEquals("sign-in", record.path("action").asText());
        assertEquals("refused", record.path("outcome").asText());
        assertTrue(record.path("detail").asText().contains("127.0.0.1"), record.toString());
        assertFalse(record.toString().contains("not-the-password"), "the password is never journaled");
        // An unknown user reads exactly the same.
        assertEquals(wrong.json().path("detail"), browser.signIn("nobody-here", "whatever").json().path("detail"));

        assertEquals(401, browser.signIn("clin-b", "still-wrong").status());
        assertEquals(401, browser.signIn("clin-b", "wrong-again").status());
        assertEquals(401, browser.signIn("clin-b", "fourth-wrong").status(), "three failures are free");
        ConsoleBrowser.Reply slowed = browser.signIn(ApiUsers.CLIN_B.user, ApiUsers.CLIN_B.password);
        assertEquals(429, slowed.status(), "after a 4th failure even the right password waits: " + slowed.body());
        assertEquals("1", slowed.header("Retry-After").orElseThrow());
        assertTrue(slowed.json().path("detail").asText().contains("try again in 1 s"), slowed.body());
        JsonNode throttled = auditRecords(before).getLast();
        assertTrue(throttled.path("detail").asText().contains("password not checked"), throttled.toString());

        time.advance(Duration.ofSeconds(1));
        assertEquals(200, browser.signIn(ApiUsers.CLIN_B.user, ApiUsers.CLIN_B.password).status());
        JsonNode ok = auditRecords(before).getLast();
        assertEquals("clin-b", ok.path("user").asText());
        assertTrue(ok.path("authenticated").asBoolean());
        assertEquals("accepted", ok.path("outcome").asText());
    }

    @Test
    @DisplayName("SR-U1: the session ends after 15 min without activity (injected clock); background reads do not keep it alive")
    void idleTimeout() throws Exception {
        browser.signIn(ApiUsers.CLIN_A);
        time.advance(Duration.ofMinutes(14));
        assertEquals(200, browser.get("/api/channels").status(), "14 min idle: still signed in");
        time.advance(Duration.ofMinutes(14));
        assertEquals(200, browser.get("/api/channels").status(), "the last request restarted the idle timer");
        time.advance(Duration.ofMinutes(10));
        assertEquals(200, browser.backgroundGet("/api/channels").status());
        time.advance(Duration.ofMinutes(5));
        long before = journal.lastSequence();
        ConsoleBrowser.Reply expired = browser.backgroundGet("/api/channels");
        assertEquals(401, expired.status(), "15 min since the last activity; the background read did not count");
        JsonNode record = auditRecords(before).getLast();
        assertEquals("session-expired", record.path("action").asText(), record.toString());
        assertEquals("clin-a", record.path("user").asText());
        assertTrue(record.path("detail").asText().contains("no activity for 15 min"), record.toString());
        assertEquals(401, browser.get("/api/session").status(), "an ended session stays ended");
    }

    @Test
    @DisplayName("SR-U1, SR-U5: a live stream opened with a console session ends with it (sign-out, idle timeout); "
            + "the expiry is still journaled once")
    void liveStreamEndsWithItsSession() throws Exception {
        String url = server.getURL() + "/api/channels/a/events";
        browser.signIn(ApiUsers.CLIN_A);
        try (EventStream events = EventStream.withCookie(url, "dw-session=" + browser.cookie)) {
            assertEquals("status", events.next(Duration.ofSeconds(10)).name());
            assertFalse(events.endsWithin(Duration.ofMillis(1500)), "open while the session is");
            assertEquals(204, browser.send("DELETE", "/api/session", null, null, true).status());
            assertTrue(events.endsWithin(Duration.ofSeconds(5)), "the stream ended with the sign-out");
        }

        browser = new ConsoleBrowser(URI.create(server.getURL().toString()));
        browser.signIn(ApiUsers.CLIN_A);
        try (EventStream events = EventStream.withCookie(url, "dw-session=" + browser.cookie)) {
            assertEquals("status", events.next(Duration.ofSeconds(10)).name());
            time.advance(Duration.ofMinutes(16));
            assertTrue(events.endsWithin(Duration.ofSeconds(5)), "the stream ended with the idle timeout");
        }
        long before = journal.lastSequence();
        assertEquals(401, browser.get("/api/channels").status());
        assertEquals("session-expired", auditRecords(before).getLast().path("action").asText());
    }

    @Test
    @DisplayName("SR-U1: a session ends after the absolute maximum (12 h) however active it is")
    void absoluteMaximum() {
        browser.signIn(ApiUsers.CLIN_A);
        for (int i = 0; i < 51; i++) {
            time.advance(Duration.ofMinutes(14));
            assertEquals(200, browser.get("/api/channels").status(), "after " + (i + 1) * 14 + " min");
        }
        time.advance(Duration.ofMinutes(6)); // 720 min
        assertEquals(401, browser.get("/api/channels").status());
    }

    @Test
    @DisplayName("SR-U1: a change made with the cookie but without the CSRF token (or a wrong one, or from another "
            + "site) gets 403 and nothing reaches the channel; with the token it is done")
    void csrf() {
        channels.fake("a").loadWithoutPrescription("clin-a", false);
        browser.signIn(ApiUsers.CLIN_A);
        int executed = channels.fake("a").executed();
        ConsoleBrowser.Reply forged = browser.postWithoutToken("/api/channels/a/start", "{}");
        assertEquals(403, forged.status(), forged.body());
        assertEquals("urn:dosewarden:problem:csrf", forged.json().path("type").asText());
        assertTrue(forged.json().path("detail").asText().contains("X-CSRF-Token header is missing"), forged.body());
        ConsoleBrowser.Reply wrongToken = browser.send("POST", "/api/channels/a/start", "application/json", "{}",
                false, "X-CSRF-Token", "guessed");
        assertEquals(403, wrongToken.status());
        assertEquals(403, browser.send("POST", "/api/channels/a/start", "application/json", "{}", true,
                "Origin", "https://evil.example").status(), "another site's page");
        ConsoleBrowser.Reply otherPort = browser.send("POST", "/api/channels/a/start", "application/json", "{}",
                true, "Origin", "http://127.0.0.1:1");
        assertEquals(403, otherPort.status());
        assertTrue(otherPort.json().path("detail").asText().contains("http://127.0.0.1:1, not from this daemon"),
                otherPort.body());
        assertEquals(403, browser.send("POST", "/api/channels/a/start", "application/json", "{}", true,
                "Sec-Fetch-Site", "cross-site").status());
        assertEquals(executed, channels.fake("a").executed(), "nothing reached the channel");

        ConsoleBrowser.Reply started = browser.post("/api/channels/a/start", "{}");
        assertEquals(200, started.status(), started.body());
        assertEquals("RUNNING", started.json().path("infusionState").asText());
    }

    @Test
    @DisplayName("SR-U2: a viewer's forged change with a valid session and token still gets 403")
    void viewerForgedRequest() {
        channels.fake("a").loadWithoutPrescription("clin-a", false);
        browser.signIn(ApiUsers.VIEWER);
        assertEquals("[\"viewer\"]", browser.get("/api/session").json().path("roles").toString());
        int executed = channels.fake("a").executed();
        for (String action : List.of("start", "stop", "pause", "end")) {
            ConsoleBrowser.Reply r = browser.post("/api/channels/a/" + action, "{}");
            assertEquals(403, r.status(), action + ": " + r.body());
            assertEquals("urn:dosewarden:problem:forbidden", r.json().path("type").asText());
        }
        assertEquals(executed, channels.fake("a").executed());
        assertEquals(200, browser.get("/api/channels/a").status(), "reading is allowed");
    }

    @Test
    @DisplayName("SR-U1: the plain-HTML sign-in form works without scripts; a failure shows the reason; "
            + "sign-out needs the session's token")
    void htmlForm() {
        ConsoleBrowser.Reply page = browser.get("/console/login?next=/console/channels/a");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<form method=\"post\" action=\"/console/login\">"), page.body());
        assertTrue(page.body().contains("value=\"/console/channels/a\""), page.body());
        assertTrue(page.header("Content-Security-Policy").orElse("").contains("default-src 'none'"));

        ConsoleBrowser.Reply failed = browser.form("/console/login", "username", "clin-a", "password", "nope",
                "next", "/console");
        assertEquals(401, failed.status());
        assertTrue(failed.body().contains("Sign-in failed: wrong user name or password."), failed.body());

        ConsoleBrowser.Reply offSite = browser.form("/console/login", "username", "clin-a", "password",
                ApiUsers.CLIN_A.password, "next", "//evil.example/x");
        assertEquals(303, offSite.status());
        assertEquals("/console", offSite.header("Location").orElseThrow(), "no open redirect");
        browser.keepCookie(offSite);
        ConsoleBrowser.Reply me = browser.get("/api/session");
        assertEquals("clin-a", me.json().path("user").asText());
        String token = me.json().path("csrfToken").asText();

        ConsoleBrowser.Reply badLogout = browser.form("/console/logout", "csrf", "not-it");
        assertEquals(403, badLogout.status());
        assertEquals(200, browser.get("/api/session").status(), "still signed in");
        ConsoleBrowser.Reply logout = browser.form("/console/logout", "csrf", token);
        assertEquals(303, logout.status());
        assertEquals("/console/login", logout.header("Location").orElseThrow());
        assertEquals(401, browser.get("/api/session").status());
    }

    @Test
    @DisplayName("SR-U1: a sign-in posted from another site is refused; HTTP Basic scripts need no token")
    void signInFromAnotherSiteAndBasicScripts() {
        ConsoleBrowser.Reply r = browser.send("POST", "/api/session", "application/json",
                "{\"username\":\"clin-a\",\"password\":\"" + ApiUsers.CLIN_A.password + "\"}", false,
                "Origin", "https://evil.example");
        assertEquals(403, r.status(), r.body());
        assertTrue(r.setCookies().isEmpty());

        channels.fake("a").loadWithoutPrescription("clin-a", false);
        Http.Answer started = http.send(ApiUsers.post(ApiUsers.CLIN_A, "/api/channels/a/start", "{}"));
        assertEquals(200, started.status(), started.body());
        JsonNode basicMe = http.send(ApiUsers.CLIN_A.on(io.micronaut.http.HttpRequest.GET("/api/session"))).ok();
        assertEquals("basic", basicMe.path("via").asText());
        assertTrue(basicMe.path("csrfToken").isNull());
        Http.Answer unauth = http.send(io.micronaut.http.HttpRequest.GET("/api/channels"));
        assertNotEquals(null, unauth.header("WWW-Authenticate"), "scripts still get the Basic challenge");
    }

    @Test
    @DisplayName("SR-I2: on a shared console the second clinician signs with their own password; the programmer, a "
            + "wrong password and a viewer are refused, and the confirmation is journaled as the second clinician's")
    void secondClinicianOnTheSameScreen() throws Exception {
        channels.fake("a").loadWithoutPrescription("clin-a", true);
        browser.signIn(ApiUsers.CLIN_A);
        ConsoleBrowser.Reply self = browser.post("/api/channels/a/confirm",
                "{\"secondClinician\":{\"username\":\"clin-a\",\"password\":\"" + ApiUsers.CLIN_A.password + "\"}}");
        assertEquals(403, self.status(), self.body());
        assertTrue(self.json().path("detail").asText().contains("second, different clinician"), self.body());

        ConsoleBrowser.Reply wrong = browser.post("/api/channels/a/confirm",
                "{\"secondClinician\":{\"username\":\"clin-b\",\"password\":\"guess\"}}");
        assertEquals(422, wrong.status(), wrong.body());
        assertEquals("secondClinician.password", wrong.json().path("field").asText());
        assertEquals(200, browser.get("/api/session").status(), "a wrong second password does not end the session");

        ConsoleBrowser.Reply viewer = browser.post("/api/channels/a/confirm", "{\"secondClinician\":{\"username\":\""
                + ApiUsers.VIEWER.user + "\",\"password\":\"" + ApiUsers.VIEWER.password + "\"}}");
        assertEquals(403, viewer.status(), viewer.body());
        assertEquals("AWAITING_CONFIRMATION", browser.get("/api/channels/a").json().path("infusionState").asText());

        long before = journal.lastSequence();
        ConsoleBrowser.Reply ok = browser.post("/api/channels/a/confirm",
                "{\"secondClinician\":{\"username\":\"clin-b\",\"password\":\"" + ApiUsers.CLIN_B.password + "\"}}");
        assertEquals(200, ok.status(), ok.body());
        assertEquals("PROGRAMMED", ok.json().path("infusionState").asText());
        assertTrue(channels.fake("a").records(0, 1000).getLast().payloadJson().contains("\"user\":\"clin-b\""),
                "the channel took the confirmation as clin-b's");
        JsonNode audit = auditRecords(before).getLast();
        assertEquals("confirm", audit.path("action").asText());
        assertEquals("clin-a", audit.path("user").asText());
        assertTrue(audit.path("detail").asText().contains("second clinician clin-b signed"), audit.toString());
        assertFalse(audit.toString().contains(ApiUsers.CLIN_B.password));
    }
}
