package org.dosewarden.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.mqtt.ChannelEndpoint;
import org.dosewarden.mqtt.DashboardLink;
import org.dosewarden.mqtt.EventOutbox;
import org.dosewarden.mqtt.InMemoryOutbox;
import org.dosewarden.mqtt.LinkSettings;
import org.dosewarden.mqtt.Quantity;
import org.dosewarden.mqtt.StatusSnapshot;
import org.dosewarden.mqtt.TopicTree;
import org.dosewarden.testing.Browser;
import org.dosewarden.testing.DaemonProcess;
import org.dosewarden.testing.SiteBroker;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Ward page benchmark (issue 12): D simulated devices with C channels each (default 50 x 10 = 500) publish every
 * channel's status at 1 Hz, spread over each second, each device through its own {@link DashboardLink} (the
 * daemon's publisher) to a real Mosquitto; the ward page, served by a real daemon and signed in as the ward
 * screen, reads them over WebSocket in headless Chromium. The page stamps each status when an animation frame has
 * written it into a tile on screen ({@code ?stamp=1}); latency is that time minus the status {@code ts} (one machine,
 * one clock). The page draws only tiles on screen: statuses for tiles off screen are counted apart and appear in
 * publish-to-page (the message handed to the page's script). Also the page's JS heap after a GC. Bounded: warm-up + measured seconds. Prints numbers;
 * never passes or fails.
 */
public final class WardBench {

    private WardBench() {
    }

    public static void main(String[] args) throws Exception {
        int devices = 50;
        int perDevice = 10;
        int seconds = 60;
        int warmup = 20;
        int slowdown = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--devices" -> devices = Integer.parseInt(args[++i]);
                case "--channels-per-device" -> perDevice = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--cpu-slowdown" -> slowdown = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--devices N --channels-per-device N --seconds N --warmup N --cpu-slowdown N)");
            }
        }
        Path dir = Files.createTempDirectory("dosewarden-ward-bench-");
        List<String> names = new ArrayList<>();
        for (int d = 1; d <= devices; d++) {
            names.add("sim" + d);
        }
        List<String> accounts = new ArrayList<>(names);
        accounts.add("host");
        System.out.printf("ward bench: %d devices x %d channels at 1 Hz, %d s warm-up, %d s measured, page CPU slowed "
                + "%dx; work in %s%n", devices, perDevice, warmup, seconds, slowdown, dir);
        try (SiteBroker broker = SiteBroker.start(dir, accounts);
             DaemonProcess host = DaemonProcess.start(List.of("dosewarden.data-dir=" + dir.resolve("host"),
                     "dosewarden.site=" + SiteBroker.SITE, "dosewarden.device-id=host",
                     "dosewarden.mqtt.url=" + broker.url(), "dosewarden.mqtt.username=host",
                     "dosewarden.mqtt.password=" + SiteBroker.boxPassword("host"),
                     "dosewarden.ward.broker-url=" + broker.webSocketUrl()), dir.resolve("host.log"))) {
            List<DashboardLink> links = new ArrayList<>();
            EventOutbox none = new InMemoryOutbox();
            for (String name : names) {
                List<ChannelEndpoint> channels = new ArrayList<>();
                for (int c = 0; c < perDevice; c++) {
                    channels.add(new ChannelEndpoint("c" + c, name + "-bed-" + c, "ward/" + name + "-" + c + "/vitals"));
                }
                LinkSettings settings = LinkSettings.defaults(broker.url(), "bench-" + name, name,
                                SiteBroker.boxPassword(name), TopicTree.of(TopicTree.DEFAULT_ROOT_TEMPLATE,
                                        SiteBroker.SITE, name), channels)
                        .withTimings(Duration.ofHours(1), LinkSettings.DEFAULT_INITIAL_BACKOFF,
                                LinkSettings.DEFAULT_MAX_BACKOFF);
                DashboardLink link = new DashboardLink(settings, TimeSource.system(), none);
                link.start();
                links.add(link);
            }
            awaitUp(host);
            // Baseline beside the page: the same statuses to a plain MQTT subscriber (Paho, TCP, no browser).
            java.util.concurrent.ConcurrentLinkedQueue<Long> tcpLatency = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.concurrent.atomic.AtomicBoolean measuring = new java.util.concurrent.atomic.AtomicBoolean();
            org.eclipse.paho.client.mqttv3.MqttClient baseline = new org.eclipse.paho.client.mqttv3.MqttClient(
                    broker.url(), "bench-baseline", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            org.eclipse.paho.client.mqttv3.MqttConnectOptions bo = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
            bo.setUserName(SiteBroker.WARD);
            bo.setPassword(SiteBroker.WARD_PASSWORD.toCharArray());
            baseline.connect(bo);
            java.util.regex.Pattern tsField = java.util.regex.Pattern.compile("\"ts\":\"([^\"]+)\"");
            baseline.subscribe("dosewarden/clinic/+/+/status", 1, (t, m) -> {
                if (measuring.get()) {
                    var matcher = tsField.matcher(new String(m.getPayload(), StandardCharsets.UTF_8));
                    if (matcher.find()) {
                        tcpLatency.add(System.currentTimeMillis() - Instant.parse(matcher.group(1)).toEpochMilli());
                    }
                }
            });
            try (Browser page = Browser.start("ward-bench", 1920, 1080)) {
                page.open(host.baseUri() + "/ward?stamp=1");
                if (slowdown > 1) {
                    // Chromium's own CPU throttling (DevTools): a slower wall-screen PC, the same on a busy machine.
                    ((org.openqa.selenium.chromium.HasCdp) page.driver()).executeCdpCommand(
                            "Emulation.setCPUThrottlingRate", java.util.Map.of("rate", slowdown));
                }
                page.waitUntil("sign-in form", Duration.ofSeconds(30),
                        d -> d.findElement(By.id("signin")).isDisplayed());
                page.driver().findElement(By.id("account-user")).sendKeys(SiteBroker.WARD);
                page.driver().findElement(By.id("account-password")).sendKeys(SiteBroker.WARD_PASSWORD, Keys.ENTER);

                int total = devices * perDevice;
                long periodNanos = 1_000_000_000L / total;
                long start = System.nanoTime();
                long end = start + TimeUnit.SECONDS.toNanos(warmup + seconds);
                long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
                boolean drained = false;
                long seq = 1;
                long next = start;
                int k = 0;
                while (next < end) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    if (!drained && System.nanoTime() >= measureFrom) {
                        page.js("window.__ward.stamps.length = 0; window.__ward.received.length = 0;"
                                + "window.__ward.cost = {messages: 0, messageMs: 0, frames: 0, frameMs: 0, offScreen: 0, "
                                + "superseded: 0};");
                        measuring.set(true);
                        drained = true;
                    }
                    int d = k % devices;
                    int c = (k / devices) % perDevice;
                    links.get(d).publishStatus("c" + c, status(names.get(d) + "-bed-" + c, seq++, Instant.now()));
                    k++;
                    next += periodNanos;
                }
                Thread.sleep(2000);
                @SuppressWarnings("unchecked")
                List<Number> stamps = (List<Number>) page.js("const s = window.__ward.stamps.slice(); "
                        + "window.__ward.stamps.length = 0; return s;");
                @SuppressWarnings("unchecked")
                List<Number> received = (List<Number>) page.js("const s = window.__ward.received.slice(); "
                        + "window.__ward.received.length = 0; return s;");
                double[] rx = received.stream().mapToDouble(Number::doubleValue).sorted().toArray();
                long tiles = (Long) page.js("return document.querySelectorAll('li.tile').length;");
                @SuppressWarnings("unchecked")
                java.util.Map<String, Number> cost = (java.util.Map<String, Number>) page.js("return window.__ward.cost;");
                System.out.printf("page script time: %.0f ms/s reading %d messages (%.2f ms each), %.0f ms/s drawing %d "
                        + "frames%n", cost.get("messageMs").doubleValue() / seconds, cost.get("messages").longValue(),
                        cost.get("messageMs").doubleValue() / Math.max(1, cost.get("messages").longValue()),
                        cost.get("frameMs").doubleValue() / seconds, cost.get("frames").longValue());
                long heap = page.jsHeapUsedBytes();
                double[] ms = stamps.stream().mapToDouble(Number::doubleValue).sorted().toArray();
                System.out.printf("ward page: %d tiles, %d statuses drawn on screen in %d s (%.0f/s)%n", tiles, ms.length,
                        seconds,
                        ms.length / (double) seconds);
                System.out.printf("statuses not stamped: %d for tiles off screen (kept in the page's model, in "
                        + "publish-to-page below, drawn when the tile comes into view), %d superseded by a newer one "
                        + "for the same tile before the next frame%n", cost.get("offScreen").longValue(),
                        cost.get("superseded").longValue());
                System.out.printf("publish-to-screen latency (tiles on screen): p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms "
                        + "(goal p95 <= 200 ms)%n", pct(ms, 50), pct(ms, 95), pct(ms, 99),
                        ms.length == 0 ? Double.NaN : ms[ms.length - 1]);
                System.out.printf("publish-to-page (message handed to the page's script): p50 %.0f ms, p95 %.0f ms, "
                        + "p99 %.0f ms over %d statuses%n", pct(rx, 50), pct(rx, 95), pct(rx, 99), rx.length);
                double[] tcp = tcpLatency.stream().mapToDouble(Long::doubleValue).sorted().toArray();
                System.out.printf("baseline, same statuses to a Paho subscriber over TCP: p50 %.0f ms, p95 %.0f ms, "
                        + "p99 %.0f ms over %d statuses%n", pct(tcp, 50), pct(tcp, 95), pct(tcp, 99), tcp.length);
                baseline.disconnect();
                System.out.printf("page JS heap in use after GC: %.1f MB (goal <= 100 MB)%n", heap / 1e6);
                Files.writeString(dir.resolve("latencies-ms.txt"), Arrays.toString(ms), StandardCharsets.UTF_8);
                page.screenshot("500-channels");
            } finally {
                for (DashboardLink l : links) {
                    l.close();
                }
            }
        }
    }

    private static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void awaitUp(DaemonProcess host) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(host.baseUri() + "/health"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the page's daemon did not start: " + host.logTail(30));
    }

    /** A running channel's status with every field a ward tile shows. */
    static StatusSnapshot status(String bed, long seq, Instant ts) {
        BigDecimal delivered = BigDecimal.valueOf(seq % 35_000, 3);
        return new StatusSnapshot(ts, seq, "RUNNING", "ketamine-psych", bed, new BigDecimal("52.5"),
                Quantity.of("52.5", "mg/h"), delivered, Quantity.of(delivered.toPlainString(), "mg"),
                Quantity.of("35", "mg"), 1, ts.minusSeconds(600), ts.plusSeconds(1800), "CONNECTED", 0,
                new BigDecimal("35"), new BigDecimal("35").subtract(delivered), 1800L,
                delivered.multiply(BigDecimal.valueOf(100)).divide(new BigDecimal("35"), 1, java.math.RoundingMode.FLOOR),
                Quantity.of("1", "mg/mL"), Quantity.of("70", "kg"), false,
                new StatusSnapshot.Vitals(124, 78, 72, 98, 14, ts.minusSeconds(3), 3, List.of()));
    }
}
