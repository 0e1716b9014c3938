package org.dosewarden.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dosewarden.channel.BenchChannels;
import org.dosewarden.channel.ChannelLinkState;
import org.dosewarden.channel.ChannelSettings;
import org.dosewarden.channel.ChannelSupervisor;
import org.dosewarden.channel.ClinicianIntent;
import org.dosewarden.channel.ClinicianIntent.ClinicianAction;
import org.dosewarden.channel.EventJson;
import org.dosewarden.channel.IntentResult;
import org.dosewarden.channel.LatenessStats;
import org.dosewarden.channel.ProgramOrder;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalReader;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.pump.profile.DeviceProfile;
import org.dosewarden.pump.profile.DeviceProfiles;
import org.dosewarden.safety.Event;
import org.dosewarden.sim.SimTransport;
import org.dosewarden.sim.SimulatedPump;

/**
 * CPU and memory of many simulated channels polled at 4 Hz (issue 5, "CPU and RSS for 32 simulated channels
 * polled at 4 Hz for 5 minutes").
 *
 * <p><b>Default: the real daemon.</b> {@code java -jar target/dosewarden-0.1.0-SNAPSHOT.jar serve} as its own
 * process with 32 {@code sim:} channels (profile {@code sim-ne1000}, BD 60 mL syringe, default 250 ms poll and
 * safe-mode watchdog) configured by {@code --dosewarden.channels.cNN.*} properties, its data directory in a
 * temporary directory, HTTP (and MQTT, when the build has it) on free ports of 127.0.0.1. Every few seconds the
 * bench reads the process's CPU time from {@code /proc/PID/stat} and its RSS from {@code /proc/PID/status}.
 * {@code --running K} (default 8) of the channels run a ketamine infusion (protocol depression-standard,
 * 52.5 mL/h) programmed and started by a clinician user over the HTTP API, with the daemon's simulated bedside
 * monitor ({@code simulated-vitals}) reporting every 10 s; the others are idle: they poll and heartbeat, and
 * journal a poll about once a minute (a poll that says nothing new is held back). Loop lateness is not exported
 * by the daemon, so it is estimated afterwards from the journal of the infusing channels: every poll of a
 * running infusion is journaled with the monotonic time it was taken, and an interval between two consecutive
 * readings of a channel longer than the poll period is the later cycle's lateness (within the few
 * microseconds a poll's three pump exchanges vary).
 *
 * <p><b>{@code --in-jvm}: the channel part of the daemon in this JVM</b> (no HTTP server): the same
 * supervisors, drivers, simulators and journal, each channel on its own thread on real time; {@code --running K}
 * of them run a ketamine infusion (35 mL/h) with a vitals reading posted every 5 s, as a monitor would. The
 * supervisors' own lateness statistics are printed.
 *
 * <pre>
 * java -cp ... org.dosewarden.bench.Channels32Bench [--minutes M] [--channels N] [--running K]
 *      [--sample-seconds S] [--jar PATH] [--java-opt OPT]... [--in-jvm]
 * </pre>
 */
public final class Channels32Bench {

    private static final Duration POLL = ChannelSettings.DEFAULT_POLL_PERIOD;
    private static final Duration WARM_UP = Duration.ofSeconds(10);

    private Channels32Bench() {
    }

    private record Options(double minutes, int channels, int sampleSeconds, boolean inJvm, int running, Path jar,
                           List<String> javaOptions) {
    }

    public static void main(String[] args) throws Exception {
        double minutes = 5;
        int channels = 32;
        int sampleSeconds = 5;
        boolean inJvm = false;
        int running = 8;
        Path jar = Path.of("target", "dosewarden-0.1.0-SNAPSHOT.jar");
        List<String> javaOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--quick" -> minutes = 0.5;
                case "--channels" -> channels = Integer.parseInt(args[++i]);
                case "--sample-seconds" -> sampleSeconds = Integer.parseInt(args[++i]);
                case "--in-jvm" -> inJvm = true;
                case "--running" -> running = Integer.parseInt(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--java-opt" -> javaOptions.add(args[++i]);
                case "--help", "-h" -> {
                    System.out.println("Channels32Bench [--minutes M (default 5)] [--quick (0.5)] [--channels N (32)] "
                            + "[--running K (8)] [--sample-seconds S (5)] [--jar PATH] [--java-opt OPT]... [--in-jvm]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (known: --minutes M, "
                        + "--quick, --channels N, --sample-seconds S, --jar PATH, --java-opt OPT, --in-jvm, --running K)");
            }
        }
        if (!(minutes > 0 && minutes <= 120)) {
            throw new IllegalArgumentException("--minutes must be above 0 and at most 120, not " + minutes);
        }
        if (channels < 1 || channels > 99) {
            throw new IllegalArgumentException("--channels must be 1..99, not " + channels);
        }
        if (sampleSeconds < 1 || sampleSeconds > 60) {
            throw new IllegalArgumentException("--sample-seconds must be 1..60, not " + sampleSeconds);
        }
        if (running < 0 || running > channels) {
            throw new IllegalArgumentException("--running must be 0.." + channels + ", not " + running);
        }
        Options o = new Options(minutes, channels, sampleSeconds, inJvm, running, jar, javaOptions);
        if (inJvm) {
            inJvm(o);
        } else {
            daemon(o);
        }
    }

    private static String channelName(int i) {
        return String.format(Locale.ROOT, "c%02d", i);
    }

    // ---- the real daemon --------------------------------------------------------------------------------

    private static void daemon(Options o) throws Exception {
        if (!Files.isRegularFile(o.jar())) {
            throw new IllegalArgumentException("no daemon jar at " + o.jar() + "; build it (mvn package) or give --jar");
        }
        Path dir = Files.createTempDirectory("dosewarden-channels32-");
        Path dataDir = dir.resolve("data");
        Path log = dir.resolve("daemon.log");
        int httpPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(o.javaOptions());
        command.addAll(List.of("-jar", o.jar().toString(), "serve", "--dosewarden.data-dir=" + dataDir,
                "--micronaut.server.host=127.0.0.1", "--micronaut.server.port=" + httpPort,
                // Builds with the MQTT module start an embedded broker: keep it off the well-known ports.
                "--dosewarden.mqtt.embedded.port=" + freePort(),
                "--dosewarden.mqtt.embedded.websocket-port=" + freePort()));
        for (int i = 1; i <= o.channels(); i++) {
            String key = "--dosewarden.channels." + channelName(i) + ".";
            command.add(key + "profile=sim-ne1000");
            command.add(key + "port=sim:pump-" + channelName(i));
            command.add(key + "syringe=bd-plastic-60ml");
            command.add(key + "simulator-power-up-alarm=false");
            if (i <= o.running()) {
                // the daemon's simulated bedside monitor: vitals every 10 s, so the vitals gate passes
                command.add(key + "simulated-vitals=true");
            }
        }
        // A clinician who programs and starts the running channels over the HTTP API; a fresh password per run.
        String password = java.util.UUID.randomUUID().toString();
        command.add("--dosewarden.users." + NURSE + ".password-hash=" + org.dosewarden.api.security.PasswordHash
                .create(password.toCharArray(), org.dosewarden.api.security.PasswordHash.MIN_ITERATIONS,
                        new java.security.SecureRandom()).encode());
        command.add("--dosewarden.users." + NURSE + ".roles=clinician");
        System.out.printf(Locale.ROOT, "channels bench (real daemon): %d sim: channels polled every %d ms, %d of them "
                        + "running a ketamine infusion started over the HTTP API, %.1f min measured after %d s warm-up, "
                        + "sampling every %d s; data dir %s (%s); load %s%n", o.channels(), POLL.toMillis(), o.running(),
                o.minutes(), WARM_UP.toSeconds(), o.sampleSeconds(), dataDir,
                SupervisionBenchSupport.fileSystemOf(dir), SupervisionBenchSupport.loadAverage());
        System.out.println("daemon: " + String.join(" ", command.subList(0, Math.min(command.size(), 12))) + " ... ("
                + (command.size() - 12) + " more properties); log " + log);
        Process daemon = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant windowStart;
        Instant windowEnd;
        try {
            waitForHealth(daemon, httpPort, log);
            Api api = new Api(httpPort, password);
            for (int i = 1; i <= o.running(); i++) {
                api.programAndStart(channelName(i), i);
            }
            Thread.sleep(WARM_UP.toMillis());
            windowStart = Instant.now();
            Samples samples = sample(daemon.pid(), o, daemon::isAlive);
            windowEnd = Instant.now();
            samples.print("daemon process " + daemon.pid());
            List<String> states = new ArrayList<>();
            for (int i = 1; i <= o.channels(); i++) {
                states.add(api.infusionState(channelName(i)));
            }
            System.out.println("infusion states at the end: " + states.stream().collect(
                    java.util.stream.Collectors.groupingBy(x -> x, java.util.TreeMap::new,
                            java.util.stream.Collectors.counting())));
        } finally {
            stop(daemon);
        }
        journalLateness(dataDir, o.channels(), o.running(), windowStart, windowEnd);
        Path kept = Path.of("target", "bench", "channels32-daemon.log");
        Files.createDirectories(kept.getParent());
        Files.copy(log, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        printErrors(kept);
        SupervisionBenchSupport.deleteTree(dir);
    }

    static final String NURSE = "bench-nurse";

    /** The daemon's HTTP API as the bench's clinician. */
    static final class Api {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final String authorization;

        Api(int port, String password) {
            this.base = "http://127.0.0.1:" + port;
            this.authorization = "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((NURSE + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        /** Protocol depression-standard (0.5 mg/kg over 40 min, 70 kg, 1 mg/mL: 52.5 mL/h), then start. */
        void programAndStart(String channel, int patient) throws Exception {
            String prescription = String.format(Locale.ROOT, "{\"patientId\":\"P-BENCH-%02d\",\"weight\":{\"value\":70,"
                    + "\"unit\":\"kg\"},\"drug\":\"ketamine-psych\",\"careArea\":\"psychiatry\",\"concentration\":"
                    + "{\"value\":1,\"unit\":\"mg/mL\"},\"prescriber\":\"dr-bench\",\"dose\":{\"value\":0.5,"
                    + "\"unit\":\"mg/kg\"},\"duration\":\"PT40M\"}", patient);
            call("PUT", "/api/channels/" + channel + "/program", prescription);
            // the simulated monitor reports within 10 s of the channel's start; retry the start until it has
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                HttpResponse<String> r = send("POST", "/api/channels/" + channel + "/start", "{}");
                if (r.statusCode() == 200) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("start of " + channel + " refused: " + r.statusCode() + " " + r.body());
                }
                Thread.sleep(1000);
            }
        }

        String infusionState(String channel) throws Exception {
            String body = call("GET", "/api/channels/" + channel, null);
            int at = body.indexOf("\"infusionState\":\"");
            return at < 0 ? "?" : body.substring(at + 17, body.indexOf('"', at + 17));
        }

        private String call(String method, String path, String json) throws Exception {
            HttpResponse<String> r = send(method, path, json);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        }

        private HttpResponse<String> send(String method, String path, String json) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization);
            if (json == null) {
                b.GET();
            } else {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void waitForHealth(Process daemon, int port, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new IllegalStateException("the daemon exited with " + daemon.exitValue() + " during start-up; "
                        + "its log:\n" + tail(log, 40));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    System.out.println("daemon healthy: " + r.body());
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the daemon did not report healthy within 3 minutes; its log:\n" + tail(log, 40));
    }

    private static void stop(Process daemon) throws InterruptedException {
        daemon.destroy();   // SIGTERM: the daemon stops its channels (and pumps) and closes the journal
        long t0 = System.nanoTime();
        if (daemon.waitFor(30, TimeUnit.SECONDS)) {
            System.out.printf(Locale.ROOT, "daemon exited %.1f s after SIGTERM with status %d%n",
                    (System.nanoTime() - t0) / 1e9, daemon.exitValue());
        } else {
            System.out.println("NOTE: the daemon had not exited 30 s after SIGTERM; killed with SIGKILL");
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void printErrors(Path log) throws IOException {
        if (!Files.exists(log)) {
            return;
        }
        List<String> errors = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(" ERROR ") || l.contains(" WARN ")).toList();
        // Group by logger and the first words of the message, without times, channel names and numbers.
        java.util.Map<String, Long> kinds = new java.util.TreeMap<>();
        for (String line : errors) {
            String kind = line.replaceFirst("^[0-9:.]+ ", "").replaceAll("\\[[^]]*\\] ", "")
                    .replaceAll("[0-9]+", "#");
            kinds.merge(kind.substring(0, Math.min(kind.length(), 110)), 1L, Long::sum);
        }
        System.out.println("daemon log (kept as " + log + "): " + errors.size() + " WARN/ERROR lines");
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        int shutdown = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).contains("shutting down")) {
                shutdown = i;
            }
        }
        if (shutdown >= 0 && all.subList(shutdown, all.size()).stream().anyMatch(l -> l.contains("DaemonChannels")
                && l.contains(" started: "))) {
            System.out.println("NOTE: channels were started again after the daemon began shutting down (see the log)");
        }
        kinds.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
                .forEach(e -> System.out.println("  " + e.getValue() + " x " + e.getKey()));
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Cycle lateness from the journal: for each infusing channel (channels 1..running, whose every poll is
     * journaled), the intervals between the monotonic times of consecutive polled pump readings in the
     * window, minus the poll period. Also the journal's record rate, infusing and idle channels apart.
     */
    private static void journalLateness(Path dataDir, int channels, int running, Instant from, Instant to)
            throws Exception {
        List<Long> late = new ArrayList<>();
        long[] records = {0};
        long[] idleRecords = {0};
        try (JournalReader reader = Journal.openForReading(dataDir)) {
            for (int i = 1; i <= channels; i++) {
                long[] previous = {Long.MIN_VALUE};
                boolean infusing = i <= running;
                reader.forEachAfter(channelName(i), 0, e -> {
                    if (e.wallTime().isBefore(from) || e.wallTime().isAfter(to)) {
                        return;
                    }
                    records[0]++;
                    if (!infusing) {
                        idleRecords[0]++;
                        return;
                    }
                    if (!e.type().equals(ChannelSupervisor.EVENT) || !e.payload().contains("\"PumpReading\"")) {
                        return;
                    }
                    long at = ((Event.PumpReading) EventJson.read(e.payload())).at().monotonicNanos();
                    if (previous[0] != Long.MIN_VALUE) {
                        late.add(Math.max(0, at - previous[0] - POLL.toNanos()));
                    }
                    previous[0] = at;
                });
            }
        }
        double seconds = Duration.between(from, to).toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "journal: %,d records of the channels in the window (%.1f records/s; the %d idle "
                        + "channels %,d records, %.3f records/s per idle channel)%n", records[0], records[0] / seconds,
                channels - running, idleRecords[0], idleRecords[0] / seconds / Math.max(1, channels - running));
        if (late.isEmpty()) {
            System.out.println("loop lateness from the journal: no pump readings journaled in the window");
            return;
        }
        long[] v = late.stream().mapToLong(Long::longValue).sorted().toArray();
        double expectedIntervals = running * (seconds * 1e9 / POLL.toNanos());
        System.out.printf(Locale.ROOT, "loop lateness from the journal (interval between a channel's consecutive "
                        + "readings minus %d ms), %,d intervals (%.0f %% of the polls the window should hold): "
                        + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms%n", POLL.toMillis(), v.length,
                100 * v.length / expectedIntervals, SupervisionBenchSupport.percentile(v, 50) / 1e6,
                SupervisionBenchSupport.percentile(v, 90) / 1e6, SupervisionBenchSupport.percentile(v, 99) / 1e6,
                v[v.length - 1] / 1e6);
    }

    // ---- the channel part in this JVM ---------------------------------------------------------------------

    private static void inJvm(Options o) throws Exception {
        Path dir = Files.createTempDirectory("dosewarden-channels32-");
        TimeSource time = TimeSource.system();
        DeviceProfile profile = DeviceProfiles.standard().load("sim-ne1000");
        System.out.printf(Locale.ROOT, "channels bench (in this JVM, no HTTP): %d sim: channels polled every %d ms, "
                        + "%d running an infusion, %.1f min measured after %d s warm-up; journal %s (%s); load %s%n",
                o.channels(), POLL.toMillis(), o.running(), o.minutes(), WARM_UP.toSeconds(), dir,
                SupervisionBenchSupport.fileSystemOf(dir), SupervisionBenchSupport.loadAverage());
        List<ChannelSupervisor> supervisors = new ArrayList<>();
        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-vitals-monitor");
            t.setDaemon(true);
            return t;
        });
        Instant windowStart;
        Instant windowEnd;
        try (Journal journal = Journal.open(dir, time)) {
            try {
                for (int i = 1; i <= o.channels(); i++) {
                    String name = channelName(i);
                    SimulatedPump pump = SimulatedPump.builder(time).name("pump-" + name)
                            .diameterMm(new BigDecimal("26.59")).powerUpAlarm(false).build();
                    NeDriver driver = new NeDriver(new SimTransport(pump), time, NeDriverSettings.from(profile, 0));
                    ChannelSettings settings = new ChannelSettings(name, profile.id(), "sim:pump-" + name, 0,
                            "bd-plastic-60ml", null, POLL, ChannelSettings.DEFAULT_LINK_TIMEOUT,
                            ChannelSettings.DEFAULT_WATCHDOG_SECONDS);
                    ChannelSupervisor channel = BenchChannels.create(settings, profile, driver, journal, time, 1);
                    supervisors.add(channel);
                    channel.start();
                }
                awaitConnected(supervisors);
                // Long enough to outlast the measurement: 0.5 mg/kg/h (35 mL/h for 70 kg at 1 mg/mL).
                BigDecimal hours = BigDecimal.valueOf(o.minutes() + 2).divide(BigDecimal.valueOf(60), 6, RoundingMode.UP);
                String total = BigDecimal.valueOf(0.5).multiply(hours).setScale(3, RoundingMode.UP).toPlainString();
                List<ChannelSupervisor> infusing = supervisors.subList(0, o.running());
                for (ChannelSupervisor channel : infusing) {
                    channel.post(at -> SupervisionBenchSupport.vitals(at, true));
                    ProgramOrder order = SupervisionBenchSupport.ketamineRate(channel.pumpCapability().orElseThrow(), 70,
                            "0.5", total);
                    submit(channel, time, new ClinicianAction.Program(order));
                    submit(channel, time, new ClinicianAction.Start(List.of(
                            new LimitOverride(ClinicianAction.Start.VITALS_GATE, "benchmark: no monitor at start"))));
                }
                long[] tick = {0};
                monitor.scheduleAtFixedRate(() -> {
                    boolean withBloodPressure = tick[0]++ % 60 == 0;
                    for (ChannelSupervisor channel : infusing) {
                        channel.post(at -> SupervisionBenchSupport.vitals(at, withBloodPressure));
                    }
                }, 5, 5, TimeUnit.SECONDS);
                Thread.sleep(WARM_UP.toMillis());
                long[] before = lateness(supervisors);
                windowStart = Instant.now();
                Samples samples = sample(ProcessHandle.current().pid(), o, () -> true);
                windowEnd = Instant.now();
                long[] after = lateness(supervisors);
                samples.print("this JVM (pid " + ProcessHandle.current().pid() + ")");
                long cycles = after[0] - before[0];
                double windowMean = cycles == 0 ? 0 : (after[3] - before[3]) / (double) cycles;
                System.out.printf(Locale.ROOT, "loop lateness (ChannelSupervisor.lateness(), all channels): %,d cycles in "
                                + "the window, mean %.3f ms in the window; max %.1f ms over the whole run (start-up "
                                + "included)%n", cycles, windowMean / 1e6, after[1] / 1e6);
                long stillRunning = infusing.stream().filter(c -> c.snapshot().infusionState().equals("RUNNING")).count();
                System.out.printf(Locale.ROOT, "infusions still running at the end: %d of %d%n", stillRunning, o.running());
                for (ChannelSupervisor channel : infusing) {
                    if (!channel.snapshot().infusionState().equals("RUNNING")) {
                        System.out.println("  " + channel.name() + ": " + channel.snapshot().infusionState() + " "
                                + channel.snapshot().activeAlarms());
                    }
                }
            } finally {
                // channels first: the journal they write to closes after them
                monitor.shutdownNow();
                supervisors.forEach(ChannelSupervisor::close);
            }
        }
        journalLateness(dir, o.channels(), o.running(), windowStart, windowEnd);
        SupervisionBenchSupport.deleteTree(dir);
    }

    private static void awaitConnected(List<ChannelSupervisor> supervisors) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (supervisors.stream().anyMatch(c -> c.snapshot().linkState() != ChannelLinkState.CONNECTED)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("channels not connected within 2 minutes: " + supervisors.stream()
                        .filter(c -> c.snapshot().linkState() != ChannelLinkState.CONNECTED).map(c -> c.name())
                        .toList());
            }
            Thread.sleep(100);
        }
    }

    private static void submit(ChannelSupervisor channel, TimeSource time, ClinicianAction action) throws Exception {
        IntentResult r = channel.submit(new ClinicianIntent(SupervisionBenchSupport.USER, "bench", time.wallTime(),
                time.monotonicNanos() + Duration.ofSeconds(30).toNanos(), action)).get(30, TimeUnit.SECONDS);
        if (!(r instanceof IntentResult.Accepted)) {
            throw new IllegalStateException(channel.name() + ": " + action.name() + " not accepted: " + r);
        }
    }

    /** {cycles, max ns, mean ns, total ns} over all channels (the total from each channel's mean and count). */
    private static long[] lateness(List<ChannelSupervisor> supervisors) {
        long count = 0;
        long max = 0;
        long weighted = 0;
        for (ChannelSupervisor c : supervisors) {
            LatenessStats s = c.lateness();
            count += s.count();
            max = Math.max(max, s.maxNanos());
            weighted += s.meanNanos() * s.count();
        }
        return new long[] {count, max, count == 0 ? 0 : weighted / count, weighted};
    }

    // ---- sampling /proc ---------------------------------------------------------------------------------

    /** What the sampler saw: per interval CPU share, and RSS at each sample. */
    private record Samples(long clockTicksPerSecond, List<double[]> rows, long firstCpuTicks, long lastCpuTicks,
                           long wallNanos, long peakHwmKb, int threads) {

        void print(String who) {
            double cpuSeconds = (lastCpuTicks - firstCpuTicks) / (double) clockTicksPerSecond;
            double meanPercent = 100 * cpuSeconds / (wallNanos / 1e9);
            double maxInterval = rows.stream().mapToDouble(r -> r[1]).max().orElse(0);
            double minInterval = rows.stream().mapToDouble(r -> r[1]).min().orElse(0);
            double peakRss = rows.stream().mapToDouble(r -> r[2]).max().orElse(0);
            double meanRss = rows.stream().mapToDouble(r -> r[2]).average().orElse(0);
            double lastRss = rows.isEmpty() ? 0 : rows.getLast()[2];
            System.out.printf(Locale.ROOT, "%s over %.1f s: CPU %.1f s = mean %.1f %% of one core (per-interval min "
                            + "%.1f %%, max %.1f %%); RSS peak %.1f MB, mean %.1f MB, at the end %.1f MB (VmHWM %.1f MB); "
                            + "%d threads%n", who, wallNanos / 1e9, cpuSeconds, meanPercent, minInterval, maxInterval,
                    peakRss / 1024, meanRss / 1024, lastRss / 1024, peakHwmKb / 1024.0, threads);
        }
    }

    private static Samples sample(long pid, Options o, java.util.function.BooleanSupplier alive) throws Exception {
        long hz = clockTicksPerSecond();
        long end = System.nanoTime() + (long) (o.minutes() * 60e9);
        long t0 = System.nanoTime();
        long cpu0 = cpuTicks(pid);
        long previousCpu = cpu0;
        long previousT = t0;
        List<double[]> rows = new ArrayList<>();
        long lastPrint = t0;
        while (System.nanoTime() < end) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("process " + pid + " died during the measurement");
            }
            Thread.sleep(Math.min(o.sampleSeconds() * 1000L, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            long now = System.nanoTime();
            long cpu = cpuTicks(pid);
            double percent = 100.0 * (cpu - previousCpu) / hz / ((now - previousT) / 1e9);
            long rssKb = statusKb(pid, "VmRSS");
            rows.add(new double[] {(now - t0) / 1e9, percent, rssKb});
            previousCpu = cpu;
            previousT = now;
            if (now - lastPrint >= 60e9) {
                System.out.printf(Locale.ROOT, "  %.0f s: CPU %.1f %% of one core in the last %d s, RSS %.1f MB, "
                        + "load %s%n", (now - t0) / 1e9, percent, o.sampleSeconds(), rssKb / 1024.0,
                        SupervisionBenchSupport.loadAverage());
                lastPrint = now;
            }
        }
        long wall = previousT - t0;
        return new Samples(hz, rows, cpu0, previousCpu, wall, statusKb(pid, "VmHWM"), (int) statusKb(pid, "Threads"));
    }

    /** utime + stime of the process, in clock ticks (/proc/PID/stat fields 14 and 15). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
    }

    /** A numeric line of /proc/PID/status ("VmRSS:   123456 kB" gives 123456). */
    private static long statusKb(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = r.readLine();
                p.waitFor(5, TimeUnit.SECONDS);
                return Long.parseLong(line.trim());
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            return 100;   // the Linux default USER_HZ
        }
    }
}
