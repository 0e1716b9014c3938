package org.dosewarden.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's sign-in, sign-out, session end and roles in real Chromium against a real daemon on simulated
 * pumps. The daemon's idle timeout is its smallest allowed value (1 min, real time), so the expiry is seen as a
 * clinician would see it: the open page, left alone, goes to the sign-in form saying the session ended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSignInPageTest {

    private static final String SHOTS = "console-sign-in";

    @TempDir
    static Path dir;
    private ConsoleDaemon box;
    private ConsoleTab tab;

    @BeforeAll
    void startBox() throws Exception {
        box = ConsoleDaemon.up(dir.resolve("box"), 1, "1m", "PT2M");
    }

    @AfterAll
    void stopBox() {
        if (box != null) {
            box.close();
        }
    }

    @BeforeEach
    void openTab() throws Exception {
        tab = new ConsoleTab(SHOTS, box.base(), 1280, 900);
    }

    @AfterEach
    void closeTab() {
        if (tab != null) {
            tab.close();
        }
    }

    /** Runs {@code fetch} in the page and returns the HTTP status. */
    private long fetchStatus(String method, String path, boolean withToken) {
        Object status = tab.js("const headers = {'Content-Type': 'application/json', 'Accept': 'application/json'};"
                + "if (arguments[2]) headers['X-CSRF-Token'] = document.getElementById('signout-csrf').value;"
                + "return fetch(arguments[1], {method: arguments[0], headers, credentials: 'same-origin'})"
                + ".then(r => r.status);", method, path, withToken);
        return ((Number) status).longValue();
    }

    @Test
    @DisplayName("SR-U1: sign-in from the console's own form lands on the page asked for, shows who is signed in; "
            + "sign-out ends the session (the page asks for sign-in again); no serious accessibility violation")
    void signInAndOut() throws Exception {
        tab.open("/console/channels/a");
        tab.until("the sign-in form", "return location.pathname === '/console/login';");
        tab.accessible("sign-in form");
        tab.shot("01-sign-in-form");
        tab.signIn(ConsoleDaemon.NURSE, box.password(ConsoleDaemon.NURSE));
        tab.until("the channel page", "return location.pathname === '/console/channels/a';");
        tab.untilReady();
        tab.untilText("#who", ConsoleDaemon.NURSE + " · clinician");
        tab.shot("02-signed-in-channel-page");
        tab.signOut();
        tab.open("/console");
        tab.until("the sign-in form again", "return location.pathname === '/console/login';");
        assertTrue(tab.text("body").contains("Sign in"), tab.text("body"));
    }

    @Test
    @DisplayName("SR-U1, SR-I1: a wrong password shows a message on the form and is journaled (user, refused, "
            + "address) without the password")
    void wrongPassword() throws Exception {
        long before = box.journal("api.audit").size();
        tab.open("/console");
        tab.signIn(ConsoleDaemon.NURSE_2, "not-the-password");
        tab.untilText("#sign-in-message", "wrong user name or password");
        assertEquals("/console/login", tab.js("return location.pathname;"));
        tab.accessible("sign-in form with a message");
        tab.shot("03-wrong-password");
        List<String> audit = box.journal("api.audit");
        String refused = audit.subList(before > audit.size() ? audit.size() : (int) before, audit.size()).stream()
                .filter(r -> r.contains("\"action\":\"sign-in\"") && r.contains("\"outcome\":\"refused\""))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no refused sign-in journaled: " + audit));
        assertTrue(refused.contains(ConsoleDaemon.NURSE_2), refused);
        assertTrue(refused.contains("127.0.0.1"), refused);
        assertFalse(refused.contains("not-the-password"), "the password is never journaled");
    }

    @Test
    @DisplayName("SR-U2: a viewer sees the channel but no action controls (no pause, stop, start, program form); "
            + "a request forged in the viewer's page with a valid CSRF token still gets 403")
    void viewerSeesNoControls() throws Exception {
        tab.open("/console/channels/a");
        tab.signIn(ConsoleDaemon.VIEWER, box.password(ConsoleDaemon.VIEWER));
        tab.until("the channel page", "return location.pathname === '/console/channels/a';");
        tab.untilReady();
        tab.untilText("#who", ConsoleDaemon.VIEWER + " · viewer");
        assertFalse(tab.visible("#actions"), "a viewer gets no command bar buttons");
        for (String control : List.of("#pause", "#stop", "#start", "#resume", "#program-form", "#load")) {
            assertFalse(tab.visible(control), control + " must not be shown to a viewer");
        }
        tab.untilText("#program-area", "Only a clinician can program this channel");
        tab.accessible("channel page as a viewer");
        tab.shot("04-viewer-channel-page");
        assertEquals(403, fetchStatus("POST", "/api/channels/a/pause", true), "a viewer's forged pause");
        tab.open("/console");
        tab.untilReady();
        assertNull(tab.js("return document.querySelector('#channels button');"), "no controls on the overview");
        tab.accessible("overview as a viewer");
    }

    @Test
    @DisplayName("SR-U1: a change made with the session cookie but without the CSRF token gets 403; with it, the "
            + "channel itself answers (409: nothing runs on it to pause)")
    void csrfTokenRequired() {
        tab.open("/console/channels/b");
        tab.signIn(ConsoleDaemon.NURSE, box.password(ConsoleDaemon.NURSE));
        tab.until("the channel page", "return location.pathname === '/console/channels/b';");
        tab.untilReady();
        assertEquals(403, fetchStatus("POST", "/api/channels/b/pause", false), "no CSRF token");
        assertEquals(409, fetchStatus("POST", "/api/channels/b/pause", true), "the same request with the token "
                + "passes the CSRF check and reaches the channel, which has nothing running");
    }

    @Test
    @DisplayName("SR-U1: a page left alone past the idle timeout (1 min here) goes to the sign-in form, which says "
            + "the session ended; the page's own background reads do not keep the session alive")
    void sessionExpires() throws Exception {
        tab.open("/console/channels/c");
        tab.signIn(ConsoleDaemon.NURSE, box.password(ConsoleDaemon.NURSE));
        tab.until("the channel page", "return location.pathname === '/console/channels/c';");
        tab.untilReady();
        tab.untilText("#idle-text", "Signing out in");
        tab.shot("05-about-to-sign-out");
        tab.browser.waitUntil("the sign-in form after the idle timeout", Duration.ofSeconds(120),
                d -> "/console/login".equals(tab.js("return location.pathname;")) ? true : null);
        tab.untilText("#sign-in-message", "has ended");
        tab.shot("06-session-ended");
    }
}
