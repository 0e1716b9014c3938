package org.dosewarden.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dosewarden.testing.Browser;
import org.dosewarden.testing.DaemonProcess;
import org.dosewarden.testing.SiteBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The ward page in real Chromium over a real site: two boxes (daemon processes on simulated pumps) publish to
 * one Mosquitto; the page, served by a box, reads the whole site over WebSocket with the read-only ward account.
 * The steps run in order on one site, as a shift would; each saves screenshots under target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WardPageTest {

    private static final String SHOTS = "ward";
    private static final Duration BOX_START = Duration.ofSeconds(120);
    private static final Duration LIVE = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    private WardSite site;
    private Browser wall;

    @BeforeAll
    void startSite() throws Exception {
        site = new WardSite(dir, List.of("dw1", "dw2"));
        DaemonProcess dw1 = site.startBox("dw1", dir.resolve("dw1"), dir.resolve("dw1.log"));
        DaemonProcess dw2 = site.startBox("dw2", dir.resolve("dw2"), dir.resolve("dw2.log"));
        site.awaitUp(dw1, BOX_START);
        site.awaitUp(dw2, BOX_START);
        wall = Browser.start(SHOTS, 1920, 1080);
        wall.viewport(1920, 1080);
    }

    @AfterAll
    void stopSite() throws Exception {
        if (wall != null) {
            wall.close();
        }
        if (site != null) {
            site.close();
        }
    }

    // ------------------------------------------------------------------ page helpers

    /** Every tile's data attributes and text, in page order (main list, then idle list). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> tiles(Browser b) {
        return (List<Map<String, String>>) b.js("return [...document.querySelectorAll('li.tile')].map(t => "
                + "Object.assign({}, t.dataset, {text: t.innerText, list: t.parentElement.id}));");
    }

    private static Map<String, String> tile(Browser b, String device, String channel) {
        return tiles(b).stream().filter(t -> device.equals(t.get("device")) && channel.equals(t.get("channel")))
                .findFirst().orElse(null);
    }

    private static boolean tileIs(Browser b, String device, String channel, String attribute, String value) {
        Map<String, String> t = tile(b, device, channel);
        return t != null && value.equals(t.get(attribute));
    }

    private static void signIn(Browser b, String user, String password, boolean station) {
        b.waitUntil("the sign-in form", LIVE, d -> d.findElement(By.id("signin")).isDisplayed());
        b.driver().findElement(By.id("account-user")).sendKeys(user);
        b.driver().findElement(By.id("account-password")).sendKeys(password);
        if (station) {
            b.driver().findElement(By.id("account-station")).click();
        }
        b.driver().findElement(By.id("account-password")).sendKeys(Keys.ENTER);
    }

    private String volumeText(String device, String channel) {
        return (String) wall.js("return document.querySelector('li.tile[data-device=" + device + "][data-channel="
                + channel + "] .tile__volume').textContent;");
    }

    private String banner() {
        return (String) wall.js("const b = document.getElementById('banner'); return b.hidden ? '' : b.textContent;");
    }

    // ------------------------------------------------------------------ steps

    @Test
    @Order(1)
    @DisplayName("/ is a landing page linking the ward view, the console, the API document and health; /ward/config "
            + "names the broker but no account; pages carry a Content-Security-Policy")
    void landingPageAndConfig() throws Exception {
        HttpResponse<String> landing = site.get("dw1", "/");
        assertEquals(200, landing.statusCode());
        for (String link : List.of("href=\"/ward\"", "href=\"/console\"", "href=\"/swagger/dosewarden-api-v1.yml\"",
                "href=\"/health\"")) {
            assertTrue(landing.body().contains(link), link);
        }
        String csp = landing.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("script-src 'self'") && csp.contains("connect-src 'self' ws://127.0.0.1:"), csp);
        HttpResponse<String> config = site.get("dw1", "/ward/config");
        assertEquals(200, config.statusCode());
        assertTrue(config.body().contains("\"brokerUrl\":\"" + site.broker.webSocketUrl() + "\""), config.body());
        assertTrue(config.body().contains("\"devices\":\"dosewarden/clinic/+\""), config.body());
        for (String secret : List.of(SiteBroker.WARD_PASSWORD, SiteBroker.boxPassword("dw1"), "password")) {
            assertFalse(config.body().contains(secret), "no account in " + config.body());
        }
        HttpResponse<String> page = site.get("dw1", "/ward");
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains(SiteBroker.WARD_PASSWORD));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "nothing from elsewhere");
    }

    @Test
    @Order(2)
    @DisplayName("SR-W1: the ward page shows all four channels of both boxes, live, with no serious accessibility "
            + "violation")
    void allFourChannels() throws Exception {
        wall.open(site.boxes.get("dw1").baseUri() + "/ward");
        wall.screenshot("00-sign-in");
        signIn(wall, SiteBroker.WARD, SiteBroker.WARD_PASSWORD, false);
        wall.waitUntil("four live tiles", LIVE, d -> {
            List<Map<String, String>> t = tiles(wall);
            return t.size() == 4 && t.stream().allMatch(x -> "false".equals(x.get("stale")) && "IDLE".equals(x.get("state")));
        });
        assertEquals(List.of("bay-1", "bay-2", "bay-3", "bay-4"), tiles(wall).stream()
                .map(t -> t.get("text").split("\n")[0]).toList());
        assertEquals("true", wall.js("return document.getElementById('live').dataset.live;"));
        assertEquals("", banner());
        wall.screenshot("01-four-channels");
        assertEquals(List.of(), wall.seriousAccessibilityViolations());
    }

    @Test
    @Order(3)
    @DisplayName("A channel programmed and started over the API is RUNNING on the wall within 2 s, with its rate and "
            + "progress")
    void startedChannelRunsWithinTwoSeconds() throws Exception {
        site.vitals("bay-1", WardSite.NORMAL_VITALS);
        site.vitals("bay-3", WardSite.NORMAL_VITALS);
        site.program("dw1", "a");
        site.start("dw1", "a");
        long started = System.nanoTime();
        wall.waitUntil("dw1/a RUNNING with 52.5 mL/h and a progress bar", Duration.ofSeconds(2), d -> {
            Map<String, String> t = tile(wall, "dw1", "a");
            return t != null && "RUNNING".equals(t.get("state")) && t.get("text").contains("52.5")
                    && t.get("text").contains("of 35 mL") && (Boolean) wall.js(
                    "const f = document.querySelector('li.tile[data-device=dw1][data-channel=a] .tile__progress');"
                            + "return !!f && !f.hidden;");
        });
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("ward: dw1/a shown RUNNING %d ms after the start was accepted%n", millis);
        Map<String, String> t = tile(wall, "dw1", "a");
        assertTrue(t.get("text").contains("ketamine-psych · 1 mg/mL · 70 kg"), t.get("text"));
        assertEquals("tiles", t.get("list"), "a running channel is in the main list, not with the idle ones");
        site.program("dw2", "a");
        site.start("dw2", "a");
        wall.waitUntil("dw2/a RUNNING", LIVE, d -> tileIs(wall, "dw2", "a", "state", "RUNNING"));
        String volume = volumeText("dw1", "a");
        wall.waitUntil("delivered volume moving on dw1/a", LIVE, d -> !volumeText("dw1", "a").equals(volume));
        wall.screenshot("02-running");
    }

    @Test
    @Order(4)
    @DisplayName("SR-W2: a hard SBP on bay-1's vitals topic: the tile shows the high-priority alarm in words, "
            + "flashing red at 2 Hz, and sorts first")
    void hardSystolicSortsFirst() {
        site.vitals("bay-1", "\"sbp\":190,\"dbp\":95,\"hr\":88,\"spo2\":97,\"rr\":16");
        wall.waitUntil("dw1/a high alarm, first tile", LIVE, d -> {
            List<Map<String, String>> all = tiles(wall);
            return "high".equals(all.get(0).get("alarmPriority")) && "dw1".equals(all.get(0).get("device"))
                    && "a".equals(all.get(0).get("channel"));
        });
        Map<String, String> t = tile(wall, "dw1", "a");
        assertTrue(t.get("text").contains("HIGH PRIORITY"), t.get("text"));
        assertTrue(t.get("text").contains("Vitals beyond hard limit"), t.get("text"));
        assertTrue(t.get("text").contains("BP 190/95"), t.get("text"));
        assertEquals("PAUSED", t.get("state"), "the core paused the infusion (VITALS_HARD_BREACH)");
        Object animation = wall.js("const a = document.querySelector('li.tile[data-device=dw1][data-channel=a] "
                + ".tile__alarm'); const s = getComputedStyle(a); return [s.animationName, s.animationDuration];");
        assertEquals(List.of("alarm-high", "0.5s"), animation, "IEC 60601-1-8: high priority flashes at 2 Hz");
        wall.screenshot("03-high-alarm-first");
        site.vitals("bay-1", WardSite.NORMAL_VITALS);
    }

    @Test
    @Order(5)
    @DisplayName("SR-W4: a station pauses a running channel from a tablet, by keyboard alone: nothing is sent on "
            + "cancel; after the confirmation the device answers, the tile shows the answer and PAUSED")
    void stationPausesWithConfirmation() throws Exception {
        try (Browser tablet = Browser.start(SHOTS, 1024, 768)) {
            tablet.viewport(1024, 768);
            tablet.open(site.boxes.get("dw1").baseUri() + "/ward");
            signIn(tablet, SiteBroker.STATION, SiteBroker.STATION_PASSWORD, true);
            tablet.waitUntil("pause button on dw2/a", LIVE, d -> (Boolean) tablet.js(
                    "const b = document.querySelector('li.tile[data-device=dw2][data-channel=a] .tile__pause');"
                            + "return !!b && !b.hidden;"));
            tablet.screenshot("04-tablet");
            assertEquals(List.of(), tablet.seriousAccessibilityViolations());
            // By keyboard alone: Enter on the focused button, type, Escape cancels, Enter confirms.
            WebElement pause = tablet.driver().findElement(By.cssSelector(
                    "li.tile[data-device=dw2][data-channel=a] .tile__pause"));
            pause.sendKeys(Keys.ENTER);
            tablet.waitUntil("the confirmation", LIVE, d -> d.findElement(By.id("pause-dialog")).isDisplayed());
            assertEquals("pause-by", tablet.js("return document.activeElement.id;"), "focus starts in the dialog");
            tablet.driver().switchTo().activeElement().sendKeys("station 3", Keys.TAB, "patient asks for a break");
            tablet.screenshot("05-pause-confirmation");
            // Cancel first: nothing is sent, the channel keeps running.
            tablet.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
            tablet.waitUntil("the confirmation closed", LIVE, d -> !d.findElement(By.id("pause-dialog")).isDisplayed());
            Thread.sleep(1500);
            assertTrue(tileIs(tablet, "dw2", "a", "state", "RUNNING"));
            assertEquals(Boolean.FALSE, tablet.js("return !!document.querySelector('li.tile[data-device=dw2]"
                    + "[data-channel=a] .tile__pause-status:not([hidden])');"), "no request after a cancel");
            pause.sendKeys(Keys.ENTER);
            tablet.waitUntil("the confirmation again", LIVE, d -> d.findElement(By.id("pause-dialog")).isDisplayed());
            tablet.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
            tablet.waitUntil("device answered and the tile shows PAUSED", LIVE, d -> {
                Map<String, String> t = tile(tablet, "dw2", "a");
                return t != null && "PAUSED".equals(t.get("state")) && t.get("text").contains("Pause accepted by the device");
            });
            tablet.screenshot("06-paused-from-station");
        }
        // The wall screen was not signed in as a station: it offers no pause at all.
        assertEquals(Boolean.FALSE, wall.js("return !!document.querySelector('li.tile .tile__pause:not([hidden])');"));
        HttpResponse<String> r = site.api("dw2", "POST", "/api/channels/a/resume", null);
        assertEquals(2, r.statusCode() / 100, r.body());
    }

    @Test
    @Order(6)
    @DisplayName("SR-W1: a box that stops updating turns amber after 2 heartbeats and red after 4 with 'no update for "
            + "N s'; killed with -9 its tiles grey out 'offline since hh:mm'")
    void staleThenOffline() throws Exception {
        DaemonProcess dw2 = site.boxes.get("dw2");
        signal("STOP", dw2.pid());
        try {
            wall.waitUntil("dw2 amber", Duration.ofSeconds(20), d -> tileIs(wall, "dw2", "a", "freshness", "stale")
                    && tileIs(wall, "dw2", "b", "freshness", "stale"));
            Map<String, String> amber = tile(wall, "dw2", "b");
            assertTrue(amber.get("text").contains("No update for 1"), amber.get("text"));
            assertEquals("false", amber.get("offline"));
            assertEquals("true", amber.get("stale"));
            wall.screenshot("07-stale-amber");
            wall.waitUntil("dw2 red", Duration.ofSeconds(20), d -> tileIs(wall, "dw2", "b", "freshness", "late"));
            assertTrue(tile(wall, "dw2", "b").get("text").contains("No update for 2"));
            wall.screenshot("08-stale-red");
        } finally {
            signal("CONT", dw2.pid());
        }
        dw2.kill();
        wall.waitUntil("dw2 offline", LIVE, d -> tileIs(wall, "dw2", "a", "offline", "true")
                && tileIs(wall, "dw2", "b", "offline", "true"));
        assertTrue(tile(wall, "dw2", "a").get("text").contains("Device offline since"), tile(wall, "dw2", "a").get("text"));
        assertTrue(tileIs(wall, "dw1", "a", "offline", "false"));
        wall.screenshot("09-offline");
    }

    @Test
    @Order(7)
    @DisplayName("SR-W1: when the page loses the broker a banner says since when it is not live and the tiles that "
            + "they are not current, without claiming that a running box went offline (the killed one stays offline); "
            + "when the broker is back the page is live again")
    void brokerLostAndBack() throws Exception {
        // dw2's last will (step 6) came well before the broker stops: the page keeps it as dw2's word.
        wall.waitUntil("dw2's offline heard 2 s ago", LIVE, d -> (Boolean) wall.js("const d = window.__ward.ward"
                + ".devices.get('dw2'); return Date.now() - d.availabilityHeardAt > 2000;"));
        site.broker.stop();
        wall.waitUntil("the not-live banner", LIVE, d -> banner().startsWith("NOT LIVE since"));
        assertEquals("false", wall.js("return document.getElementById('live').dataset.live;"));
        // Mosquitto publishes every connected box's last will as it stops: the page must not take that for dw1's word.
        wall.waitUntil("tiles not current", LIVE, d -> tileIs(wall, "dw1", "a", "current", "false")
                && tileIs(wall, "dw1", "b", "current", "false"));
        for (String channel : List.of("a", "b")) {
            Map<String, String> t = tile(wall, "dw1", channel);
            assertEquals("false", t.get("offline"), t.toString());
            assertTrue(t.get("text").contains("Not current: this screen is not live"), t.get("text"));
            assertFalse(t.get("text").contains("offline"), t.get("text"));
        }
        Map<String, String> killed = tile(wall, "dw2", "a");
        assertEquals("true", killed.get("offline"), killed.toString());
        assertTrue(killed.get("text").contains("Device offline since"), killed.get("text"));
        wall.screenshot("10-broker-lost");
        site.broker.start();
        wall.waitUntil("live again", Duration.ofSeconds(40), d -> banner().isEmpty()
                && "true".equals(wall.js("return document.getElementById('live').dataset.live;"))
                && tileIs(wall, "dw1", "b", "stale", "false"));
        try {
            wall.waitUntil("dw1 online again (its own word after the broker restarted)", LIVE, d -> "online".equals(
                    wall.js("return document.querySelector('#devices li[data-device=dw1]').dataset.availability;")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("dw1 not online again: " + wall.js("const d = window.__ward.ward.devices.get('dw1');"
                    + "return JSON.stringify({a: d.availability, heard: d.availabilityHeardAt, doubt: d.offlineUnconfirmed,"
                    + " state: window.__ward.state(), now: Date.now()});"), e);
        }
        String before = tile(wall, "dw1", "a").get("text");
        wall.waitUntil("dw1 updating again", LIVE, d -> tileIs(wall, "dw1", "a", "freshness", "fresh")
                && !Objects.equals(tile(wall, "dw1", "a").get("text"), before));
        wall.screenshot("11-live-again");
    }

    @Test
    @Order(8)
    @DisplayName("SR-W3: garbage, wrong types and a 1 MB status from another publisher make only their own tile say "
            + "'unreadable status'; the rest keeps updating")
    void rogueStatusIsContained() throws Exception {
        MqttClient rogue = site.connect(SiteBroker.WIDE, SiteBroker.WIDE_PASSWORD);
        try {
            byte[] huge = new byte[1 << 20];
            java.util.Arrays.fill(huge, (byte) '{');
            rogue.publish("dosewarden/clinic/dw9/x/status", huge, 1, true);
            rogue.publish("dosewarden/clinic/dw9/y/status",
                    "{\"ts\":\"soon\",\"seq\":-1,\"state\":5,\"bed\":[],\"rateMlPerH\":\"fast\"}"
                            .getBytes(StandardCharsets.UTF_8), 1, true);
            wall.waitUntil("two unreadable rogue tiles", LIVE, d -> tileIs(wall, "dw9", "x", "unreadable", "true")
                    && tileIs(wall, "dw9", "y", "unreadable", "true"));
            assertTrue(tile(wall, "dw9", "x").get("text").contains("Unreadable status: status is 1048576 bytes"));
            assertTrue(tile(wall, "dw9", "y").get("text").contains("Unreadable status"));
            // Garbage on a real channel's topic: that tile only, until its box's next status. The box (idle) sends
            // that status within a heartbeat, so what the tile showed in between is recorded in the page as it is
            // drawn: a test polling over WebDriver on a loaded machine could miss a short-lived state.
            wall.js("window.__seenB = []; const seen = () => { const t = document.querySelector("
                    + "'li.tile[data-device=dw1][data-channel=b]'); const s = t && t.dataset.state;"
                    + " if (s && window.__seenB[window.__seenB.length - 1] !== s) window.__seenB.push(s); };"
                    + " new MutationObserver(seen).observe(document.body, {subtree: true, childList: true,"
                    + " attributes: true, attributeFilter: ['data-state']}); seen(); return null;");
            rogue.publish("dosewarden/clinic/dw1/b/status", "not json at all".getBytes(StandardCharsets.UTF_8), 1, false);
            wall.waitUntil("dw1/b shown unreadable", LIVE,
                    d -> ((List<?>) wall.js("return window.__seenB;")).contains("UNREADABLE"));
            wall.screenshot("12-unreadable");
            String before = tile(wall, "dw1", "a").get("text");
            wall.waitUntil("dw1/a still updating", LIVE, d -> !Objects.equals(tile(wall, "dw1", "a").get("text"), before)
                    && tileIs(wall, "dw1", "a", "unreadable", "false"));
            wall.waitUntil("dw1/b readable again after its box's next status", LIVE,
                    d -> tileIs(wall, "dw1", "b", "state", "IDLE"));
            assertEquals("true", wall.js("return document.getElementById('live').dataset.live;"));
            assertEquals(List.of(), wall.js("return window.__pageErrors || [];"));
        } finally {
            rogue.publish("dosewarden/clinic/dw9/x/status", new byte[0], 1, true);
            rogue.publish("dosewarden/clinic/dw9/y/status", new byte[0], 1, true);
            rogue.disconnect();
        }
        Files.writeString(dir.resolve("tiles.txt"), String.valueOf(tiles(wall)));
    }

    @Test
    @Order(9)
    @DisplayName("SR-W2: with more tiles than the screen holds, the page draws only those on screen; a high alarm on a "
            + "channel off screen still moves its tile to the top, drawn, counts in the summary and sounds")
    void highAlarmOffScreenComesFirst() throws Exception {
        MqttClient other = site.connect(SiteBroker.WIDE, SiteBroker.WIDE_PASSWORD);
        try {
            // A readable status to copy: dw1/a's retained one, under 40 beds that sort after every bay.
            java.util.concurrent.CompletableFuture<String> sample = new java.util.concurrent.CompletableFuture<>();
            other.subscribe("dosewarden/clinic/dw1/a/status", 1,
                    (t, m) -> sample.complete(new String(m.getPayload(), StandardCharsets.UTF_8)));
            String status = sample.get(20, java.util.concurrent.TimeUnit.SECONDS);
            other.unsubscribe("dosewarden/clinic/dw1/a/status");
            for (int i = 1; i <= 40; i++) {
                other.publish("dosewarden/clinic/dw8/c" + i + "/status", status.replaceFirst("\"bed\":\"[^\"]*\"",
                        "\"bed\":\"zz-" + i + "\"").getBytes(StandardCharsets.UTF_8), 1, false);
            }
            wall.waitUntil("40 more tiles", LIVE, d -> tiles(wall).stream().filter(t -> "dw8".equals(t.get("device")))
                    .count() == 40);
            String last = "li.tile[data-device=dw8][data-channel=c40]";
            assertEquals(Boolean.TRUE, wall.js("const r = document.querySelector('" + last + "').getBoundingClientRect();"
                    + "return r.top > 1.5 * innerHeight;"), "zz-40 is far below the screen");
            assertEquals(null, tile(wall, "dw8", "c40").get("state"), "a tile off screen is not drawn");
            other.publish("dosewarden/clinic/dw8/c40/alarms", ("[{\"id\":\"al-off\",\"type\":\"OVER_INFUSION\","
                    + "\"priority\":\"high\",\"since\":\"2026-03-02T09:20:11Z\",\"acknowledgedBy\":null,"
                    + "\"message\":\"Delivered volume ahead of the plan.\",\"pumpAction\":\"STOP\"}]")
                    .getBytes(StandardCharsets.UTF_8), 1, false);
            wall.waitUntil("zz-40 first among the high alarms, on screen and drawn", LIVE, d -> {
                List<Map<String, String>> all = tiles(wall);
                int at = 0;
                while (at < all.size() && "high".equals(all.get(at).get("alarmPriority"))
                        && !"dw8".equals(all.get(at).get("device"))) {
                    at++;
                }
                Map<String, String> t = all.get(at);
                return "dw8".equals(t.get("device")) && "c40".equals(t.get("channel"))
                        && "high".equals(t.get("alarmPriority")) && t.get("text").contains("HIGH PRIORITY")
                        && t.get("text").contains("zz-40");
            });
            assertEquals(Boolean.TRUE, wall.js("const r = document.querySelector('" + last + "').getBoundingClientRect();"
                    + "return r.top >= 0 && r.top < innerHeight;"), "on screen");
            assertTrue(((String) wall.js("return document.getElementById('summary').textContent;")).contains("high alarm"));
            assertEquals(Boolean.TRUE, wall.js("return window.__ward.highAlarm();"), "the alarm sound follows it");
            wall.screenshot("13-off-screen-alarm-first");
            other.publish("dosewarden/clinic/dw8/c40/alarms", "[]".getBytes(StandardCharsets.UTF_8), 1, false);
            wall.waitUntil("zz-40 without its alarm", LIVE, d -> tileIs(wall, "dw8", "c40", "alarmPriority", "none"));
            assertEquals(List.of(), wall.js("return window.__pageErrors || [];"));
        } finally {
            other.disconnect();
        }
    }

    private static void signal(String name, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
