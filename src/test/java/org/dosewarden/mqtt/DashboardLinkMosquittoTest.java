package org.dosewarden.mqtt;

import static org.dosewarden.mqtt.Fixtures.TOPICS;
import static org.dosewarden.mqtt.Fixtures.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.journal.Journal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT link against a real Mosquitto with authentication and an ACL. */
@org.junit.jupiter.api.Timeout(180)
class DashboardLinkMosquittoTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private MosquittoBroker broker;
    private final ManualTimeSource time = new ManualTimeSource();
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private DashboardLink link;

    @BeforeEach
    void startBroker() throws Exception {
        broker = MosquittoBroker.start(dir, TOPICS.root());
    }

    @AfterEach
    void stopAll() throws Exception {
        if (link != null) {
            link.close();
        }
        broker.close();
    }

    private DashboardLink connectedLink(LinkSettings settings) throws InterruptedException {
        link = new DashboardLink(settings, time, outbox);
        link.start();
        awaitTrue("link connected", WAIT, () -> link.state() == BrokerLinkState.CONNECTED);
        return link;
    }

    @Test
    @DisplayName("SR-D4: a dashboard connecting late sees the retained status, alarm set and online marker")
    void retainedStatusIsSeenByLateSubscriber() throws Exception {
        connectedLink(Fixtures.settings(broker.url()));
        Instant now = time.wallTime();
        link.publishStatus("a", Fixtures.running(41, now));
        link.publishAlarms("a", List.of());
        link.publishAlarms("b", List.of(Fixtures.alarm("al-7", now)));
        // A first subscriber proves the documents reached the broker before the late one connects.
        try (TestClient first = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                MosquittoBroker.DASHBOARD_PASSWORD).subscribe(TOPICS.everything())) {
            first.await(r -> r.topic().equals(TOPICS.alarms("b")), WAIT);
            first.await(r -> r.topic().equals(TOPICS.status("a")), WAIT);
        }
        try (TestClient late = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                MosquittoBroker.DASHBOARD_PASSWORD).subscribe(TOPICS.everything())) {
            TestClient.Received status = late.await(TOPICS.status("a"), WAIT);
            assertTrue(status.retained());
            JsonNode s = JSON.readTree(status.payload());
            assertEquals(41, s.get("seq").asLong());
            assertEquals("RUNNING", s.get("state").asText());
            assertEquals("Bed 1", s.get("bed").asText());
            assertEquals("52.5", s.get("rateMlPerH").decimalValue().toPlainString());
            assertEquals("mg/kg/h", s.get("doseRate").get("unit").asText());

            TestClient.Received none = late.await(TOPICS.alarms("a"), WAIT);
            assertTrue(none.retained());
            assertEquals("[]", none.payload(), "an empty alarm set is [] (an empty payload would delete it)");

            JsonNode alarms = JSON.readTree(late.await(TOPICS.alarms("b"), WAIT).payload());
            assertEquals(1, alarms.size());
            assertEquals("al-7", alarms.get(0).get("id").asText());
            assertEquals("high", alarms.get(0).get("priority").asText());
            assertEquals("stop", alarms.get(0).get("pumpAction").asText());

            TestClient.Received online = late.await(TOPICS.availability(), WAIT);
            assertTrue(online.retained());
            assertEquals("online", online.payload());
        }
    }

    @Test
    @DisplayName("SR-D4: status is republished at least every heartbeat, unchanged documents included")
    void statusIsRepublishedEveryHeartbeat() throws Exception {
        connectedLink(Fixtures.settings(broker.url())
                .withTimings(Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofMillis(500)));
        link.publishStatus("a", Fixtures.running(5, time.wallTime()));
        try (TestClient dash = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                MosquittoBroker.DASHBOARD_PASSWORD).subscribe(TOPICS.status("a"))) {
            dash.await(r -> !r.retained(), WAIT); // a live republish, not the retained copy
            dash.await(r -> !r.retained() && dash.all().stream().filter(x -> !x.retained()).count() >= 3, WAIT);
        }
    }

    @Test
    @DisplayName("SR-D6: a retained device-level document reaches a late dashboard; one outside the device tree is refused")
    void deviceDocumentIsRetained() throws Exception {
        connectedLink(Fixtures.settings(broker.url()));
        String topic = TOPICS.root() + "/health";
        link.publishDeviceDocument(topic, () -> "{\"journalSeq\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        link.publishDeviceDocument(topic, () -> "{\"journalSeq\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (TestClient first = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                MosquittoBroker.DASHBOARD_PASSWORD).subscribe(topic)) {
            first.await(r -> r.payload().contains("\"journalSeq\":2"), WAIT);
        }
        try (TestClient late = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                MosquittoBroker.DASHBOARD_PASSWORD).subscribe(topic)) {
            TestClient.Received health = late.await(topic, WAIT);
            assertTrue(health.retained());
            assertEquals("{\"journalSeq\":2}", health.payload(), "only the latest document is kept");
        }
        IllegalArgumentException outside = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> link.publishDeviceDocument("elsewhere/health", () -> new byte[1]));
        assertEquals("device document topic 'elsewhere/health' is not under " + TOPICS.root(), outside.getMessage());
    }

    @Test
    @DisplayName("status seq must not go backwards: the integrator's mistake is named, not published")
    void statusSeqMustNotGoBackwards() throws Exception {
        link = new DashboardLink(Fixtures.settings(broker.url()), time, outbox);
        link.publishStatus("a", Fixtures.running(10, time.wallTime()));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> link.publishStatus("a", Fixtures.running(9, time.wallTime())));
        assertEquals("status seq of channel a went backwards: 9 after 10", e.getMessage());
        IllegalArgumentException unknown = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> link.publishStatus("zz", Fixtures.running(1, time.wallTime())));
        assertEquals("unknown channel 'zz'; configured channels: [a, b]", unknown.getMessage());
    }

    @Test
    @DisplayName("the dashboard account may read but cannot publish into the device tree")
    void dashboardUserCannotPublish() throws Exception {
        connectedLink(Fixtures.settings(broker.url()));
        link.publishStatus("a", Fixtures.running(3, time.wallTime()));
        try (TestClient watcher = TestClient.connect(broker.url(), MosquittoBroker.DAEMON,
                MosquittoBroker.DAEMON_PASSWORD).subscribe(TOPICS.everything());
             TestClient dash = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                     MosquittoBroker.DASHBOARD_PASSWORD)) {
            watcher.await(TOPICS.status("a"), WAIT);
            // MQTT 3.1.1 has no negative PUBACK: the broker acknowledges and drops a denied publish.
            dash.publishDenied(TOPICS.status("a"), "{\"forged\":true}", true);
            dash.publishDenied(TOPICS.pauseRequest("a"), "{\"forged\":true}", false);
            // A marker from an allowed account, published after the forged ones were acknowledged.
            watcher.publish(TOPICS.root() + "/marker", "after", false);
            watcher.await(TOPICS.root() + "/marker", WAIT);
            assertFalse(watcher.all().stream().anyMatch(r -> r.payload().contains("forged")),
                    "a forged message reached a subscriber: " + watcher.all());
        }
        try (TestClient late = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                MosquittoBroker.DASHBOARD_PASSWORD).subscribe(TOPICS.status("a"))) {
            JsonNode s = JSON.readTree(late.await(TOPICS.status("a"), WAIT).payload());
            assertEquals(3, s.get("seq").asLong(), "the retained status is still the daemon's");
        }
    }

    @Test
    @DisplayName("SR-D4: events go out at QoS 1 in journal order, each with its seq; the cursor follows PUBACKs")
    void eventsArePublishedInOrderWithSeq() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("journal"), time);
             TestClient dash = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                MosquittoBroker.DASHBOARD_PASSWORD).subscribe(TOPICS.everything())) {
            for (int i = 1; i <= 5; i++) {
                journal.append(i % 2 == 0 ? "b" : "a", "ALARM_RAISED", "{\"n\":" + i + "}");
            }
            journal.append("daemon", "RECOVERED", "{}");
            JournalOutbox journalOutbox = new JournalOutbox(journal, JournalOutbox.DEFAULT_EXCLUDED_TYPES);
            link = new DashboardLink(Fixtures.settings(broker.url()), time, journalOutbox);
            link.start();
            dash.await(TOPICS.deviceEvents(), WAIT);
            List<TestClient.Received> a = dash.all().stream().filter(r -> r.topic().equals(TOPICS.events("a"))).toList();
            assertEquals(List.of(1L, 3L, 5L), a.stream().map(r -> seq(r.payload())).toList());
            JsonNode first = JSON.readTree(a.get(0).payload());
            assertEquals("ALARM_RAISED", first.get("type").asText());
            assertEquals(1, first.get("data").get("n").asInt());
            assertFalse(a.get(0).retained(), "events are not retained");
            awaitTrue("cursor at 6", WAIT, () -> journalOutbox.acknowledgedUpTo() == 6);
            link.close();
            link = null;
        }
    }

    static long seq(String payload) {
        try {
            return JSON.readTree(payload).get("seq").asLong();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + payload, e);
        }
    }
}
