package org.dosewarden.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dosewarden.testing.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * A console tab in real Chromium, as the tests use it: waits on the page's own state (never fixed sleeps), and
 * drives it by keyboard alone where a test says so: Tab to reach a control (failing when it cannot be reached),
 * arrow keys for selects, typing into the focused field, Enter or Space to press.
 */
final class ConsoleTab implements AutoCloseable {

    static final Duration PAGE = Duration.ofSeconds(45);
    private static final int MAX_TABS = 120;

    final Browser browser;
    final String base;

    ConsoleTab(String shots, String base, int width, int height) throws IOException {
        this.browser = Browser.start(shots, width, height);
        this.browser.viewport(width, height);
        this.base = base;
    }

    /** A tab on {@code box}'s console at the size the page tests use (1366 x 900), screenshots under {@code shots}. */
    static ConsoleTab on(ConsoleDaemon box, String shots) throws IOException {
        return new ConsoleTab(shots, box.base(), 1366, 900);
    }

    /**
     * Closes what a test class opened, in the order given (tabs before their box); a null (never opened) is
     * skipped, and every one is closed even when an earlier one fails to close.
     */
    static void closeAll(AutoCloseable... opened) throws Exception {
        Exception first = null;
        for (AutoCloseable c : opened) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    void open(String path) {
        browser.open(base + path);
    }

    Object js(String script, Object... args) {
        return browser.js(script, args);
    }

    String text(String css) {
        Object t = js("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css);
        return t == null ? null : t.toString();
    }

    boolean visible(String css) {
        return Boolean.TRUE.equals(js("const e = document.querySelector(arguments[0]);"
                + "return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';", css));
    }

    /** Waits until the script returns a truthy value. */
    Object until(String what, String script, Object... args) {
        return browser.waitUntil(what, PAGE, d -> {
            Object v = js(script, args);
            return v == null || Boolean.FALSE.equals(v) || "".equals(v) ? null : v;
        });
    }

    void untilVisible(String css) {
        browser.waitUntil(css + " visible", PAGE, d -> visible(css) ? true : null);
    }

    void untilText(String css, String contains) {
        browser.waitUntil(css + " contains '" + contains + "'", PAGE, d -> {
            String t = text(css);
            return t != null && t.contains(contains) ? true : null;
        });
    }

    /** The channel's state as the page shows it. */
    String state() {
        return (String) js("return document.getElementById('state').dataset.state;");
    }

    void untilState(String state) {
        browser.waitUntil("channel state " + state + " (shown: " + state() + ")", Duration.ofSeconds(90),
                d -> state.equals(state()) ? true : null);
    }

    /** The page is built and has shown the daemon's answer at least once. */
    void untilReady() {
        until("the page ready", "return document.body.dataset.ready === 'true';");
    }

    // ------------------------------------------------------------------ sign-in (the plain form)

    void signIn(String user, String password) {
        until("the sign-in form", "return !!document.getElementById('username');");
        browser.driver().findElement(By.id("username")).clear();
        browser.driver().findElement(By.id("username")).sendKeys(user);
        browser.driver().findElement(By.id("password")).sendKeys(password, Keys.ENTER);
    }

    void signOut() {
        browser.driver().findElement(By.id("signout")).click();
        until("the sign-in form after signing out", "return location.pathname === '/console/login';");
    }

    /** Opens a channel page (already signed in) and waits until it has shown the daemon's answer and its form. */
    void channelPage(String channel) {
        open("/console/channels/" + channel);
        untilChannelPage(channel);
    }

    /** Waits until the tab shows the channel page with the daemon's answer and its form. */
    void untilChannelPage(String channel) {
        until("channel page " + channel, "return location.pathname === '/console/channels/" + channel + "';");
        untilReady();
        until("the program form", "return !!document.getElementById('care-area');");
    }

    /**
     * Fills the programming form by keyboard alone, weight 70 kg and the entry's first standard concentration;
     * {@code protocol} null means the dosing is typed ({@code dose} over {@code minutes}); {@code bed} may be null.
     */
    void program(String area, String entry, String protocol, String dose, String minutes, String patient, String bed) {
        choose("care-area", area);
        choose("entry", entry);
        if (protocol != null) {
            choose("protocol", protocol);
        } else {
            typeInto("dose", dose);
            typeInto("duration", minutes);
        }
        typeInto("weight", "70");
        choose("concentration", "0");
        typeInto("patient-id", patient);
        if (bed != null) {
            typeInto("bed", bed);
        }
        typeInto("prescriber", "dr-okafor");
    }

    /** Waits until the program can be loaded (the daemon's check allows it as the form stands). */
    void untilLoadable() {
        until("the program loadable", "return document.getElementById('check').dataset.loadable === 'true'"
                + " && !document.getElementById('load').disabled;");
    }

    void scrollTo(String id) {
        js("document.getElementById(arguments[0]).scrollIntoView({block: 'center'});", id);
    }

    // ------------------------------------------------------------------ keyboard

    String focused() {
        Object id = js("return document.activeElement ? document.activeElement.id : '';");
        return id == null ? "" : id.toString();
    }

    void keys(CharSequence... keys) {
        new Actions(browser.driver()).sendKeys(keys).perform();
    }

    /** Presses Tab until {@code id} has the focus; fails when Tab never reaches it (not keyboard operable). */
    void tabTo(String id) {
        for (int i = 0; i < MAX_TABS; i++) {
            if (id.equals(focused())) {
                return;
            }
            keys(Keys.TAB);
        }
        throw new AssertionError("Tab did not reach #" + id + " in " + MAX_TABS + " presses (last focus: #" + focused() + ")");
    }

    /** Tab to the field, select what it holds, type {@code text}. */
    void typeInto(String id, String text) {
        tabTo(id);
        new Actions(browser.driver()).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL)
                .sendKeys(Keys.DELETE).sendKeys(text).perform();
    }

    /** Tab to a select and move with the arrow keys until it shows the option of {@code value}. */
    void choose(String id, String value) {
        tabTo(id);
        for (int i = 0; i < 40; i++) {
            if (value.equals(js("return document.getElementById(arguments[0]).value;", id))) {
                return;
            }
            keys(Keys.ARROW_DOWN);
        }
        throw new AssertionError("#" + id + " never showed option '" + value + "' by arrow keys");
    }

    /** Tab to a button and press Enter. */
    void press(String id) {
        tabTo(id);
        keys(Keys.ENTER);
    }

    void click(String id) {
        browser.driver().findElement(By.id(id)).click();
    }

    // ------------------------------------------------------------------ evidence

    Path shot(String step) {
        return browser.screenshot(step);
    }

    /** No serious or critical axe-core violation on the page as it is now. */
    void accessible(String where) throws IOException {
        List<Map<String, Object>> v = browser.seriousAccessibilityViolations();
        assertTrue(v.isEmpty(), where + ": serious or critical accessibility violations: " + v);
    }

    void assertNoDialogOpen() {
        assertEquals(0L, ((Number) js("return document.querySelectorAll('dialog[open]').length;")).longValue(),
                "no dialog may be open");
    }

    String problemText(String id) {
        return Objects.toString(js("const e = document.getElementById(arguments[0]); return e && !e.hidden ? e.innerText : '';", id));
    }

    @Override
    public void close() {
        browser.close();
    }
}
