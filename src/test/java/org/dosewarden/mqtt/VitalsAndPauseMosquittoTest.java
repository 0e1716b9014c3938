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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.dose.library.VitalSign;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vitals in and pause requests in, through a real Mosquitto with per-account ACLs. */
@org.junit.jupiter.api.Timeout(180)
class VitalsAndPauseMosquittoTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private MosquittoBroker broker;
    private DashboardLink link;
    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-03-02T09:00:00Z"));
    private final LinkedBlockingQueue<VitalsReading> vitalsA = new LinkedBlockingQueue<>();
    private final List<PauseRequest> pauses = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = MosquittoBroker.start(dir, TOPICS.root());
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.close();
        }
        broker.close();
    }

    private void startLink(boolean pauseTopic) throws InterruptedException {
        link = new DashboardLink(Fixtures.settings(broker.url()).withPauseTopic(pauseTopic), time,
                new InMemoryOutbox());
        link.onVitals("a", vitalsA::add);
        link.onPauseRequest(r -> {
            pauses.add(r);
            return CompletableFuture.completedFuture(PauseOutcome.accepted("channel " + r.channel() + " paused"));
        });
        link.start();
        awaitTrue("connected", WAIT, () -> link.state() == BrokerLinkState.CONNECTED);
    }

    @Test
    @DisplayName("vitals from the gateway reach the channel; a 0 and a NaN are passed on marked invalid, not dropped")
    void vitalsReachTheChannelWithInvalidValuesMarked() throws Exception {
        startLink(false);
        try (TestClient gateway = TestClient.connect(broker.url(), MosquittoBroker.GATEWAY,
                MosquittoBroker.GATEWAY_PASSWORD)) {
            gateway.publish(Fixtures.VITALS_A, "{\"ts\":\"2026-03-02T08:59:58Z\",\"sbp\":182,\"dbp\":96,\"hr\":88}",
                    false);
            VitalsReading hard = vitalsA.poll(10, TimeUnit.SECONDS);
            assertTrue(hard != null, "no vitals reading arrived");
            assertEquals("a", hard.channel());
            assertEquals(Instant.parse("2026-03-02T08:59:58Z"), hard.measuredAt());
            assertEquals(182, hard.value(VitalSign.SYSTOLIC_BP).orElseThrow());
            assertFalse(hard.hasInvalidData());

            gateway.publish(Fixtures.VITALS_A, "{\"ts\":1772441999000,\"spo2\":0,\"hr\":NaN,\"rr\":12}", false);
            VitalsReading bad = vitalsA.poll(10, TimeUnit.SECONDS);
            assertTrue(bad != null, "an invalid reading must still arrive");
            assertTrue(bad.hasInvalidData());
            assertEquals(List.of(VitalsReading.Field.HR, VitalsReading.Field.SPO2),
                    bad.invalid().stream().map(VitalsReading.Invalid::field).toList());
            assertEquals(12, bad.value(VitalSign.RESPIRATORY_RATE).orElseThrow());
        }
    }

    @Test
    @DisplayName("a retained vitals message without ts is not taken as a fresh reading")
    void retainedVitalsWithoutTimestampAreNotFresh() throws Exception {
        try (TestClient gateway = TestClient.connect(broker.url(), MosquittoBroker.GATEWAY,
                MosquittoBroker.GATEWAY_PASSWORD)) {
            gateway.publish(Fixtures.VITALS_A, "{\"sbp\":120,\"dbp\":80}", true);
        }
        startLink(false);
        VitalsReading r = vitalsA.poll(10, TimeUnit.SECONDS);
        assertTrue(r != null, "the retained message must be reported, not dropped");
        assertTrue(r.values().isEmpty(), "values of unknown age must not be used: " + r.values());
        assertEquals(VitalsReading.Field.MESSAGE, r.invalid().get(0).field());
        assertTrue(r.invalid().get(0).reason().contains("age is unknown"), r.invalid().get(0).reason());
    }

    @Test
    @DisplayName("pause topic: a valid request pauses and is answered; expired and retained requests are not acted on")
    void pauseRequestsPauseAndExpiredOnesAreIgnored() throws Exception {
        startLink(true);
        try (TestClient nurse = TestClient.connect(broker.url(), MosquittoBroker.NURSE, MosquittoBroker.NURSE_PASSWORD)
                .subscribe(TOPICS.root() + "/+/pause/response")) {
            Instant now = time.wallTime();
            nurse.publish(TOPICS.pauseRequest("a"), "{\"requestId\":\"r-1\",\"expiresAt\":\""
                    + now.plusSeconds(30) + "\",\"requestedBy\":\"station 3\",\"reason\":\"patient agitated\"}", false);
            JsonNode accepted = JSON.readTree(nurse.await(r -> r.payload().contains("r-1"), WAIT).payload());
            assertEquals("accepted", accepted.get("result").asText());
            assertEquals("a", accepted.get("channel").asText());
            assertEquals(1, pauses.size());
            assertEquals("r-1", pauses.get(0).requestId());
            assertEquals("patient agitated", pauses.get(0).reason());

            nurse.publish(TOPICS.pauseRequest("a"), "{\"requestId\":\"r-2\",\"expiresAt\":\""
                    + now.minusSeconds(1) + "\"}", false);
            JsonNode expired = JSON.readTree(nurse.await(r -> r.payload().contains("r-2"), WAIT).payload());
            assertEquals("expired", expired.get("result").asText());

            nurse.publish(TOPICS.pauseRequest("a"), "{\"requestId\":\"r-3\",\"expiresAt\":\""
                    + now.plusSeconds(3600) + "\"}", false);
            JsonNode tooLong = JSON.readTree(nurse.await(r -> r.payload().contains("r-3"), WAIT).payload());
            assertEquals("invalid", tooLong.get("result").asText());
            assertTrue(tooLong.get("message").asText().contains("the limit is 60 s"), tooLong.toString());

            assertEquals(1, pauses.size(), "only the valid request reached the channel: " + pauses);
        }
    }

    @Test
    @DisplayName("pause topic off by default: requests are not even subscribed to")
    void pauseTopicIsOffByDefault() throws Exception {
        startLink(false);
        try (TestClient nurse = TestClient.connect(broker.url(), MosquittoBroker.NURSE, MosquittoBroker.NURSE_PASSWORD)
                .subscribe(TOPICS.root() + "/+/pause/response");
             TestClient gateway = TestClient.connect(broker.url(), MosquittoBroker.GATEWAY,
                     MosquittoBroker.GATEWAY_PASSWORD)) {
            nurse.publish(TOPICS.pauseRequest("a"), "{\"requestId\":\"r-9\",\"expiresAt\":\""
                    + time.wallTime().plusSeconds(30) + "\"}", false);
            // Vitals published afterwards travel the same link thread: once they arrive, the pause request
            // had its chance to be handled.
            gateway.publish(Fixtures.VITALS_A, "{\"sbp\":120}", false);
            assertTrue(vitalsA.poll(10, TimeUnit.SECONDS) != null);
            assertTrue(pauses.isEmpty(), "pause handled although the topic is off: " + pauses);
            assertTrue(nurse.all().isEmpty(), "no reply expected: " + nurse.all());
        }
    }
}
