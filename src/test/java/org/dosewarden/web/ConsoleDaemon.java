package org.dosewarden.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dosewarden.api.security.PasswordHash;
import org.dosewarden.testing.DaemonProcess;
import org.dosewarden.testing.Ports;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Test fixture: one bedside box for the console's browser tests, a real daemon process on simulated pumps
 * (channels {@code a}, {@code b}, {@code c}) with a simulated bedside monitor, its own users (two clinicians and a
 * viewer, random passwords) and the shipped drug library with a shorter after-care period ({@code monitoringAfter}
 * of the ketamine entry), so the walk-through's monitoring phase passes in seconds at the time factor.
 */
final class ConsoleDaemon implements AutoCloseable {

    static final String NURSE = "nurse-ada";
    static final String NURSE_2 = "nurse-bo";
    static final String VIEWER = "ward-viewer";

    /** The embedded broker's account of the bedside monitor gateway: it may only write the beds' vitals. */
    private static final String MONITOR = "monitor";

    final Map<String, String> passwords = new LinkedHashMap<>();
    final DaemonProcess process;
    final Path data;
    final long timeFactor;
    private final int brokerPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private ConsoleDaemon(DaemonProcess process, Path data, long timeFactor, Map<String, String> passwords, int brokerPort) {
        this.process = process;
        this.data = data;
        this.timeFactor = timeFactor;
        this.brokerPort = brokerPort;
        this.passwords.putAll(passwords);
    }

    /**
     * A box as {@link #start} makes it, once it answers: what every console page test starts with (in its
     * {@code @BeforeAll}). A box that does not come up is stopped before the failure is thrown.
     */
    static ConsoleDaemon up(Path dir, long timeFactor, String idleTimeout, String monitoringAfter)
            throws IOException, InterruptedException {
        ConsoleDaemon box = start(dir, timeFactor, idleTimeout, monitoringAfter);
        try {
            box.awaitUp(Duration.ofSeconds(120));
        } catch (RuntimeException | Error | InterruptedException e) {
            box.close();
            throw e;
        }
        return box;
    }

    /**
     * Starts a box in {@code dir} with time running {@code timeFactor} times faster than real time, sessions ending
     * after {@code idleTimeout} (real time) without activity, and the ketamine entry's monitoring period cut to
     * {@code monitoringAfter} (ISO-8601, channel time).
     */
    static ConsoleDaemon start(Path dir, long timeFactor, String idleTimeout, String monitoringAfter) throws IOException {
        Files.createDirectories(dir);
        SecureRandom random = new SecureRandom();
        Map<String, String> passwords = new LinkedHashMap<>();
        int brokerPort = Ports.free();
        passwords.put(MONITOR, MONITOR + "-" + Long.toHexString(random.nextLong()));
        List<String> p = new ArrayList<>(List.of(
                "dosewarden.data-dir=" + dir.resolve("data"),
                "dosewarden.drug-library=" + library(dir, monitoringAfter),
                "dosewarden.time-factor=" + timeFactor,
                "dosewarden.console.idle-timeout=" + idleTimeout,
                "dosewarden.mqtt.embedded.port=" + brokerPort,
                "dosewarden.mqtt.embedded.websocket-port=" + Ports.free(),
                "dosewarden.mqtt.embedded.accounts." + MONITOR + ".password=" + passwords.get(MONITOR),
                "dosewarden.mqtt.embedded.accounts." + MONITOR + ".write=ward/+/vitals"));
        for (String[] user : new String[][] {{NURSE, "clinician"}, {NURSE_2, "clinician"}, {VIEWER, "viewer"}}) {
            String password = user[0] + "-" + Long.toHexString(random.nextLong());
            passwords.put(user[0], password);
            String hash = PasswordHash.create(password.toCharArray(), PasswordHash.MIN_ITERATIONS, random).encode();
            p.add("dosewarden.users." + user[0] + ".password-hash=" + hash);
            p.add("dosewarden.users." + user[0] + ".roles=" + user[1]);
        }
        for (String ch : List.of("a", "b", "c")) {
            String k = "dosewarden.channels." + ch + ".";
            // Channel time runs timeFactor times faster: a 2 s poll is 1/timeFactor of that in real time. The link
            // timeout and the delivery lease are stretched so that a busy two-core machine's pauses (a few real
            // seconds) do not read as a lost pump: the pump's own watchdog (at most 255 s of pump time, 4 s real
            // at a factor of 60) stopped every pump during the daemon's start-up on a loaded machine; the lease
            // (600 s of pump time) still stops a pump whose daemon is gone.
            p.addAll(List.of(k + "profile=sim-ne1000", k + "port=sim:console-" + ch, k + "syringe=bd-plastic-60ml",
                    k + "bed=bay-" + ch, k + "vitals-topic=ward/bay-" + ch + "/vitals",
                    k + "simulator-power-up-alarm=false", k + "simulated-vitals=true",
                    k + "poll-interval=2s", k + "link-timeout=" + (10 * timeFactor) + "s", k + "watchdog-seconds=0",
                    k + "lease-seconds=600"));
        }
        DaemonProcess process = DaemonProcess.start(p, dir.resolve("daemon.log"));
        return new ConsoleDaemon(process, dir.resolve("data"), timeFactor, passwords, brokerPort);
    }

    /** The shipped library with the ketamine entry's after-care period replaced. */
    private static Path library(Path dir, String monitoringAfter) throws IOException {
        String text;
        try (InputStream in = ConsoleDaemon.class.getResourceAsStream("/drug-library.yaml")) {
            if (in == null) {
                throw new IllegalStateException("drug-library.yaml is not on the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String changed = text.replace("monitoringAfter: PT2H", "monitoringAfter: " + monitoringAfter);
        if (changed.equals(text)) {
            throw new IllegalStateException("the shipped library no longer has 'monitoringAfter: PT2H'; update this fixture");
        }
        Path file = dir.resolve("drug-library.yaml");
        Files.writeString(file, changed);
        return file;
    }

    String base() {
        return process.baseUri();
    }

    String password(String user) {
        return passwords.get(user);
    }

    /** Waits until /health answers (the daemon is up and its channels are connected). */
    void awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("daemon exited: " + process.logTail(60));
            }
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            TimeUnit.MILLISECONDS.sleep(300);
        }
        throw new AssertionError("daemon not up within " + timeout + ": " + process.logTail(60));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request to the API as {@code user} with HTTP Basic (as a script would send it). */
    HttpResponse<String> api(String user, String method, String path, String body) throws IOException, InterruptedException {
        String auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password(user))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", auth).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Vital signs of {@code channel}'s bed as the monitor gateway publishes them to the embedded broker, e.g.
     * {@code {"sbp":186,"dbp":96}} (now, as the daemon receives it); the simulated monitor's steady readings go on.
     */
    void vitals(String channel, String members) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + brokerPort, "console-test-monitor", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(MONITOR);
        options.setPassword(passwords.get(MONITOR).toCharArray());
        options.setConnectionTimeout(20);
        client.connect(options);
        try {
            client.publish("ward/bay-" + channel + "/vitals", members.getBytes(StandardCharsets.UTF_8), 1, false);
        } finally {
            client.disconnect();
            client.close();
        }
    }

    /** The payloads of the journal's records of {@code type}, oldest first, read from the SQLite file itself. */
    List<String> journal(String type) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + data.resolve("journal.db") + "?mode=ro");
             PreparedStatement s = c.prepareStatement("SELECT payload FROM records WHERE type = ? ORDER BY seq")) {
            s.setString(1, type);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        process.close();
    }
}
