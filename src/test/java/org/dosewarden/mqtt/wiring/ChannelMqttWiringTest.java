package org.dosewarden.mqtt.wiring;

import static org.dosewarden.testing.LiveChannel.submit;
import static org.dosewarden.testing.LiveChannel.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.dosewarden.channel.ChannelHandle;
import org.dosewarden.channel.ChannelLinkState;
import org.dosewarden.channel.ClinicianIntent;
import org.dosewarden.channel.DaemonChannels;
import org.dosewarden.channel.IntentResult;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.mqtt.config.MqttService;
import org.dosewarden.testing.Orders;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with a simulated pump and the embedded broker (real Moquette on 127.0.0.1): a dashboard sees
 * the channel's retained status, and a hard vitals breach published on the channel's vitals topic pauses
 * the running infusion within one poll.
 */
class ChannelMqttWiringTest {

    @TempDir
    Path dataDir;

    ApplicationContext context;

    @AfterEach
    void tearDown() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    @DisplayName("issue 7: dashboards see retained status; a hard vitals breach on the vitals topic pauses the infusion")
    void statusOutVitalsIn() throws Exception {
        context = ApplicationContext.run(daemon(Map.of()));
        MqttService mqtt = context.getBean(MqttService.class);
        String url = mqtt.embeddedBroker().orElseThrow().url();
        var topics = mqtt.link().settings().topics();
        DaemonChannels channels = context.getBean(DaemonChannels.class);
        ChannelHandle a = channels.find("a").orElseThrow();

        Map<String, String> seen = new ConcurrentHashMap<>();
        MqttClient dashboard = connect(url, "dashboard", "dash-secret-1");
        dashboard.subscribe(topics.status("a"), 1, (topic, msg) -> seen.put(topic, new String(msg.getPayload(), StandardCharsets.UTF_8)));
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        dashboard.subscribe(topics.events("a"), 1, (topic, msg) -> events.add(new String(msg.getPayload(), StandardCharsets.UTF_8)));
        waitFor(() -> seen.getOrDefault(topics.status("a"), "").contains("\"bed\":\"bay-7\""), Duration.ofSeconds(20),
                "retained status with the bed label");
        assertTrue(!seen.get(topics.status("a")).contains("P-001"), "no patient identifiers on the bus");

        waitFor(() -> a.snapshot().linkState() == ChannelLinkState.CONNECTED, Duration.ofSeconds(20), "pump connected");
        var order = Orders.ketamineRate(a.pumpCapability().orElseThrow(), "1.2", "0.5");
        assertInstanceOf(IntentResult.Accepted.class, submit(a, new ClinicianIntent.ClinicianAction.Program(order)));
        assertInstanceOf(IntentResult.Accepted.class, submit(a, new ClinicianIntent.ClinicianAction.Start(List.of(
                new LimitOverride("vitals.startGate", "manual BP 128/82 before start")))));
        waitFor(() -> seen.getOrDefault(topics.status("a"), "").contains("\"state\":\"RUNNING\""), Duration.ofSeconds(20),
                "status RUNNING published");
        String running = seen.get(topics.status("a"));
        assertTrue(running.matches(".*\"startedAt\":\"20[^\"]+\".*"), running);
        assertTrue(running.matches(".*\"expectedEndAt\":\"20[^\"]+\".*"), running);
        // The events stream carries decisions and state changes, not the per-poll readings and volume counts.
        waitFor(() -> events.stream().anyMatch(e -> e.contains("STATE_CHANGED")), Duration.ofSeconds(10),
                "state change on the events topic");
        Thread.sleep(1500);
        assertTrue(events.stream().noneMatch(e -> e.contains("\"PumpReading\"") || e.contains("VOLUME_COUNTED")),
                "per-poll records stay off the events topic: " + events);

        MqttClient monitor = connect(url, "monitor", "monitor-secret-1");
        long sent = System.nanoTime();
        monitor.publish(topics.vitals("a"), new MqttMessage(("{\"ts\":\"" + Instant.now() + "\",\"sbp\":185,\"dbp\":95,"
                + "\"hr\":88,\"spo2\":97,\"rr\":14}").getBytes(StandardCharsets.UTF_8)));
        waitFor(() -> a.snapshot().infusionState().equals("PAUSED"), Duration.ofSeconds(10), "paused by the hard breach");
        long ms = (System.nanoTime() - sent) / 1_000_000;
        System.out.println("vitals hard breach to PAUSED: " + ms + " ms");
        assertTrue(a.snapshot().activeAlarms().stream().anyMatch(al -> al.type().equals("VITALS_HARD_BREACH")));
        assertEquals("PAUSED", a.snapshot().infusionState());
        monitor.disconnect();
        dashboard.disconnect();
    }

    @Test
    @DisplayName("issue 7, SR-D5: vitals stop arriving on the vitals topic → VITALS_STALE technical alarm on the alarms topic; required vitals pause the infusion")
    void staleVitalsRaiseATechnicalAlarm() throws Exception {
        // Ten times real time: the library's 30 s gap for continuous signs passes in about 3 s.
        // The link timeout and the pump's watchdog are lengthened with it (6 s and 12 s of wall time): this test is
        // about vitals, and a loaded machine must not lose the pump link first.
        context = ApplicationContext.run(daemon(Map.of("dosewarden.time-factor", 10,
                "dosewarden.channels.a.link-timeout", "60s", "dosewarden.channels.a.watchdog-seconds", 120)));
        MqttService mqtt = context.getBean(MqttService.class);
        String url = mqtt.embeddedBroker().orElseThrow().url();
        var topics = mqtt.link().settings().topics();
        ChannelHandle a = context.getBean(DaemonChannels.class).find("a").orElseThrow();
        waitFor(() -> a.snapshot().linkState() == ChannelLinkState.CONNECTED, Duration.ofSeconds(20), "pump connected");

        Map<String, String> seen = new ConcurrentHashMap<>();
        MqttClient dashboard = connect(url, "dashboard", "dash-secret-1");
        dashboard.subscribe(topics.alarms("a"), 1, (topic, msg) -> seen.put(topic, new String(msg.getPayload(), StandardCharsets.UTF_8)));

        // A full set of normal vitals from the monitor lets the start pass the vitals gate without an override.
        // The monitor publishes at QoS 0 like a bedside monitor, so a reading sent before the daemon's subscription
        // is in place is gone: it sends again until the start passes, as a monitor does every few seconds.
        MqttClient monitor = connect(url, "monitor", "monitor-secret-1");
        var order = Orders.ketamineRate(a.pumpCapability().orElseThrow(), "1.2", "0.5");
        assertInstanceOf(IntentResult.Accepted.class, submit(a, new ClinicianIntent.ClinicianAction.Program(order)));
        // Stamped on the daemon's clock, which runs ten times faster than the wall: a wall-clock stamp would age
        // past the start gate's 10 min while a loaded machine is still starting the daemon.
        TimeSource daemonTime = context.getBean(TimeSource.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean started = false;
        Object last = null;
        while (!started && System.nanoTime() < deadline) {
            monitor.publish(topics.vitals("a"), new MqttMessage(("{\"ts\":\"" + daemonTime.wallTime() + "\",\"sbp\":124,"
                    + "\"dbp\":78,\"hr\":72,\"spo2\":98,\"rr\":14}").getBytes(StandardCharsets.UTF_8)));
            Thread.sleep(500);
            last = submit(a, new ClinicianIntent.ClinicianAction.Start(List.of()));
            started = last instanceof IntentResult.Accepted;
        }
        assertTrue(started, "start accepted on the monitor's vitals (no gate override) within 30 s; last answer: "
                + last + "; channel: " + a.snapshot());
        waitFor(() -> a.snapshot().infusionState().equals("RUNNING"), Duration.ofSeconds(10), "running");
        assertTrue(a.snapshot().activeAlarms().stream().noneMatch(al -> al.type().equals("VITALS_STALE")),
                "fresh vitals: no stale alarm yet");

        // The monitor goes quiet. Nothing else is sent.
        monitor.disconnect();
        waitFor(() -> seen.getOrDefault(topics.alarms("a"), "").contains("VITALS_STALE"), Duration.ofSeconds(30),
                "VITALS_STALE on the retained alarms topic");
        assertTrue(a.snapshot().activeAlarms().stream().anyMatch(al -> al.type().equals("VITALS_STALE")));
        // The ketamine entry requires vitals: the core pauses the pump rather than infuse unsupervised.
        waitFor(() -> a.snapshot().infusionState().equals("PAUSED"), Duration.ofSeconds(10), "paused: vitals required");
        assertTrue(a.snapshot().activeAlarms().stream().anyMatch(al -> al.type().equals("VITALS_MISSING")));
        dashboard.disconnect();
    }

    @Test
    @DisplayName("issue 15, SR-D4: a running channel's status goes out every second, its alarm set only when the set changes")
    void alarmSetGoesOutOnlyWhenItChanges() throws Exception {
        context = ApplicationContext.run(daemon(Map.of()));
        MqttService mqtt = context.getBean(MqttService.class);
        String url = mqtt.embeddedBroker().orElseThrow().url();
        var topics = mqtt.link().settings().topics();
        ChannelHandle a = context.getBean(DaemonChannels.class).find("a").orElseThrow();
        waitFor(() -> a.snapshot().linkState() == ChannelLinkState.CONNECTED, Duration.ofSeconds(20), "pump connected");

        List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> alarmSets = new java.util.concurrent.CopyOnWriteArrayList<>();
        MqttClient dashboard = connect(url, "dashboard", "dash-secret-1");
        dashboard.subscribe(topics.status("a"), 1, (topic, msg) -> statuses.add(new String(msg.getPayload(), StandardCharsets.UTF_8)));
        dashboard.subscribe(topics.alarms("a"), 1, (topic, msg) -> alarmSets.add(new String(msg.getPayload(), StandardCharsets.UTF_8)));
        var order = Orders.ketamineRate(a.pumpCapability().orElseThrow(), "1.2", "0.5");
        assertInstanceOf(IntentResult.Accepted.class, submit(a, new ClinicianIntent.ClinicianAction.Program(order)));
        assertInstanceOf(IntentResult.Accepted.class, submit(a, new ClinicianIntent.ClinicianAction.Start(List.of(
                new LimitOverride("vitals.startGate", "manual BP 128/82 before start")))));
        waitFor(() -> statuses.stream().anyMatch(st -> st.contains("\"state\":\"RUNNING\"")), Duration.ofSeconds(20),
                "status RUNNING published");

        int statusesBefore = statuses.size();
        int alarmSetsBefore = alarmSets.size();
        Thread.sleep(4500);
        assertTrue(statuses.size() - statusesBefore >= 3, "a running infusion's status at least every second: "
                + (statuses.size() - statusesBefore) + " in 4.5 s");
        List<String> window = List.copyOf(alarmSets.subList(Math.max(0, alarmSetsBefore - 1), alarmSets.size()));
        for (int i = 1; i < window.size(); i++) {
            assertTrue(!window.get(i).equals(window.get(i - 1)), "the same alarm set sent twice in a row: " + window);
        }

        // A change goes out at once: a hard breach raises an alarm.
        MqttClient monitor = connect(url, "monitor", "monitor-secret-1");
        monitor.publish(topics.vitals("a"), new MqttMessage(("{\"ts\":\"" + Instant.now() + "\",\"sbp\":185,\"dbp\":95,"
                + "\"hr\":88,\"spo2\":97,\"rr\":14}").getBytes(StandardCharsets.UTF_8)));
        waitFor(() -> alarmSets.stream().anyMatch(set -> set.contains("VITALS_HARD_BREACH")), Duration.ofSeconds(10),
                "the new alarm set on the alarms topic");
        monitor.disconnect();
        dashboard.disconnect();
    }

    /** One simulated channel "a" (bed bay-7), the embedded broker, a dashboard and a monitor account. */
    Map<String, Object> daemon(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put("micronaut.server.port", -1);
        p.put("dosewarden.data-dir", dataDir.toString());
        p.put("dosewarden.channels.a.profile", "sim-ne1000");
        p.put("dosewarden.channels.a.port", "sim:mqtt-wiring-a");
        p.put("dosewarden.channels.a.syringe", "bd-plastic-60ml");
        p.put("dosewarden.channels.a.bed", "bay-7");
        p.put("dosewarden.channels.a.simulator-power-up-alarm", false);
        p.put("dosewarden.mqtt.url", "embedded");
        p.put("dosewarden.mqtt.embedded.dashboard-password", "dash-secret-1");
        p.put("dosewarden.mqtt.embedded.accounts.monitor.password", "monitor-secret-1");
        p.put("dosewarden.mqtt.embedded.accounts.monitor.write", List.of("dosewarden/#"));
        return p;
    }

    static MqttClient connect(String url, String user, String password) throws Exception {
        MqttClient client = new MqttClient(url, user + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        options.setCleanSession(true);
        client.connect(options);
        return client;
    }
}
