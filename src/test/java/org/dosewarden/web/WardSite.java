package org.dosewarden.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dosewarden.api.security.PasswordHash;
import org.dosewarden.testing.DaemonProcess;
import org.dosewarden.testing.SiteBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Test fixture: a small site as docs/site.md wires it: a {@link SiteBroker} and bedside boxes, each a real daemon
 * process on two simulated pumps publishing to it, plus the monitor gateway that feeds every bed's vitals. Box
 * {@code dwN} has channels {@code a} and {@code b} at beds {@code bay-(2N-1)} and {@code bay-2N}.
 */
final class WardSite implements AutoCloseable {

    static final String CLINICIAN = "dr-ward";
    static final String NORMAL_VITALS = "\"sbp\":124,\"dbp\":78,\"hr\":72,\"spo2\":98,\"rr\":14";

    final SiteBroker broker;
    final Map<String, DaemonProcess> boxes = new ConcurrentHashMap<>();
    private final String clinicianPassword = "ward-" + Long.toHexString(new SecureRandom().nextLong());
    private final String clinicianHash;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> vitals = new ConcurrentHashMap<>();
    private final ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
    private MqttClient gateway;

    WardSite(Path dir, List<String> devices) throws IOException, InterruptedException {
        broker = SiteBroker.start(dir, devices);
        clinicianHash = PasswordHash.create(clinicianPassword.toCharArray(), PasswordHash.MIN_ITERATIONS,
                new SecureRandom()).encode();
        // The monitor gateway: every bed's latest vitals every 3 s (the library's continuous signs may not be
        // missing for 30 s while infusing).
        feeder.scheduleAtFixedRate(this::feed, 0, 3, TimeUnit.SECONDS);
    }

    static String bed(String device, String channel) {
        int n = Integer.parseInt(device.substring(2));
        return "bay-" + (2 * n - (channel.equals("a") ? 1 : 0));
    }

    /** Starts box {@code device}; its log goes to {@code log}. */
    DaemonProcess startBox(String device, Path data, Path log) throws IOException {
        List<String> p = new ArrayList<>(List.of(
                "dosewarden.data-dir=" + data,
                "dosewarden.site=" + SiteBroker.SITE,
                "dosewarden.device-id=" + device,
                "dosewarden.mqtt.url=" + broker.url(),
                "dosewarden.mqtt.username=" + device,
                "dosewarden.mqtt.password=" + SiteBroker.boxPassword(device),
                "dosewarden.mqtt.pause.enabled=true",
                "dosewarden.ward.broker-url=" + broker.webSocketUrl(),
                "dosewarden.users." + CLINICIAN + ".password-hash=" + clinicianHash,
                "dosewarden.users." + CLINICIAN + ".roles=clinician"));
        for (String ch : List.of("a", "b")) {
            String k = "dosewarden.channels." + ch + ".";
            p.addAll(List.of(k + "profile=sim-ne1000", k + "port=sim:" + device + "-" + ch,
                    k + "syringe=bd-plastic-60ml", k + "bed=" + bed(device, ch),
                    k + "vitals-topic=ward/" + bed(device, ch) + "/vitals", k + "simulator-power-up-alarm=false",
                    // As in the demo: a busy two-core machine's pauses must not read as a lost pump.
                    k + "poll-interval=500ms", k + "link-timeout=20s", k + "watchdog-seconds=60"));
        }
        DaemonProcess box = DaemonProcess.start(p, log);
        boxes.put(device, box);
        return box;
    }

    /** Waits until the box answers /health with UP. */
    void awaitUp(DaemonProcess box, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!box.isAlive()) {
                throw new AssertionError("box exited: " + box.logTail(40));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(box.baseUri() + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new AssertionError("box not up within " + timeout + ": " + box.logTail(40));
    }

    /** Sets what the monitor reports for {@code bed} from now on (members without braces), sent at once. */
    void vitals(String bed, String members) {
        vitals.put(bed, members);
        feed();
    }

    private synchronized void feed() {
        try {
            if (gateway == null || !gateway.isConnected()) {
                gateway = connect(SiteBroker.GATEWAY, SiteBroker.GATEWAY_PASSWORD);
            }
            for (Map.Entry<String, String> e : vitals.entrySet()) {
                String body = "{\"ts\":\"" + Instant.now() + "\"," + e.getValue() + "}";
                gateway.publish("ward/" + e.getKey() + "/vitals", body.getBytes(StandardCharsets.UTF_8), 1, false);
            }
        } catch (MqttException brokerAway) {
            gateway = null; // the broker-outage step: the next round reconnects
        }
    }

    MqttClient connect(String user, String password) throws MqttException {
        MqttClient c = new MqttClient(broker.url(), user + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setCleanSession(true);
        o.setConnectionTimeout(5);
        // Test publishers send tens of statuses in a burst; Paho's default of 10 in flight refuses the rest on a
        // loaded machine ("Too many publishes in progress").
        o.setMaxInflight(1000);
        c.connect(o);
        return c;
    }

    /** An HTTP request to box {@code device}'s API as the clinician; returns status and body. */
    HttpResponse<String> api(String device, String method, String path, String body)
            throws IOException, InterruptedException {
        String auth = "Basic " + Base64.getEncoder().encodeToString((CLINICIAN + ":" + clinicianPassword)
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(boxes.get(device).baseUri() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", auth).header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Programs the clinical.md ketamine session (0.5 mg/kg over 40 min, 70 kg, 1 mg/mL: 52.5 mL/h, 35 mL). */
    void program(String device, String channel) throws IOException, InterruptedException {
        String body = "{\"patientId\":\"P-" + device + channel + "\",\"bed\":\"" + bed(device, channel) + "\","
                + "\"weight\":{\"value\":70,\"unit\":\"kg\"},\"drug\":\"ketamine-psych\",\"careArea\":\"psychiatry\","
                + "\"concentration\":{\"value\":1,\"unit\":\"mg/mL\"},\"prescriber\":\"dr-a\","
                + "\"dose\":{\"value\":0.5,\"unit\":\"mg/kg\"},\"duration\":\"PT40M\"}";
        HttpResponse<String> r = api(device, "PUT", "/api/channels/" + channel + "/program", body);
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("program " + device + "/" + channel + ": " + r.statusCode() + " " + r.body());
        }
    }

    void start(String device, String channel) throws IOException, InterruptedException {
        HttpResponse<String> r = api(device, "POST", "/api/channels/" + channel + "/start", null);
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("start " + device + "/" + channel + ": " + r.statusCode() + " " + r.body());
        }
    }

    HttpResponse<String> get(String device, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(boxes.get(device).baseUri() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        feeder.shutdownNow();
        for (DaemonProcess box : boxes.values()) {
            box.close();
        }
        synchronized (this) {
            if (gateway != null && gateway.isConnected()) {
                gateway.disconnectForcibly(1000, 1000);
            }
        }
        broker.close();
    }
}
