package org.dosewarden.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The channel page's session chart in real Chromium on a real daemon with a simulated pump, read through the chart's
 * own account of what it draws ({@code #chart.sessionChart.shown}, times in ms) and checked against the plan and the
 * journal: the whole plan from the first second of a start, held while paused and projected from now, and the
 * pump's rate exactly as the journal has it, with its drops at delivery-lease renewals marked. The channels of this
 * box have no pump watchdog and a 600 s lease (ConsoleDaemon), so a 40 minute session is re-armed three times.
 * Screenshots under target/screenshots/console-chart/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleChartPageTest {

    private static final long TIME_FACTOR = 30;
    private static final long MINUTE = 60_000;
    private static final long PLAN_MS = 40 * MINUTE;
    private static final String CHANNEL = "a";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private ConsoleDaemon box;
    private ConsoleTab tab;

    @BeforeAll
    void start() throws Exception {
        box = ConsoleDaemon.start(dir.resolve("box"), TIME_FACTOR, "15m", "PT2M");
        box.awaitUp(Duration.ofSeconds(120));
        tab = new ConsoleTab("console-chart", box.base(), 1366, 900);
        HttpResponse<String> program = box.api(ConsoleDaemon.NURSE, "PUT", "/api/channels/" + CHANNEL + "/program",
                "{\"patientId\":\"P-4004\",\"careArea\":\"psychiatry\",\"drug\":\"ketamine-psych\",\"weight\":"
                        + "{\"value\":70,\"unit\":\"kg\"},\"concentration\":{\"value\":1,\"unit\":\"mg/mL\"},\"prescriber\":"
                        + "\"dr-okafor\",\"dose\":{\"value\":0.5,\"unit\":\"mg/kg\"},\"duration\":\"PT40M\"}");
        assertEquals(200, program.statusCode(), program.body());
        tab.open("/console");
        tab.signIn(ConsoleDaemon.NURSE, box.password(ConsoleDaemon.NURSE));
        tab.until("the overview", "return location.pathname === '/console';");
        tab.open("/console/channels/" + CHANNEL);
        tab.untilReady();
        tab.untilState("PROGRAMMED");
        tab.shot("00-loaded");
    }

    @AfterAll
    void stop() {
        if (tab != null) {
            tab.close();
        }
        if (box != null) {
            box.close();
        }
    }

    /** What the chart draws now, as the page keeps it. */
    private JsonNode shown() throws Exception {
        Object json = tab.js("const s = document.getElementById('chart').sessionChart;"
                + "return s && s.shown ? JSON.stringify(s.shown) : null;");
        assertTrue(json != null, "the chart draws nothing");
        return JSON.readTree(json.toString());
    }

    private static JsonNode last(JsonNode series) {
        return series.get(series.size() - 1);
    }

    private static long time(JsonNode point) {
        return point.get(0).asLong();
    }

    private static double value(JsonNode point) {
        return point.get(1).asDouble();
    }

    /** The start (through its confirmation) or resume, by click. */
    private void confirmed(String button) {
        tab.untilVisible("#" + button);
        tab.click(button);
        tab.untilVisible("#start-dialog[open]");
        tab.click("start-confirm");
        tab.untilState("RUNNING");
        tab.until("the confirmation closed", "return document.querySelectorAll('dialog[open]').length === 0;");
    }

    @Test
    @Order(1)
    @DisplayName("SR-U3: from the first second of a start the chart shows the whole plan, 0 to 35 mL at 52.5 mL/h over "
            + "40 min, the time axis from the session's start to its expected end, and the pump's rate now")
    void wholePlanFromTheFirstSecond() throws Exception {
        confirmed("start");
        JsonNode s = shown();
        tab.shot("01-first-second");
        HttpResponse<String> channel = box.api(ConsoleDaemon.NURSE, "GET", "/api/channels/" + CHANNEL, null);
        long startedAt = Instant.parse(JSON.readTree(channel.body()).path("program").path("startedAt").asText())
                .toEpochMilli();
        JsonNode planned = s.get("planned");
        assertEquals(0.0, value(planned.get(0)), 1e-9, "the plan starts at 0 mL: " + planned);
        assertEquals(35.0, value(last(planned)), 1e-6, "the plan reaches its total: " + planned);
        long planEnd = time(last(planned));
        assertTrue(Math.abs(planEnd - time(planned.get(0)) - PLAN_MS) <= 1000,
                "the plan takes 40 min from the start: " + planned);
        assertTrue(Math.abs(time(planned.get(0)) - startedAt) <= MINUTE / 2,
                "the plan begins at the start (" + Instant.ofEpochMilli(startedAt) + "): " + planned);
        assertTrue(s.get("start").asLong() <= startedAt, "the time axis begins at or before the start");
        assertTrue(s.get("end").asLong() >= planEnd, "the time axis reaches the plan's end");
        assertTrue(s.get("end").asLong() - s.get("start").asLong() < PLAN_MS + 5 * MINUTE,
                "the axis is the session, not more: " + s.get("start") + ".." + s.get("end"));
        assertEquals(52.5, value(last(s.get("rates"))), 1e-9, "the pump's rate now");
        assertTrue(s.get("delivered").size() >= 2 && value(s.get("delivered").get(0)) == 0.0,
                "the delivered line starts at 0 at the start: " + s.get("delivered"));
        tab.untilText("#command-message", "Started: the channel is RUNNING");
    }

    @Test
    @Order(2)
    @DisplayName("SR-U3: while paused the planned line holds from the pause to now and the rest of the plan is drawn "
            + "from now, so the time axis grows with the pause")
    void pauseHoldsThePlanAndPushesTheEnd() throws Exception {
        tab.untilVisible("#pause");
        tab.click("pause");
        tab.untilState("PAUSED");
        tab.untilText("#command-message", "PAUSED");
        // A minute of channel time paused (3 s here), as the chart shows it.
        tab.until("a minute paused", "const s = document.getElementById('chart').sessionChart.shown;"
                + "if (!s) return false; const p = s.planned; const now = s.markers.find(m => m.kind === 'now');"
                + "const i = p.findIndex(([t]) => now && t === now.at);"
                + "return i > 0 && now.at - p[i - 1][0] >= 60000 && p[i - 1][1] === p[i][1];");
        JsonNode s = shown();
        tab.shot("02-paused");
        JsonNode planned = s.get("planned");
        long now = 0;
        for (JsonNode m : s.get("markers")) {
            if ("now".equals(m.get("kind").asText())) {
                now = m.get("at").asLong();
            }
        }
        int i = 0;
        while (time(planned.get(i)) != now) {
            i++;
        }
        double held = value(planned.get(i));
        assertTrue(held > 0 && held < 35, "some of the plan was given before the pause: " + planned);
        assertEquals(35.0, value(last(planned)), 1e-6, "the rest of the plan is drawn from now: " + planned);
        long rest = Math.round((35.0 - held) / 52.5 * 3_600_000);
        assertTrue(Math.abs(time(last(planned)) - now - rest) <= 1000,
                "the rest takes its planned time from now: " + planned);
        assertTrue(s.get("end").asLong() >= time(last(planned)), "the axis reaches the later end");
        assertTrue(time(last(planned)) - time(planned.get(0)) > PLAN_MS + MINUTE - 1000,
                "the pause pushed the plan's end later: " + planned);
    }

    @Test
    @Order(3)
    @DisplayName("SR-U3, SR-D2: run to completion; the chart's rate is the pump's as journaled, each drop to 0 while "
            + "running is a delivery-lease renewal and is marked; the resume message does not outlive RUNNING")
    void rateIsThePumpsAndLeaseDropsAreMarked() throws Exception {
        confirmed("resume");
        tab.untilText("#command-message", "Resumed: the channel is RUNNING");
        tab.browser.waitUntil("channel state COMPLETED", Duration.ofMinutes(6),
                d -> "COMPLETED".equals(tab.state()) ? true : null);
        String message = tab.text("#command-message");
        assertFalse(message.contains("Resumed") || message.contains("RUNNING"),
                "the last action's message does not outlive the state it describes: " + message);

        Journal j = journal();
        assertTrue(j.completedAt > 0, "the journal has the completion");
        // The page reads the journal every two seconds: wait until it has read as far as this copy.
        tab.until("the chart up to the journal's last reading", "const s = document.getElementById('chart')"
                + ".sessionChart.shown; return s && s.rates.some(([t]) => t === arguments[0]);",
                j.readings.get(j.readings.size() - 1).at);
        JsonNode s = shown();
        tab.shot("03-completed");

        List<long[]> chartZeros = new ArrayList<>();
        for (JsonNode p : s.get("rates")) {
            if (value(p) == 0.0) {
                chartZeros.add(new long[] {time(p)});
            }
        }
        List<Long> rearmed = new ArrayList<>();
        s.get("rearmed").forEach(n -> rearmed.add(n.asLong()));
        assertEquals(j.rearms, rearmed, "every lease renewal of the journal is marked on the chart");
        assertTrue(j.rearms.size() >= 2, "a 40 min session at a 10 min lease is re-armed: " + j.rearms);

        // Every reading the journal holds is on the chart with its value: the rate if infusing, else 0.
        int shownAt = 0;
        for (Reading r : j.readings) {
            boolean found = false;
            for (JsonNode p : s.get("rates")) {
                if (time(p) == r.at && Math.abs(value(p) - r.shownRate()) < 1e-9) {
                    found = true;
                    break;
                }
            }
            assertTrue(found, "the chart shows the reading at " + Instant.ofEpochMilli(r.at) + " as " + r.shownRate());
            shownAt++;
        }
        assertTrue(shownAt > 100, "readings checked: " + shownAt);

        // Each drop to 0 in the middle of a running stretch is explained by a renewal between it and the next
        // infusing reading: the pump stopped at the end of its lease and was armed again.
        int drops = 0;
        for (int k = 1; k < j.readings.size(); k++) {
            Reading r = j.readings.get(k);
            Reading before = j.readings.get(k - 1);
            if (!j.running(r.at) || r.infusing() || !before.infusing() || !j.running(before.at)) {
                continue;
            }
            Reading after = null;
            for (int m = k + 1; m < j.readings.size() && after == null; m++) {
                if (j.readings.get(m).infusing()) {
                    after = j.readings.get(m);
                }
            }
            if (after == null || !j.running(after.at)) {
                continue;  // the end of the stretch (completion or pause), not a drop
            }
            drops++;
            long from = r.at;
            long to = after.at;
            assertTrue(j.rearms.stream().anyMatch(t -> t >= from && t <= to), "the drop to 0 at "
                    + Instant.ofEpochMilli(from) + " (pump " + r.mode + ") is a lease renewal; renewals: " + j.rearms);
        }
        assertEquals(j.rearms.size(), drops, "one drop per renewal, none unexplained");
        assertTrue(chartZeros.size() >= drops, "the drops are on the chart");
    }

    // ------------------------------------------------------------------ the journal, read through the API

    private record Reading(long at, String mode, double rateMlPerH) {
        boolean infusing() {
            return "INFUSING".equals(mode);
        }

        double shownRate() {
            return infusing() ? rateMlPerH : 0.0;
        }
    }

    private static final class Journal {
        final List<Reading> readings = new ArrayList<>();
        final List<Long> rearms = new ArrayList<>();
        final List<long[]> runs = new ArrayList<>();
        long completedAt;

        boolean running(long at) {
            return runs.stream().anyMatch(r -> at >= r[0] && at <= r[1]);
        }
    }

    /** The session's readings, running stretches and lease renewals, from the last program order on. */
    private Journal journal() throws Exception {
        Journal j = new Journal();
        long after = 0;
        long runningSince = -1;
        while (true) {
            HttpResponse<String> page = box.api(ConsoleDaemon.NURSE, "GET", "/api/channels/" + CHANNEL
                    + "/journal?after=" + after + "&limit=1000", null);
            assertEquals(200, page.statusCode(), page.body());
            JsonNode body = JSON.readTree(page.body());
            for (JsonNode r : body.get("records")) {
                long at = Instant.parse(r.get("wallTime").asText()).toEpochMilli();
                String type = r.get("type").asText();
                JsonNode p = JSON.readTree(r.get("payload").asText());
                if ("PROGRAM_ORDER".equals(type)) {
                    j.readings.clear();
                    j.rearms.clear();
                    j.runs.clear();
                } else if ("EVENT".equals(type) && "PumpReading".equals(p.path("@type").asText())) {
                    j.readings.add(new Reading(at, p.path("mode").asText(),
                            p.path("rate").path("microlitresPerHour").asLong() / 1000.0));
                } else if ("DECISION_STATE_CHANGED".equals(type)) {
                    String to = p.path("facts").path("to").asText();
                    if ("RUNNING".equals(to)) {
                        runningSince = at;
                    } else if (runningSince >= 0) {
                        j.runs.add(new long[] {runningSince, at});
                        runningSince = -1;
                    }
                    if ("COMPLETED".equals(to)) {
                        j.completedAt = at;
                    }
                } else if ("DECISION_INTERLOCK".equals(type) && p.path("facts").has("armedUntil")) {
                    j.rearms.add(at);
                }
            }
            after = body.get("next").asLong();
            if (body.get("records").size() < 1000) {
                return j;
            }
        }
    }
}
