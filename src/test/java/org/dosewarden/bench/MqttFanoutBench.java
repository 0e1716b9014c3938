package org.dosewarden.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.mqtt.BrokerLinkState;
import org.dosewarden.mqtt.ChannelEndpoint;
import org.dosewarden.mqtt.DashboardLink;
import org.dosewarden.mqtt.EventOutbox;
import org.dosewarden.mqtt.Fixtures;
import org.dosewarden.mqtt.LinkSettings;
import org.dosewarden.mqtt.MosquittoBroker;
import org.dosewarden.mqtt.StatusSnapshot;
import org.dosewarden.mqtt.TopicTree;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Status fan-out benchmark (issue 7): N channels publish their status at 1 Hz, evenly spread over each
 * second, through one {@link DashboardLink} to a real mosquitto on 127.0.0.1 and one Paho subscriber.
 * Latency is receive time minus the status {@code ts} (same machine clock); CPU is process CPU time over the
 * measured window (this JVM: link and subscriber together; mosquitto separately). The same rate and payload
 * size is then sent with {@code mosquitto_pub -l} to {@code mosquitto_sub} for a baseline. Bounded in time:
 * warmup + seconds per N, twice. Prints numbers; never passes or fails.
 */
public final class MqttFanoutBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MqttFanoutBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = List.of(100, 1000);
        int seconds = 20;
        int warmup = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--channels" -> counts = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --channels 100,1000 --seconds 20 --warmup 3)");
            }
        }
        Path dir = Files.createTempDirectory("mqtt-fanout-bench");
        try (MosquittoBroker broker = MosquittoBroker.start(dir, Fixtures.TOPICS.root())) {
            long brokerPid = brokerPid(broker);
            System.out.printf("MQTT status fan-out, mosquitto on 127.0.0.1:%d, QoS 1, %d s measured after %d s warmup%n",
                    broker.port(), seconds, warmup);
            System.out.printf("%-6s %-34s %9s %9s %9s %9s %10s %10s%n", "N", "path", "expected", "received",
                    "p50 ms", "p99 ms", "client CPU", "broker CPU");
            for (int n : counts) {
                Result link = viaLink(broker, brokerPid, n, seconds, warmup);
                System.out.printf("%-6d %-34s %9d %9d %9.2f %9.2f %9.1f%% %9.1f%%%n", n,
                        "DashboardLink->mosquitto->Paho", link.expected, link.received, link.p50, link.p99,
                        link.clientCpu, link.brokerCpu);
                Result raw = viaRawClients(broker, brokerPid, n, seconds, warmup, link.payloadBytes);
                System.out.printf("%-6d %-34s %9d %9d %9.2f %9.2f %9.1f%% %9.1f%%%n", n,
                        "mosquitto_pub->mosquitto->_sub", raw.expected, raw.received, raw.p50, raw.p99,
                        raw.clientCpu, raw.brokerCpu);
            }
            System.out.println("CPU is percent of one core over the measured window; client CPU is this JVM "
                    + "(link + subscriber) or mosquitto_pub + mosquitto_sub. Payload " + "~status size.");
        }
    }

    record Result(long expected, long received, double p50, double p99, double clientCpu, double brokerCpu,
                  int payloadBytes) {
    }

    private static Result viaLink(MosquittoBroker broker, long brokerPid, int n, int seconds, int warmup)
            throws Exception {
        TopicTree topics = Fixtures.TOPICS;
        List<ChannelEndpoint> channels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            channels.add(new ChannelEndpoint("c" + i, "Bed " + i, "ward/c" + i + "/vitals"));
        }
        // Heartbeat longer than the run: the 1 Hz changes are what is measured.
        LinkSettings settings = LinkSettings.defaults(broker.url(), "bench-" + n, MosquittoBroker.DAEMON,
                        MosquittoBroker.DAEMON_PASSWORD, topics, channels)
                .withTimings(Duration.ofHours(1), LinkSettings.DEFAULT_INITIAL_BACKOFF, LinkSettings.DEFAULT_MAX_BACKOFF);
        EventOutbox none = new EventOutbox() {
            @Override
            public Batch eventsAfter(long afterSeq, int max) {
                return Batch.empty(afterSeq);
            }

            @Override
            public long acknowledgedUpTo() {
                return 0;
            }

            @Override
            public void acknowledge(long seq) {
            }

            @Override
            public long newestSeq() {
                return 0;
            }
        };
        Latencies lat = new Latencies(n * (seconds + warmup + 2));
        AtomicInteger payloadBytes = new AtomicInteger();
        MqttAsyncClient sub = new MqttAsyncClient(broker.url(), "bench-sub-" + n, new MemoryPersistence());
        sub.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                long now = epochMicros(Instant.now());
                if (message.isRetained()) {
                    return;
                }
                payloadBytes.set(message.getPayload().length);
                String ts = JSON.readTree(message.getPayload()).get("ts").asText();
                lat.add(now - epochMicros(Instant.parse(ts)));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(MosquittoBroker.DASHBOARD);
        o.setPassword(MosquittoBroker.DASHBOARD_PASSWORD.toCharArray());
        o.setMaxInflight(65_000);
        sub.connect(o).waitForCompletion(10_000);
        sub.subscribe(topics.root() + "/+/status", 1).waitForCompletion(10_000);

        DashboardLink link = new DashboardLink(settings, TimeSource.system(), none);
        link.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (link.state() != BrokerLinkState.CONNECTED && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        Cpu cpu = new Cpu(brokerPid, List.of(ProcessHandle.current().pid()));
        long start = System.nanoTime();
        long total = (long) (seconds + warmup) * n;
        long stepNanos = TimeUnit.SECONDS.toNanos(1) / n;
        for (long k = 0; k < total; k++) {
            if (k == (long) warmup * n) {
                lat.reset();
                cpu.begin();
            }
            long due = start + k * stepNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int ch = (int) (k % n);
            long second = k / n;
            link.publishStatus("c" + ch, Fixtures.running(second + 1, Instant.now()));
        }
        cpu.end();
        drain(lat, (long) seconds * n);
        Result r = lat.result((long) seconds * n, cpu, payloadBytes.get());
        link.close();
        sub.disconnect().waitForCompletion(5000);
        sub.close();
        return r;
    }

    private static Result viaRawClients(MosquittoBroker broker, long brokerPid, int n, int seconds, int warmup,
            int payloadBytes) throws Exception {
        String topic = "bench/raw";
        Process subProc = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-u", MosquittoBroker.DAEMON, "-P", MosquittoBroker.DAEMON_PASSWORD, "-q", "1", "-t",
                Fixtures.TOPICS.root() + "/" + topic).redirectErrorStream(true).start();
        Process pubProc = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-u", MosquittoBroker.DAEMON, "-P", MosquittoBroker.DAEMON_PASSWORD, "-q", "1", "-l", "-t",
                Fixtures.TOPICS.root() + "/" + topic).redirectErrorStream(true).start();
        Latencies lat = new Latencies(n * (seconds + warmup + 2));
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(subProc.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    long now = epochMicros(Instant.now());
                    int sp = line.indexOf(' ');
                    if (sp > 0) {
                        lat.add(now - Long.parseLong(line.substring(0, sp)));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // subscriber ended
            }
        }, "bench-raw-sub");
        reader.setDaemon(true);
        reader.start();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)); // let mosquitto_sub subscribe
        String pad = "x".repeat(Math.max(1, payloadBytes - 20));
        Cpu cpu = new Cpu(brokerPid, List.of(subProc.pid(), pubProc.pid()));
        try (Writer out = new OutputStreamWriter(pubProc.getOutputStream(), StandardCharsets.UTF_8)) {
            long start = System.nanoTime();
            long total = (long) (seconds + warmup) * n;
            long stepNanos = TimeUnit.SECONDS.toNanos(1) / n;
            for (long k = 0; k < total; k++) {
                if (k == (long) warmup * n) {
                    lat.reset();
                    cpu.begin();
                }
                long wait = start + k * stepNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                out.write(epochMicros(Instant.now()) + " " + pad + "\n");
                out.flush();
            }
            cpu.end();
        }
        drain(lat, (long) seconds * n);
        Result r = lat.result((long) seconds * n, cpu, payloadBytes);
        pubProc.waitFor(5, TimeUnit.SECONDS);
        subProc.destroy();
        pubProc.destroy();
        return r;
    }

    /** Waits (at most 5 s) until the subscriber received everything expected. */
    private static void drain(Latencies lat, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (lat.count() < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static long epochMicros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    private static long brokerPid(MosquittoBroker broker) throws IOException {
        // the broker is the mosquitto process listening on our port: find it among our children
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("mosquitto")).orElse(false))
                .findFirst().orElseThrow(() -> new IOException("mosquitto process not found")).pid();
    }

    /** Latency samples in microseconds. */
    private static final class Latencies {
        private final long[] samples;
        private int n;

        Latencies(int capacity) {
            samples = new long[capacity];
        }

        synchronized void add(long micros) {
            if (n < samples.length) {
                samples[n++] = micros;
            }
        }

        synchronized void reset() {
            n = 0;
        }

        synchronized int count() {
            return n;
        }

        synchronized Result result(long expected, Cpu cpu, int payloadBytes) {
            long[] s = Arrays.copyOf(samples, n);
            Arrays.sort(s);
            double p50 = s.length == 0 ? Double.NaN : s[(int) Math.min(s.length - 1, Math.floor(s.length * 0.50))] / 1000.0;
            double p99 = s.length == 0 ? Double.NaN : s[(int) Math.min(s.length - 1, Math.floor(s.length * 0.99))] / 1000.0;
            return new Result(expected, n, p50, p99, cpu.clientPercent(), cpu.brokerPercent(), payloadBytes);
        }
    }

    /** CPU time of the broker and of the client processes over a window, from /proc/<pid>/stat. */
    private static final class Cpu {
        private final long broker;
        private final List<Long> clients;
        private long wallStart;
        private long wallEnd;
        private long brokerStart;
        private long brokerEnd;
        private long clientsStart;
        private long clientsEnd;

        Cpu(long broker, List<Long> clients) {
            this.broker = broker;
            this.clients = clients;
        }

        void begin() {
            wallStart = System.nanoTime();
            brokerStart = ticks(broker);
            clientsStart = clients.stream().mapToLong(Cpu::ticks).sum();
        }

        void end() {
            wallEnd = System.nanoTime();
            brokerEnd = ticks(broker);
            clientsEnd = clients.stream().mapToLong(Cpu::ticks).sum();
        }

        double brokerPercent() {
            return percent(brokerEnd - brokerStart);
        }

        double clientPercent() {
            return percent(clientsEnd - clientsStart);
        }

        private double percent(long ticks) {
            double seconds = (wallEnd - wallStart) / 1e9;
            return seconds <= 0 ? Double.NaN : 100.0 * ticks / 100.0 / seconds; // USER_HZ = 100 on Linux
        }

        private static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }
}
