package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.dosewarden.Dosewarden;
import org.dosewarden.api.security.PasswordHash;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.JournalReader;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.InfusionState;
import org.dosewarden.safety.PumpActivity;
import org.dosewarden.safety.SafetySettings;
import org.dosewarden.sim.SerialPortLine;
import org.dosewarden.sim.SimulatedPump;
import org.dosewarden.sim.StreamLine;
import org.dosewarden.testing.DaemonProcess;
import org.dosewarden.testing.Ports;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The crash test (issue 5, SR-G1/SR-G2/SR-G3): the daemon as a separate process, its channel on one end of a socat
 * pty pair, the simulated NE-1000 on the other end in this JVM so that it outlives every daemon. Each iteration
 * starts the daemon on the same data directory, programs and starts an infusion through the HTTP API as a
 * configured clinician, waits until the pump delivers, and kills the daemon with SIGKILL at a random moment. The
 * pump's safe-mode watchdog (2 s) stops the motor while nobody talks to it. After every restart:
 * <ul>
 *   <li>the journal, replayed independently of the daemon, holds what really left the syringe during the session
 *       (the simulator's truth) to one pump step: nothing lost, nothing counted twice, also what was delivered
 *       while the daemon was dead;</li>
 *   <li>the daemon says the same (API) and never resumed by itself: PAUSED, TRIPPED or FAULT, with the restart
 *       alarm, the pump's motor stopped;</li>
 *   <li>{@code dosewarden journal verify} passes on the hash chain.</li>
 * </ul>
 * Every second session is resumed once after its crash (and crashes again), so the delivered total is carried over
 * two restarts; the others are ended and a new patient's session is programmed.
 *
 * <p>Iterations: {@code -Ddosewarden.crash.iterations=N} (default 20; {@code scripts/crash-test --iterations N}),
 * seed {@code -Ddosewarden.crash.seed=S} (printed, so a failing run can be repeated). Every wait has its own
 * deadline; the whole run is also bounded at two minutes plus one minute per iteration.
 */
class CrashRecoveryTest {

    static final int ITERATIONS = Integer.getInteger("dosewarden.crash.iterations", 20);
    static final String CHANNEL = "a";
    static final String USER = "crash-nurse";
    static final int WATCHDOG_SECONDS = 2;
    /** The kill comes at a uniformly random moment this long after the pump was seen delivering. */
    static final int MAX_KILL_DELAY_MS = 2_500;
    static final Duration START_LIMIT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();

    /** Data directory and every daemon's log; kept when the test fails. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    /** One infusion session as the test knows it: the simulator's truth when it began, how often it crashed. */
    static final class SessionTruth {
        final String patientId;
        final long truthAtStartNl;
        int crashes;
        long lastDeliveredUl;

        SessionTruth(String patientId, long truthAtStartNl) {
            this.patientId = patientId;
            this.truthAtStartNl = truthAtStartNl;
        }
    }

    @Test
    @DisplayName("INCIDENT-3: the daemon killed with SIGKILL at random moments of infusions comes back paused, "
            + "delivered equal to the pump's truth, nothing double counted, journal verified (SR-G1, SR-G2, SR-G3)")
    void survivesSigkillDuringInfusions() {
        assertTimeoutPreemptively(Duration.ofMinutes(2L + ITERATIONS), this::crashLoop);
    }

    void crashLoop() throws Exception {
        long seed = Long.getLong("dosewarden.crash.seed", new SecureRandom().nextLong());
        Random random = new Random(seed);
        System.out.printf("crash test: %d iterations, seed %d (-Ddosewarden.crash.seed=%d repeats it), "
                + "data and daemon logs in %s (kept if the test fails)%n", ITERATIONS, seed, seed, work);
        String password = "crash-" + Long.toHexString(new SecureRandom().nextLong());
        String hash = PasswordHash.create(password.toCharArray(), PasswordHash.MIN_ITERATIONS, new SecureRandom()).encode();
        Path data = work.resolve("data");
        long testStarted = System.nanoTime();
        List<Long> startMillis = new ArrayList<>();
        List<Long> recoverMillis = new ArrayList<>();

        try (SocatPair pair = SocatPair.start()) {
            SimulatedPump pump = SimulatedPump.builder(TimeSource.system()).name("crash")
                    .diameterMm(new BigDecimal("26.59")).powerUpAlarm(true).build();
            StreamLine line = SerialPortLine.start(pump, pair.b());
            List<String> common = List.of(
                    "dosewarden.data-dir=" + data,
                    "dosewarden.channels." + CHANNEL + ".profile=newera-ne1000",
                    "dosewarden.channels." + CHANNEL + ".port=" + pair.a(),
                    "dosewarden.channels." + CHANNEL + ".syringe=bd-plastic-60ml",
                    "dosewarden.channels." + CHANNEL + ".watchdog-seconds=" + WATCHDOG_SECONDS,
                    "dosewarden.users." + USER + ".password-hash=" + hash,
                    "dosewarden.users." + USER + ".roles=clinician",
                    "dosewarden.mqtt.embedded.websocket-port=0");
            try {
                if (!DaemonProcess.sharedArchiveReady()) {
                    // A first, normally stopped daemon leaves the class-data archive that makes the others start
                    // twice as fast; it also shows that SIGTERM stops the daemon.
                    try (DaemonProcess warmUp = DaemonProcess.start(withBrokerPort(common),
                            work.resolve("daemon-warm-up.log"))) {
                        Api api = new Api(warmUp, password);
                        api.awaitChannel(START_LIMIT);
                        assertTrue(warmUp.terminate(Duration.ofSeconds(60)), "SIGTERM must stop the daemon: "
                                + warmUp.logTail(30));
                    }
                }
                SessionTruth session = null;
                for (int i = 0; i <= ITERATIONS; i++) {
                    int epoch = recoveriesIn(data) + 1;  // this start replays a journal with a crashed session
                    DaemonProcess daemon = DaemonProcess.start(withBrokerPort(common), work.resolve("daemon-" + i + ".log"));
                    try {
                        long t0 = System.nanoTime();
                        Api api = new Api(daemon, password);
                        api.awaitChannel(START_LIMIT);
                        startMillis.add((System.nanoTime() - t0) / 1_000_000);
                        if (session != null) {
                            long r0 = System.nanoTime();
                            verifyRecovered(api, data, pump, session, epoch);
                            recoverMillis.add((System.nanoTime() - r0) / 1_000_000);
                        }
                        if (i == ITERATIONS) {
                            long exitStart = System.nanoTime();
                            assertTrue(daemon.terminate(Duration.ofSeconds(60)), "SIGTERM must stop the daemon");
                            System.out.printf("crash test: SIGTERM stopped the daemon in %d ms%n",
                                    (System.nanoTime() - exitStart) / 1_000_000);
                            break;
                        }
                        session = beginInfusion(api, pump, session, i);
                        await(() -> pump.snapshot().actualRateNlPerHour() > 0, Duration.ofSeconds(20),
                                () -> "pump delivering; " + pump.snapshot());
                        int delay = random.nextInt(MAX_KILL_DELAY_MS);
                        Thread.sleep(delay);  // the random moment of the crash, not a wait for a condition
                        daemon.kill();
                        session.crashes++;
                        System.out.printf("crash test: iteration %d killed daemon %d %d ms into delivery (session %s, "
                                + "crash %d of it)%n", i, daemon.pid(), delay, session.patientId, session.crashes);
                    } catch (Throwable t) {
                        throw new AssertionError("iteration " + i + " (seed " + seed + ") failed: " + t.getMessage()
                                + "\n--- daemon log tail ---\n" + daemon.logTail(60), t);
                    } finally {
                        daemon.close();
                    }
                }
            } finally {
                line.close();
            }
        }
        assertEquals(0, verifyJournal(data), "journal verify after the last stop");
        System.out.printf("crash test: %d SIGKILLs in %d s; daemon up (API answering, pump connected) after "
                        + "median %d ms, max %d ms; recovery checked after median %d ms%n", ITERATIONS,
                (System.nanoTime() - testStarted) / 1_000_000_000L, median(startMillis),
                startMillis.stream().mapToLong(Long::longValue).max().orElse(0), median(recoverMillis));
    }

    // ---------------------------------------------------------------------------------------------

    /** After a restart: wait for the daemon's first readings, then compare journal, API and pump truth. */
    void verifyRecovered(Api api, Path data, SimulatedPump pump, SessionTruth session, int epoch) throws Exception {
        // The pump's watchdog stopped the motor while the daemon was dead, or the restarted daemon paused it.
        await(() -> pump.snapshot().actualRateNlPerHour() == 0, Duration.ofSeconds(20),
                () -> "pump motor stopped after the crash; " + pump.snapshot());
        // The restarted daemon has seen the stopped pump after starting its new epoch: its delivered total is final.
        ChannelState[] ledger = new ChannelState[1];
        await(() -> {
            ledger[0] = replayIfSettled(data, epoch);
            return ledger[0] != null;
        }, Duration.ofSeconds(30), () -> "a reading of the stopped pump after the restart in the journal");
        ChannelState state = ledger[0];

        assertEquals(epoch, state.epoch(), "one epoch per daemon start on a journal with history");
        assertTrue(Set.of(InfusionState.PAUSED, InfusionState.TRIPPED, InfusionState.FAULT).contains(state.infusion()),
                "never RUNNING after a restart (SR-G2): " + state.infusion());
        List<String> alarms = state.alarms().stream().map(a -> a.type().name()).toList();
        assertTrue(state.alarms().stream().anyMatch(a -> a.latched() && !a.acknowledged()),
                "an unacknowledged alarm waits for a clinician: " + alarms);
        assertTrue(alarms.contains("DAEMON_RESTARTED"), "the restart itself is alarmed: " + alarms);

        long truthUl = (pump.truth().infusedNanolitres() - session.truthAtStartNl) / 1_000;
        long journalUl = state.delivered().microlitres();
        long stepUl = 10;  // bd-plastic-60ml: the NE-1000 shows volumes of 10 mL and more to 0.01 mL
        System.out.printf("crash test: epoch %d: %s %s, delivered %d uL in the journal, %d uL by the pump's truth%n",
                epoch, state.infusion(), alarms, journalUl, truthUl);
        assertTrue(Math.abs(journalUl - truthUl) <= stepUl, "journal " + journalUl + " uL vs pump truth " + truthUl
                + " uL for session " + session.patientId + " after " + session.crashes + " crash(es): lost or double counted");
        assertTrue(journalUl >= session.lastDeliveredUl, "the delivered total never goes down: " + journalUl
                + " uL after " + session.lastDeliveredUl + " uL");
        session.lastDeliveredUl = journalUl;

        JsonNode view = api.channel();
        assertEquals(state.infusion().name(), view.path("infusionState").asText(), view.toString());
        assertEquals(0, new BigDecimal(journalUl).movePointLeft(3).compareTo(view.path("deliveredMl").decimalValue()),
                "the live daemon says " + view.path("deliveredMl") + " mL, its journal " + journalUl + " uL");
        assertEquals(0, verifyJournal(data), "dosewarden journal verify");
    }

    /**
     * The journal replayed, once it holds (after this process's {@code DaemonRecovered}) a reading that shows the
     * pump not infusing; {@code null} before that.
     */
    static ChannelState replayIfSettled(Path data, int epoch) throws Exception {
        try (JournalReader reader = Journal.openForReading(data)) {
            int[] recoveries = {0};
            boolean[] settled = {false};
            reader.forEachAfter(CHANNEL, 0, (JournalEntry r) -> {
                if (!r.type().equals(ChannelSupervisor.EVENT)) {
                    return;
                }
                Event e = EventJson.read(r.payload());
                if (e instanceof Event.DaemonRecovered) {
                    recoveries[0]++;
                    settled[0] = false;
                } else if (e instanceof Event.PumpReading reading && recoveries[0] == epoch) {
                    settled[0] = reading.mode() != PumpActivity.INFUSING;
                }
            });
            if (!settled[0]) {
                return null;
            }
            return JournalLedger.replay(reader, CHANNEL, SafetySettings.DEFAULTS);
        }
    }

    /** How many times the journal says a daemon recovered the channel (0 when there is no journal yet). */
    static int recoveriesIn(Path data) throws Exception {
        if (!java.nio.file.Files.isRegularFile(data.resolve(Journal.FILE_NAME))) {
            return 0;
        }
        try (JournalReader reader = Journal.openForReading(data)) {
            int[] n = {0};
            reader.forEachAfter(CHANNEL, 0, (JournalEntry r) -> {
                if (r.type().equals(ChannelSupervisor.EVENT) && EventJson.read(r.payload()) instanceof Event.DaemonRecovered) {
                    n[0]++;
                }
            });
            return n[0];
        }
    }

    /** Acknowledges what is latched, then resumes the crashed session once or programs and starts a new one. */
    SessionTruth beginInfusion(Api api, SimulatedPump pump, SessionTruth previous, int iteration) throws Exception {
        api.acknowledgeAll();
        String state = api.channel().path("infusionState").asText();
        if (previous != null && previous.crashes == 1 && iteration % 2 == 1) {
            if (state.equals("TRIPPED") || state.equals("FAULT")) {
                api.post("/reset-trip", reason("crash test: pump checked after the restart"));
            }
            api.acknowledgeAll();
            JsonNode resumed = api.post("/resume", vitalsOverride());
            assertEquals("RUNNING", resumed.path("infusionState").asText(), resumed.toString());
            return previous;
        }
        if (state.equals("PAUSED")) {
            api.post("/stop", null);  // a paused session is stopped before it can be ended
        }
        if (!state.equals("IDLE")) {
            api.post("/end", reason("crash test: session ended after the restart"));
        }
        String patient = "CRASH-" + iteration;
        long truthAtStart = pump.truth().infusedNanolitres();
        ObjectNode prescription = JSON.createObjectNode();
        prescription.put("patientId", patient).put("bed", "bay-crash").put("drug", "ketamine-psych")
                .put("careArea", "psychiatry").put("prescriber", "dr-crash");
        prescription.set("weight", quantity("70", "kg"));
        prescription.set("concentration", quantity("1", "mg/mL"));
        prescription.set("doseRate", quantity("1.2", "mg/kg/h"));   // 84 mL/h
        prescription.set("totalDose", quantity("0.05", "mg/kg"));   // 3.5 mL, 150 s: never reached in a crash window
        Api.Answer first = api.send("PUT", "/program", prescription.toString());
        if (first.status() == 422 && first.json().path("overridable").asBoolean()) {
            ArrayNode overrides = prescription.putArray("overrides");
            for (JsonNode limit : first.json().path("pendingOverrides")) {
                overrides.addObject().put("limit", limit.asText()).put("reason", "short crash-test session");
            }
            first = api.send("PUT", "/program", prescription.toString());
        }
        assertEquals(200, first.status(), first.body());
        api.acknowledgeAll();
        JsonNode started = api.post("/start", vitalsOverride());
        assertEquals("RUNNING", started.path("infusionState").asText(), started.toString());
        return new SessionTruth(patient, truthAtStart);
    }

    /** The daemon's embedded MQTT broker on a free port: never the well-known 1883 another broker may hold. */
    static List<String> withBrokerPort(List<String> properties) throws IOException {
        List<String> all = new ArrayList<>(properties);
        all.add("dosewarden.mqtt.embedded.port=" + Ports.free());
        return all;
    }

    static ObjectNode quantity(String value, String unit) {
        ObjectNode q = JSON.createObjectNode();
        q.put("value", new BigDecimal(value)).put("unit", unit);
        return q;
    }

    static String reason(String text) {
        return JSON.createObjectNode().put("reason", text).toString();
    }

    static String vitalsOverride() {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("overrides").addObject().put("limit", ClinicianIntent.ClinicianAction.Start.VITALS_GATE)
                .put("reason", "crash test bench: no vitals monitor");
        return body.toString();
    }

    /** {@code dosewarden journal verify --data-dir DIR}, in this JVM, beside the running daemon (read-only). */
    static int verifyJournal(Path data) {
        StringWriter out = new StringWriter();
        CommandLine cli = Dosewarden.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute("journal", "verify", "--data-dir", data.toString());
        if (code != 0) {
            System.out.println(out);
        }
        return code;
    }

    static long median(List<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static void await(ThrowingCondition condition, Duration limit, Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + limit + ": " + what.get());
            }
            Thread.sleep(20);  // polling a condition with a deadline
        }
    }

    @FunctionalInterface
    interface ThrowingCondition {
        boolean holds() throws Exception;
    }

    /** The daemon's HTTP API as the configured clinician. */
    static final class Api {
        record Answer(int status, String body) {
            JsonNode json() throws IOException {
                return JSON.readTree(body);
            }
        }

        private final DaemonProcess daemon;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String authorization;

        Api(DaemonProcess daemon, String password) {
            this.daemon = daemon;
            this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                    (USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        Answer send(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(daemon.baseUri() + "/api/channels/" + CHANNEL + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", authorization)
                    .header("Accept", "application/json");
            if (body == null) {
                b.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
            } else {
                b.method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            if (!method.equals("GET")) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        }

        JsonNode channel() throws IOException, InterruptedException {
            Answer a = send("GET", "", null);
            assertEquals(200, a.status(), a.body());
            return a.json();
        }

        JsonNode post(String path, String body) throws IOException, InterruptedException {
            Answer a = send("POST", path, body);
            assertEquals(200, a.status(), () -> "POST " + path + ": " + a.body());
            return a.json();
        }

        /** Acknowledges every latched alarm nobody has acknowledged yet, as the clinician at the bedside would. */
        void acknowledgeAll() throws IOException, InterruptedException {
            for (JsonNode alarm : channel().path("activeAlarms")) {
                if (alarm.path("latched").asBoolean() && !alarm.hasNonNull("acknowledgedBy")) {
                    post("/alarms/" + alarm.path("id").asText() + "/acknowledge", null);
                }
            }
        }

        /** Until the API answers and the channel's pump is connected. */
        void awaitChannel(Duration limit) throws Exception {
            await(() -> {
                if (!daemon.isAlive()) {
                    throw new AssertionError("daemon exited with " + daemon.exitValue() + ":\n" + daemon.logTail(60));
                }
                try {
                    Answer a = send("GET", "", null);
                    return a.status() == 200 && a.json().path("linkState").asText().equals("CONNECTED");
                } catch (IOException e) {
                    return false;  // not listening yet
                }
            }, limit, () -> "daemon API and pump link up; log:\n" + daemon.logTail(30));
        }
    }
}
