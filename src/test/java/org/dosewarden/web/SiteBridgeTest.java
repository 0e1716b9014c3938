package org.dosewarden.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.dosewarden.testing.DaemonProcess;
import org.dosewarden.testing.LiveChannel;
import org.dosewarden.testing.Ports;
import org.dosewarden.testing.SiteBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge configuration of docs/site.md, taken from the page itself: a box's local Mosquitto bridged to the
 * site broker (with the site ACL) carries the box's retained documents out, and pause requests and the bed's
 * vitals in, and does not send a pause request back out.
 */
class SiteBridgeTest {

    @TempDir
    Path dir;

    /** The lines between the bridge-begin and bridge-end markers of docs/site.md. */
    static List<String> documentedBridge() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs", "site.md"));
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("(bridge-begin)")) {
                from = i + 1;
            } else if (lines.get(i).contains("(bridge-end)")) {
                to = i;
            }
        }
        assertTrue(from > 0 && to > from, "docs/site.md has no bridge-begin/bridge-end block");
        return lines.subList(from, to);
    }

    @Test
    @DisplayName("docs/site.md's bridge: status, alarms, health and availability (retained) reach the site broker; "
            + "pause requests and the bed's vitals reach the box; a pause request is not echoed back out")
    void documentedBridgeWorks() throws Exception {
        try (SiteBroker site = SiteBroker.start(dir.resolve("site"), List.of("dw7"))) {
            int localPort = Ports.free();
            Path local = Files.createDirectories(dir.resolve("local"));
            StringBuilder conf = new StringBuilder("user root\nlistener " + localPort + " 127.0.0.1\n"
                    + "allow_anonymous true\npersistence false\nlog_dest stderr\n");
            for (String line : documentedBridge()) {
                if (line.startsWith("address ")) {
                    conf.append("address 127.0.0.1:").append(site.port()).append('\n');
                } else if (!line.startsWith("bridge_cafile")) {
                    conf.append(line.replace("dw7-broker-secret", SiteBroker.boxPassword("dw7"))).append('\n');
                }
            }
            Files.writeString(local.resolve("mosquitto.conf"), conf);
            Process mosquitto = new ProcessBuilder("mosquitto", "-c", local.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(local.resolve("mosquitto.log").toFile()).start();
            try {
                awaitPort(localPort);
                MqttClient box = client("tcp://127.0.0.1:" + localPort, "box", null, null);
                MqttClient ward = client(site.url(), "ward", SiteBroker.WARD, SiteBroker.WARD_PASSWORD);
                MqttClient station = client(site.url(), "station", SiteBroker.STATION, SiteBroker.STATION_PASSWORD);
                MqttClient gateway = client(site.url(), "gateway", SiteBroker.GATEWAY, SiteBroker.GATEWAY_PASSWORD);
                Map<String, String> atSite = new ConcurrentHashMap<>();
                Map<String, Integer> pauseRequestsAtSite = new ConcurrentHashMap<>();
                Map<String, String> atBox = new ConcurrentHashMap<>();
                station.subscribe("dosewarden/clinic/#", 1, (t, m) -> {
                    if (t.endsWith("/pause/request")) {
                        pauseRequestsAtSite.merge(t, 1, Integer::sum);
                    }
                });
                box.subscribe(new String[] {"dosewarden/clinic/dw7/+/pause/request", "ward/bay-13/vitals"},
                        new int[] {1, 1}, new org.eclipse.paho.client.mqttv3.IMqttMessageListener[] {
                                (t, m) -> atBox.put(t, text(m)), (t, m) -> atBox.put(t, text(m))});
                // Bridge up: what the box publishes as retained reaches a ward screen that subscribes later.
                LiveChannel.waitFor(() -> {
                    try {
                        box.publish("dosewarden/clinic/dw7/a/status", "{\"state\":\"RUNNING\"}".getBytes(StandardCharsets.UTF_8), 1, true);
                        box.publish("dosewarden/clinic/dw7/availability", "online".getBytes(StandardCharsets.UTF_8), 1, true);
                        box.publish("dosewarden/clinic/dw7/health", "{\"journalSeq\":9}".getBytes(StandardCharsets.UTF_8), 1, true);
                        box.publish("dosewarden/clinic/dw7/a/alarms", "[]".getBytes(StandardCharsets.UTF_8), 1, true);
                        TimeUnit.MILLISECONDS.sleep(300);
                        MqttClient late = client(site.url(), "late", SiteBroker.WARD, SiteBroker.WARD_PASSWORD);
                        late.subscribe("dosewarden/clinic/dw7/#", 1, (t, m) -> atSite.put(t, text(m)));
                        TimeUnit.MILLISECONDS.sleep(500);
                        late.disconnect();
                        return atSite.size() >= 4;
                    } catch (Exception e) {
                        return false;
                    }
                }, Duration.ofSeconds(30), "the box's retained documents at the site broker");
                assertEquals("{\"state\":\"RUNNING\"}", atSite.get("dosewarden/clinic/dw7/a/status"));
                assertEquals("online", atSite.get("dosewarden/clinic/dw7/availability"));
                assertEquals("{\"journalSeq\":9}", atSite.get("dosewarden/clinic/dw7/health"));

                station.publish("dosewarden/clinic/dw7/a/pause/request",
                        "{\"requestId\":\"r-1\"}".getBytes(StandardCharsets.UTF_8), 1, false);
                gateway.publish("ward/bay-13/vitals", "{\"hr\":72}".getBytes(StandardCharsets.UTF_8), 1, false);
                LiveChannel.waitFor(() -> atBox.size() == 2, Duration.ofSeconds(10), "pause request and vitals at the box");
                assertEquals("{\"requestId\":\"r-1\"}", atBox.get("dosewarden/clinic/dw7/a/pause/request"));
                TimeUnit.SECONDS.sleep(2);
                assertEquals(1, pauseRequestsAtSite.get("dosewarden/clinic/dw7/a/pause/request"),
                        "the pause request came back out of the bridge");
                // The ward account cannot write a box's tree at the site broker (ACL): nothing reaches the box.
                ward.publish("dosewarden/clinic/dw7/b/pause/request", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
                TimeUnit.SECONDS.sleep(2);
                assertTrue(!atBox.containsKey("dosewarden/clinic/dw7/b/pause/request"));
                for (MqttClient c : List.of(box, ward, station, gateway)) {
                    c.disconnect();
                }
            } finally {
                mosquitto.destroy();
                mosquitto.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String text(MqttMessage m) {
        return new String(m.getPayload(), StandardCharsets.UTF_8);
    }

    private static MqttClient client(String url, String id, String user, String password) throws Exception {
        MqttClient c = new MqttClient(url, id + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        c.connect(o);
        return c;
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new IllegalStateException("local mosquitto did not listen on " + port);
    }
}
