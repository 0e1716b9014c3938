package org.dosewarden.mqtt;

import static org.dosewarden.mqtt.Fixtures.TOPICS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dosewarden.clock.ManualTimeSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Availability: {@code offline} via the Last Will when the daemon dies, and on a clean shutdown. */
@org.junit.jupiter.api.Timeout(180)
class LastWillTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    @DisplayName("SR-D4: a SIGKILLed daemon is marked offline (retained) by its Last Will")
    void sigkilledDaemonIsMarkedOfflineByLastWill() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir, TOPICS.root());
             TestClient dash = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                     MosquittoBroker.DASHBOARD_PASSWORD).subscribe(TOPICS.availability())) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process daemon = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    DaemonStandInMain.class.getName(), broker.url(), MosquittoBroker.DAEMON,
                    MosquittoBroker.DAEMON_PASSWORD, Fixtures.SITE, Fixtures.DEVICE)
                    .redirectErrorStream(true)
                    .start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                        StandardCharsets.UTF_8));
                CompletableFuture<Boolean> connected = CompletableFuture.supplyAsync(() -> {
                    try {
                        String line;
                        while ((line = out.readLine()) != null) {
                            if (line.equals("CONNECTED")) {
                                return true;
                            }
                        }
                        return false;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
                assertTrue(connected.get(30, TimeUnit.SECONDS), "stand-in daemon did not connect");
                dash.await(r -> r.payload().equals("online"), WAIT);

                daemon.destroyForcibly(); // SIGKILL: no shutdown hook, no clean disconnect
                assertTrue(daemon.waitFor(10, TimeUnit.SECONDS));
                assertEquals(137, daemon.exitValue(), "killed by SIGKILL");

                TestClient.Received offline = dash.await(r -> r.payload().equals("offline"), WAIT);
                assertEquals(TOPICS.availability(), offline.topic());
            } finally {
                daemon.destroyForcibly();
            }
            try (TestClient late = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                    MosquittoBroker.DASHBOARD_PASSWORD).subscribe(TOPICS.availability())) {
                TestClient.Received retained = late.await(TOPICS.availability(), WAIT);
                assertTrue(retained.retained());
                assertEquals("offline", retained.payload());
            }
        }
    }

    @Test
    @DisplayName("a clean shutdown publishes offline itself (the Last Will does not fire on a clean disconnect)")
    void cleanShutdownPublishesOffline() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir, TOPICS.root());
             TestClient dash = TestClient.connect(broker.url(), MosquittoBroker.DASHBOARD,
                     MosquittoBroker.DASHBOARD_PASSWORD).subscribe(TOPICS.availability())) {
            DashboardLink link = new DashboardLink(Fixtures.settings(broker.url()), new ManualTimeSource(),
                    new InMemoryOutbox());
            link.start();
            dash.await(r -> r.payload().equals("online"), WAIT);
            link.close();
            assertEquals(BrokerLinkState.CLOSED, link.state());
            dash.await(r -> r.payload().equals("offline"), WAIT);
            List<String> payloads = dash.all().stream().map(TestClient.Received::payload).toList();
            assertEquals(List.of("online", "offline"), payloads);
        }
    }
}
