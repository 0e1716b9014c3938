package org.dosewarden.mqtt.config;

import static org.dosewarden.mqtt.Fixtures.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dosewarden.journal.Journal;
import org.dosewarden.mqtt.BrokerLinkState;
import org.dosewarden.mqtt.EventOutbox;
import org.dosewarden.mqtt.Fixtures;
import org.dosewarden.mqtt.JournalOutbox;
import org.dosewarden.mqtt.StatusSnapshot;
import org.dosewarden.mqtt.TestClient;
import org.dosewarden.mqtt.TopicTree;
import org.dosewarden.testing.Ports;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Configuration keys of issue 7 bound by Micronaut; the embedded broker and link started from them. */
@Timeout(120)
class MqttServiceContextTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    @DisplayName("dosewarden.mqtt.url=embedded starts Moquette beside Micronaut's Netty HTTP server; dashboard account reads")
    void embeddedBrokerFromConfiguration() throws Exception {
        int port = Ports.free();
        Map<String, Object> props = Map.ofEntries(
                Map.entry("micronaut.server.port", -1),
                Map.entry("dosewarden.site", "north"),
                Map.entry("dosewarden.device-id", "dw7"),
                Map.entry("dosewarden.data-dir", dir.toString()),
                Map.entry("dosewarden.mqtt.url", "embedded"),
                Map.entry("dosewarden.mqtt.embedded.port", port),
                Map.entry("dosewarden.mqtt.embedded.websocket-port", 0),
                Map.entry("dosewarden.mqtt.embedded.dashboard-username", "station"),
                Map.entry("dosewarden.mqtt.embedded.dashboard-password", "station-pw-1"),
                Map.entry("dosewarden.channels.left.bed", "Bay 4"),
                Map.entry("dosewarden.channels.left.vitals-topic", "monitors/bay4/vitals"));
        TopicTree topics = TopicTree.of(TopicTree.DEFAULT_ROOT_TEMPLATE, "north", "dw7");
        try (ApplicationContext ctx = ApplicationContext.builder().properties(props).start()) {
            EmbeddedServer http = ctx.getBean(EmbeddedServer.class).start();
            // The outbox reads the daemon's own journal under the data directory.
            Journal journal = ctx.getBean(Journal.class);
            assertTrue(journal.file().startsWith(dir), journal.file() + " under " + dir);
            assertTrue(ctx.getBean(EventOutbox.class) instanceof JournalOutbox, "outbox over the journal bean");
            MqttService mqtt = ctx.getBean(MqttService.class);
            awaitTrue("connected", WAIT, () -> mqtt.link().state() == BrokerLinkState.CONNECTED);
            assertEquals("monitors/bay4/vitals", mqtt.link().settings().channels().get(0).vitalsTopic());
            assertEquals("Bay 4", mqtt.link().settings().channels().get(0).bed());
            assertEquals("dosewarden-north-dw7", mqtt.link().settings().clientId());
            assertTrue(dir.resolve("mqtt-broker").toFile().isDirectory(), "broker data under the data dir");
            mqtt.link().publishStatus("left", StatusSnapshot.idle(java.time.Instant.parse("2026-01-01T08:00:00Z"), 3,
                    "Bay 4", "CONNECTED"));
            try (TestClient station = TestClient.connect("tcp://127.0.0.1:" + port, "station", "station-pw-1")
                    .subscribe(topics.everything())) {
                assertTrue(station.await(topics.status("left"), WAIT).payload().contains("\"bed\":\"Bay 4\""));
                assertEquals("online", station.await(topics.availability(), WAIT).payload());
            }
            // Both Netty users answer in the same JVM (health may be DOWN here: this context has no pump channels
            // or drug library configured, which is other components' business).
            var response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(http.getURI().resolve("/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertTrue(response.statusCode() == 200 || response.statusCode() == 503, response.statusCode() + " "
                    + response.body());
            assertTrue(response.body().contains("\"status\""), response.body());
            journal.append("left", "ALARM_RAISED", "{\"type\":\"LINK_LOST\"}");
            mqtt.link().wakeOutbox();
            long last = journal.lastSequence();
            awaitTrue("journal cursor follows the broker's PUBACK", WAIT,
                    () -> ctx.getBean(EventOutbox.class).acknowledgedUpTo() == last);
        }
    }

    @Test
    @DisplayName("invalid MQTT configuration fails at startup naming the key")
    void invalidConfigurationNamesTheKey() {
        TopicTree topics = Fixtures.TOPICS;
        ChannelMqttProperties bad = new ChannelMqttProperties("a");
        bad.setVitalsTopic("ward/+/vitals");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MqttSetup.channels(topics, List.of(bad)));
        assertEquals("dosewarden.channels.a: vitals topic of channel a 'ward/+/vitals' must not contain '+', '#' or NUL",
                e.getMessage());
        IllegalArgumentException site = assertThrows(IllegalArgumentException.class,
                () -> TopicTree.of(TopicTree.DEFAULT_ROOT_TEMPLATE, "north/wing", "dw1"));
        assertEquals("dosewarden.site 'north/wing' must be one topic level (no '/')", site.getMessage());
        MqttProperties p = new MqttProperties();
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> MqttSetup.link(p, "mqtt://broker:1883", "u", "p", topics, List.of(), "s", "d"));
        assertTrue(url.getMessage().startsWith("dosewarden.mqtt.url 'mqtt://broker:1883' must start with tcp://"),
                url.getMessage());
        ChannelMqttProperties reserved = new ChannelMqttProperties("events");
        assertThrows(IllegalArgumentException.class, () -> MqttSetup.channels(topics, List.of(reserved)));
    }

    @Test
    @DisplayName("outside the demo a public or empty MQTT password stops start-up naming the key; the demo's own value is the one refused")
    void publicPasswordsRefusedOutsideTheDemo() throws Exception {
        MqttProperties p = new MqttProperties();
        p.getEmbedded().setDashboardPassword(MqttService.DEMO_DASHBOARD_PASSWORD);
        EmbeddedAccountProperties gateway = new EmbeddedAccountProperties("gateway");
        gateway.setPassword(" ");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MqttService.refusePublicPasswords(p, List.of(gateway)));
        assertEquals("dosewarden.mqtt.embedded.dashboard-password is the public demo password 'dashboard-demo', "
                + "allowed only in the demo environment: set your own; "
                + "dosewarden.mqtt.embedded.accounts.gateway.password is empty: set a password or remove the key",
                e.getMessage());
        p.getEmbedded().setDashboardPassword("st4tion-own-secret");
        gateway.setPassword("gw-own-secret");
        MqttService.refusePublicPasswords(p, List.of(gateway));
        try (var in = MqttService.class.getResourceAsStream("/application-demo.yml")) {
            String demo = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(demo.contains("dashboard-password: " + MqttService.DEMO_DASHBOARD_PASSWORD),
                    "the refused value is the one the demo ships");
        }
        // A context outside the demo with the demo's password does not start.
        Map<String, Object> props = Map.of("micronaut.server.port", -1, "dosewarden.data-dir", dir.toString(),
                "dosewarden.mqtt.url", "embedded", "dosewarden.mqtt.embedded.port", Ports.free(),
                "dosewarden.mqtt.embedded.websocket-port", 0,
                "dosewarden.mqtt.embedded.dashboard-password", MqttService.DEMO_DASHBOARD_PASSWORD);
        Exception failure = assertThrows(Exception.class, () -> {
            try (ApplicationContext ctx = ApplicationContext.builder().properties(props).start()) {
                ctx.getBean(MqttService.class);
            }
        });
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("dosewarden.mqtt.embedded.dashboard-password is the public demo password"),
                root.getMessage());
    }

    @Test
    @DisplayName("SR-D5: the embedded broker starts beside the HTTP server, and one that cannot listen fails the start with its reason")
    void brokerThatCannotListenFailsTheStart() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Map<String, Object> props = Map.of("micronaut.server.port", -1, "dosewarden.data-dir", dir.toString(),
                    "dosewarden.mqtt.url", "embedded", "dosewarden.mqtt.embedded.port", taken.getLocalPort(),
                    "dosewarden.mqtt.embedded.websocket-port", 0);
            try (ApplicationContext ctx = ApplicationContext.builder().properties(props).start()) {
                EmbeddedServer http = ctx.getBean(EmbeddedServer.class);
                Exception failure = assertThrows(Exception.class, http::start, "the server's start waits for the broker");
                Throwable cause = failure;
                while (cause != null && !String.valueOf(cause.getMessage()).contains("embedded MQTT broker could not start")) {
                    cause = cause.getCause();
                }
                assertTrue(cause != null && cause.getMessage().contains("127.0.0.1:" + taken.getLocalPort()),
                        "the broker's reason, with its port: " + failure);
                MqttService mqtt = ctx.getBean(MqttService.class);
                assertThrows(IllegalStateException.class, mqtt::embeddedBroker, "no broker to hand out");
            }
        }
    }

}
