package org.dosewarden.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clinician console in real Chromium on a real daemon with simulated pumps (time 10 times faster, as in the demo), walked
 * through as a clinician would, by keyboard alone: Tab to each control, arrow keys in the lists, typing, Enter.
 * The steps run in order on one box; each saves a screenshot under target/screenshots/console-walk-through/ and
 * runs axe-core on what is on screen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleWalkThroughPageTest {

    private static final String SHOTS = "console-walk-through";
    private static final long TIME_FACTOR = 30;
    private static final String PATIENT = "P-1001";

    @TempDir
    static Path dir;
    private ConsoleDaemon box;
    private ConsoleTab tab;

    @BeforeAll
    void start() throws Exception {
        box = ConsoleDaemon.up(dir.resolve("box"), TIME_FACTOR, "15m", "PT2M");
        tab = ConsoleTab.on(box, SHOTS);
    }

    @AfterAll
    void stop() throws Exception {
        ConsoleTab.closeAll(tab, box);
    }

    private void channelPage(String channel) {
        tab.channelPage(channel);
    }

    /** Fills the programming form by keyboard alone, bed "bay 4"; {@code protocol} null means the dosing is typed. */
    private void program(String area, String entry, String protocol, String dose, String minutes, String patient) {
        tab.program(area, entry, protocol, dose, minutes, patient, "bay 4");
    }

    private String outcome() {
        try {
            return (String) tab.until("the daemon's check", "const o = document.getElementById('check-outcome');"
                    + "return o && document.getElementById('check').getAttribute('aria-busy') !== 'true' ? o.dataset.outcome : null;");
        } catch (org.openqa.selenium.TimeoutException e) {
            tab.shot("failed-check-" + System.currentTimeMillis());
            throw new AssertionError("no check shown; the form says: " + tab.js("return [...document.querySelectorAll("
                    + "'.field-error:not([hidden]), #program-error:not([hidden]), #check, #command-message')]"
                    + ".map(e => (e.id || e.className) + ': ' + e.innerText).join(' | ') + ' | values: ' + [...document"
                    + ".querySelectorAll('#program-form input, #program-form select')].map(e => e.id + '=' + e.value).join(', ');"), e);
        }
    }

    private boolean loadEnabled() {
        return Boolean.FALSE.equals(tab.js("return document.getElementById('load').disabled;"));
    }

    @Test
    @Order(1)
    @DisplayName("SR-U1: the overview after sign-in lists the device's channels, each linking to its page; "
            + "no serious accessibility violation")
    void overview() throws Exception {
        tab.open("/console");
        tab.signIn(ConsoleDaemon.NURSE, box.password(ConsoleDaemon.NURSE));
        tab.until("the overview", "return location.pathname === '/console';");
        tab.untilReady();
        tab.until("three channel cards", "return document.querySelectorAll('#channels a.channel-card').length === 3;");
        tab.until("the page live", "return document.body.dataset.live === 'true';");
        tab.accessible("overview");
        tab.shot("01-overview");
        assertEquals("/console/channels/a", tab.js("return new URL(document.querySelector("
                + "'a.channel-card[data-channel=a]').href).pathname;"));
    }

    @Test
    @Order(2)
    @DisplayName("SR-U4, SR-U3: by keyboard alone, ketamine 0.5 mg/kg over 40 min for 70 kg at 1 mg/mL: the daemon's "
            + "check shows 52.5 mL/h and 35 mL before anything loads; pause and stop are on screen from the start")
    void programShowsTheDaemonsPlan() throws Exception {
        channelPage("a");
        assertTrue(tab.visible("#pause") && tab.visible("#stop"), "pause and stop are always on screen");
        tab.accessible("channel page, idle");
        tab.shot("02-channel-idle");
        program("psychiatry", "ketamine-psych", "depression-standard", null, null, PATIENT);
        assertEquals("0.5", tab.js("return document.getElementById('dose').value;"), "the protocol's dose");
        assertEquals("40", tab.js("return document.getElementById('duration').value;"), "the protocol's duration");
        assertEquals("ALLOWED", outcome());
        assertEquals("52.5 mL/h", tab.text("#check .plan-rate"));
        assertEquals("35 mL", tab.text("#check .plan-total-volume"));
        assertEquals("35 mg", tab.text("#check .plan-total-dose"));
        assertEquals("IDLE", tab.state(), "nothing is loaded by the check");
        tab.accessible("the daemon's check");
        tab.js("document.getElementById('check').scrollIntoView({block: 'center'});");
        tab.shot("03-check-plan-shown");
    }

    @Test
    @Order(3)
    @DisplayName("SR-U3: load, then start through a confirmation naming drug, concentration, dose, rate, volume, "
            + "duration and the vitals gate; by keyboard")
    void loadAndStart() throws Exception {
        tab.press("load");
        tab.untilState("PROGRAMMED");
        tab.shot("04-loaded");
        tab.press("start");
        tab.untilVisible("#start-dialog[open]");
        String facts = tab.text("#start-facts");
        for (String shown : new String[] {"ketamine", "1 mg/mL", "0.5 mg/kg", "35 mg", "70 kg", "52.5 mL/h", "35 mL",
                "40 min"}) {
            assertTrue(facts.contains(shown), "the confirmation names " + shown + ": " + facts);
        }
        assertTrue(tab.text("#gate").startsWith("Vitals gate"), tab.text("#gate"));
        tab.accessible("start confirmation");
        tab.shot("05-start-confirmation");
        tab.press("start-confirm");
        tab.untilState("RUNNING");
        tab.until("the confirmation closed", "return document.querySelectorAll('dialog[open]').length === 0;");
        tab.untilText("#fact-rate", "52.5 mL/h");
        tab.accessible("running");
        tab.shot("06-running");
    }

    @Test
    @Order(4)
    @DisplayName("SR-U3: pause takes one key press on the pause button, never a dialog; resume goes through its "
            + "confirmation; by keyboard")
    void pauseAndResume() throws Exception {
        tab.press("pause");
        tab.untilState("PAUSED");
        tab.assertNoDialogOpen();
        tab.accessible("paused");
        tab.shot("07-paused");
        tab.press("resume");
        tab.untilVisible("#start-dialog[open]");
        assertTrue(tab.text("#resume-facts").contains("still to give"), tab.text("#resume-facts"));
        tab.shot("08-resume-confirmation");
        tab.press("start-confirm");
        tab.untilState("RUNNING");
        tab.until("the confirmation closed", "return document.querySelectorAll('dialog[open]').length === 0;");
    }

    @Test
    @Order(5)
    @DisplayName("SR-U3: the infusion runs to completion (time factor 30: the 40 min in 80 s); the page shows 35 of 35 mL; the session "
            + "is ended and appears in the patient's history")
    void runsToCompletionAndEnds() throws Exception {
        tab.browser.waitUntil("channel state COMPLETED", Duration.ofMinutes(7),
                d -> "COMPLETED".equals(tab.state()) ? true : null);
        tab.untilText("#fact-volume", "35 of 35 mL");
        tab.accessible("completed");
        tab.shot("09-completed");
        tab.press("end");
        tab.untilVisible("#reason-dialog[open]");
        tab.typeInto("reason-text", "session over, patient well");
        tab.shot("10-end-session");
        tab.press("reason-confirm");
        tab.untilState("IDLE");
        HttpResponse<String> history = box.api(ConsoleDaemon.NURSE, "GET", "/api/patients/" + PATIENT + "/sessions", null);
        assertEquals(200, history.statusCode(), history.body());
        assertTrue(history.body().contains("ketamine-psych"), history.body());
        // Programming the same patient again shows the course: the earlier session, and the interval it breaks.
        tab.until("the program form again", "return !!document.getElementById('care-area');");
        program("psychiatry", "ketamine-psych", "depression-standard", null, null, PATIENT);
        outcome();
        tab.untilVisible("#course-sessions");
        assertTrue(tab.text("#course").contains("ketamine"), tab.text("#course"));
        tab.shot("11-course-after-one-session");
    }

    @Test
    @Order(6)
    @DisplayName("SR-U4: a soft violation cannot be loaded without its reason (amber, limit and requested value, "
            + "a reason field each); the daemon refuses the same program without reasons; with them it loads")
    void softViolationNeedsItsReason() throws Exception {
        channelPage("b");
        program("psychiatry", "ketamine-psych", null, "0.45", "40", "P-2002");
        assertEquals("NEEDS_OVERRIDE", outcome(), () -> tab.text("#check"));
        assertFalse(loadEnabled(), "no load without the reasons");
        long soft = ((Number) tab.js("return document.querySelectorAll('#soft-violations li.violation--soft').length;"))
                .longValue();
        assertTrue(soft >= 1);
        assertTrue(tab.text("#soft-violations").contains("Limit") && tab.text("#soft-violations").contains("requested"));
        tab.accessible("soft violation");
        tab.js("document.getElementById('check').scrollIntoView({block: 'center'});");
        tab.shot("12-soft-violation");
        HttpResponse<String> put = box.api(ConsoleDaemon.NURSE, "PUT", "/api/channels/b/program",
                "{\"patientId\":\"P-2002\",\"careArea\":\"psychiatry\",\"drug\":\"ketamine-psych\",\"weight\":"
                        + "{\"value\":70,\"unit\":\"kg\"},\"concentration\":{\"value\":1,\"unit\":\"mg/mL\"},\"prescriber\":"
                        + "\"dr-okafor\",\"dose\":{\"value\":0.45,\"unit\":\"mg/kg\"},\"duration\":\"PT40M\"}");
        assertTrue(put.statusCode() >= 400 && put.statusCode() < 500, put.statusCode() + " " + put.body());
        assertEquals("IDLE", tab.state(), "nothing half-loaded");
        for (int i = 0; i < soft; i++) {
            String id = (String) tab.js("return document.querySelectorAll('#soft-violations textarea')[arguments[0]].id;", i);
            // Typed in two goes with the daemon's answer drawn between them, as when a clinician pauses mid-sentence:
            // the keys after the pause must still reach the field (drawing the answer once took its focus).
            tab.typeInto(id, "treatment-resistant,");
            tab.until("the first words checked", "const f = document.getElementById(arguments[0]);"
                    + "return f && f.closest('[data-reason-given=\"true\"]') && document.getElementById('check')"
                    + ".getAttribute('aria-busy') !== 'true';", id);
            tab.keys(" agreed with the prescriber");
            tab.until("the whole reason in its field", "return document.getElementById(arguments[0]).value === arguments[1];",
                    id, "treatment-resistant, agreed with the prescriber");
        }
        tab.until("the program loadable", "return document.getElementById('check').dataset.loadable === 'true'"
                + " && !document.getElementById('load').disabled;");
        tab.js("document.getElementById('check').scrollIntoView({block: 'center'});");
        tab.shot("13-soft-violation-with-reasons");
        tab.press("load");
        tab.untilState("PROGRAMMED");
        assertTrue(tab.text("#loaded").contains("treatment-resistant, agreed with the prescriber"), tab.text("#loaded"));
        assertTrue(tab.text("#loaded").contains("Reason for dose below its soft minimum"), tab.text("#loaded"));
        assertFalse(tab.text("#loaded").contains("softMax"), "the limit in clinic words, not its id: " + tab.text("#loaded"));
        tab.scrollTo("loaded");
        tab.shot("13b-loaded-with-reasons");
    }

    @Test
    @Order(7)
    @DisplayName("SR-U4: a hard violation cannot be loaded at all: red, with the limit and the requested value; the "
            + "load button stays disabled and the daemon refuses the same program")
    void hardViolationCannotBeLoaded() throws Exception {
        channelPage("c");
        program("psychiatry", "ketamine-psych", null, "1.2", "40", "P-3003");
        assertEquals("REFUSED", outcome());
        assertFalse(loadEnabled());
        String hard = tab.text("#hard-violations");
        assertTrue(hard.contains("HARD") && hard.contains("Limit") && hard.contains("requested"), hard);
        assertTrue(tab.text("#load-hint").contains("cannot be loaded"), tab.text("#load-hint"));
        // 84 mL does not fit the pump (60 mL): no plan cut down to 60 mL is shown, but what was requested.
        String requested = tab.text("#check-requested");
        assertTrue(requested.contains("NOT LOADABLE") && requested.contains("1.2 mg/kg over 40 min")
                && requested.contains("84 mL") && requested.contains("60 mL"), requested);
        assertEquals(Boolean.FALSE, tab.js("return !!document.querySelector('#check table.plan');"), "no capped plan");
        tab.accessible("hard violation");
        tab.js("document.getElementById('check').scrollIntoView({block: 'center'});");
        tab.shot("14-hard-violation");
        tab.js("document.getElementById('load').disabled = false;");
        tab.click("load");
        assertEquals("IDLE", tab.state(), "nothing half-loaded");
    }

    @Test
    @Order(8)
    @DisplayName("SR-U3, SR-I2: a high-alert program waits for a second clinician signed in a dialog on the same "
            + "screen; the programming clinician is refused as their own second; a different one confirms")
    void highAlertSecondClinician() throws Exception {
        channelPage("c");
        tab.choose("care-area", "adult-critical-care");
        tab.choose("entry", "insulin");
        tab.typeInto("dose-rate", "5");
        tab.typeInto("total-dose", "10");
        tab.typeInto("weight", "70");
        tab.choose("concentration", "0");
        tab.typeInto("patient-id", "P-3003");
        tab.typeInto("prescriber", "dr-okafor");
        assertEquals("ALLOWED", outcome());
        tab.press("load");
        tab.untilState("AWAITING_CONFIRMATION");
        assertFalse(tab.visible("#start"), "no start before the second clinician");
        tab.press("confirm-second");
        tab.untilVisible("#second-dialog[open]");
        String facts = tab.text("#second-dialog");
        assertTrue(facts.contains("insulin (regular)") && !facts.contains("(regular) (insulin)"), "the drug named once: " + facts);
        assertTrue(facts.contains("1 unit/mL"), "one unit, singular: " + facts);
        tab.typeInto("second-user", ConsoleDaemon.NURSE);
        tab.typeInto("second-password", box.password(ConsoleDaemon.NURSE));
        tab.press("second-confirm");
        String refusal = (String) tab.until("the refusal", "const p = ['second-user-error', 'second-problem']"
                + ".map(id => document.getElementById(id)).find(e => e && !e.hidden); return p ? p.innerText : null;");
        assertTrue(refusal.contains(ConsoleDaemon.NURSE), "the refusal names who may not confirm: " + refusal);
        tab.accessible("second clinician refused");
        tab.shot("15-second-clinician-same-user-refused");
        assertEquals("AWAITING_CONFIRMATION", tab.state());
        tab.typeInto("second-user", ConsoleDaemon.NURSE_2);
        tab.typeInto("second-password", box.password(ConsoleDaemon.NURSE_2));
        tab.press("second-confirm");
        tab.untilState("PROGRAMMED");
        // PROGRAMMED arrives by the live stream, possibly before the answer that closes the dialog.
        tab.until("the dialog closed", "return document.querySelectorAll('dialog[open]').length === 0;");
        tab.assertNoDialogOpen();
        assertTrue(tab.text("#loaded").contains("confirmed by " + ConsoleDaemon.NURSE_2), tab.text("#loaded"));
        tab.shot("16-second-clinician-confirmed");
    }

    @Test
    @Order(9)
    @DisplayName("SR-U5: the channel page follows the daemon's event stream: a start made elsewhere (by a script) "
            + "shows at once, with no read of the channel in between (no poll interval's delay)")
    void changesArriveByTheEventStream() throws Exception {
        tab.open("/console/channels/b");
        tab.untilReady();
        tab.until("the page on the event stream", "return document.body.dataset.feed === 'stream';");
        tab.untilState("PROGRAMMED");
        tab.js("performance.clearResourceTimings(); performance.setResourceTimingBufferSize(10000); window.dwShown = 0;"
                + "const s = document.getElementById('state');"
                + "new MutationObserver(() => { if (!window.dwShown && s.dataset.state === 'RUNNING') window.dwShown = Date.now(); })"
                + ".observe(s, {attributes: true, childList: true, characterData: true, subtree: true});");
        HttpResponse<String> started = box.api(ConsoleDaemon.NURSE, "POST", "/api/channels/b/start", "{}");
        long answered = System.currentTimeMillis();
        assertEquals(200, started.statusCode(), started.body());
        tab.untilState("RUNNING");
        long shown = ((Number) tab.js("return window.dwShown;")).longValue();
        long reads = ((Number) tab.js("return performance.getEntriesByType('resource')"
                + ".filter(e => new URL(e.name).pathname === '/api/channels/b').length;")).longValue();
        assertEquals(0, reads, "the change came by the stream: the page did not read the channel");
        assertEquals("stream", tab.js("return document.body.dataset.feed;"));
        assertTrue(shown - answered < 1000, "shown " + (shown - answered) + " ms after the daemon answered the start; "
                + "a poll would take up to 1000 ms");
        tab.untilText("#fact-rate", "mL/h");
        tab.shot("17-started-elsewhere-shown-live");
    }

    @Test
    @Order(20)
    @DisplayName("SR-U5: when the daemon stops answering (frozen: the stream open but silent) and when it is gone, "
            + "the page says within seconds that it is not live, since when, and what to do at the bedside")
    void notLiveWhenTheDaemonIsGone() throws Exception {
        tab.open("/console/channels/b");
        tab.untilReady();
        tab.until("the page live", "return document.body.dataset.live === 'true';");
        tab.until("the page on the event stream", "return document.body.dataset.feed === 'stream';");
        signal("STOP");
        try {
            tab.browser.waitUntil("the page not live, daemon frozen", Duration.ofSeconds(6),
                    d -> "false".equals(tab.js("return document.body.dataset.live;")) ? true : null);
            tab.untilVisible("#banner");
            assertTrue(tab.text("#banner").contains("NOT live"), tab.text("#banner"));
            tab.shot("18-not-live-daemon-frozen");
        } finally {
            signal("CONT");
        }
        tab.until("the page live again", "return document.body.dataset.live === 'true';");
        tab.until("back on the event stream", "return document.body.dataset.feed === 'stream';");
        assertFalse(tab.visible("#banner"), "no banner once live again");

        box.process.kill();
        tab.browser.waitUntil("the page not live", Duration.ofSeconds(5),
                d -> "false".equals(tab.js("return document.body.dataset.live;")) ? true : null);
        tab.untilVisible("#banner");
        assertTrue(tab.text("#live").contains("NOT LIVE since"), tab.text("#live"));
        assertTrue(tab.text("#banner").contains("NOT live"), tab.text("#banner"));
        tab.accessible("not live");
        tab.shot("19-not-live");
    }

    /** Sends the daemon process a signal (STOP freezes it with its connections open, CONT lets it go on). */
    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(box.process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name);
    }
}
