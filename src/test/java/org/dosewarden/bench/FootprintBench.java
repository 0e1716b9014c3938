package org.dosewarden.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dosewarden.api.security.PasswordHash;
import org.dosewarden.testing.NotifySocketListener;

/**
 * Footprint of the real daemon ({@code java -jar ... serve}) on this machine: time from process start to
 * readiness (the {@code READY=1} it sends systemd, so the moment the service manager would count), resident
 * memory at readiness and with infusions running, threads, and CPU over a short window. Several starts in a row,
 * so a class-data archive written at the end of one start (the package's {@code -XX:+AutoCreateSharedArchive})
 * shows in the next.
 *
 * <pre>
 * java -cp ... org.dosewarden.bench.FootprintBench --jar target/dosewarden-*.jar [--channels 8] [--running 4]
 *      [--starts 3] [--settle-seconds 30] [--java-opt OPT]... [--package-options packaging/etc/default
 *      [--launcher packaging/dosewarden]]
 * </pre>
 * {@code --package-options FILE} takes {@code DOSEWARDEN_SERVE_JAVA_OPTS} from the package's
 * /etc/default/dosewarden, with its /var/cache/dosewarden archive moved into a temporary directory. With
 * {@code --launcher} the daemon is started by the package's launcher itself, reading that file, with its start-up
 * cache in a temporary directory: the launcher chooses the cache (an AOT cache on Java 25 once recorded, a
 * class-data archive before) as it would on a board, after each start the launcher's {@code startup-cache} runs as
 * dosewarden-startup-cache.service would (its line says whether it recorded, in how long and at what peak
 * memory), and the {@code cache} column says which cache each start used.
 */
public final class FootprintBench {

    private FootprintBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = null;
        int channels = 8;
        int running = 4;
        int starts = 3;
        int settleSeconds = 30;
        List<String> javaOptions = new ArrayList<>();
        java.util.Map<String, String> environment = new java.util.TreeMap<>();
        Path work = Files.createTempDirectory("dosewarden-footprint-");
        String label = "JVM defaults";
        Path defaults = null;
        Path launcher = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--channels" -> channels = Integer.parseInt(args[++i]);
                case "--running" -> running = Integer.parseInt(args[++i]);
                case "--starts" -> starts = Integer.parseInt(args[++i]);
                case "--settle-seconds" -> settleSeconds = Integer.parseInt(args[++i]);
                case "--java-opt" -> {
                    javaOptions.add(args[++i]);
                    label = "options " + String.join(" ", javaOptions);
                }
                case "--package-options" -> {
                    Path file = Path.of(args[++i]);
                    defaults = file;
                    javaOptions.addAll(packageOptions(file, work));
                    Matcher arenas = Pattern.compile("(?m)^DOSEWARDEN_SERVE_MALLOC_ARENA_MAX=(\\d+)")
                            .matcher(Files.readString(file));
                    if (arenas.find()) {
                        environment.put("MALLOC_ARENA_MAX", arenas.group(1));
                    }
                    label = "the package's options (" + file + ")";
                }
                case "--launcher" -> launcher = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (known: --jar, --channels,"
                        + " --running, --starts, --settle-seconds, --java-opt, --package-options, --launcher)");
            }
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no daemon jar " + jar + " (give --jar target/dosewarden-*.jar)");
        }
        List<String> launch = new ArrayList<>();
        if (launcher != null) {
            if (defaults == null) {
                throw new IllegalArgumentException("--launcher needs --package-options (the file it reads)");
            }
            Path cache = Files.createDirectories(work.resolve("cache"));
            launch.addAll(List.of("/bin/sh", launcher.toString()));
            environment.put("DOSEWARDEN_JAR", jar.toAbsolutePath().toString());
            environment.put("DOSEWARDEN_DEFAULTS", defaults.toAbsolutePath().toString());
            environment.put("DOSEWARDEN_CACHE_DIR", cache.toString());
            environment.put("JAVA_HOME", System.getProperty("java.home"));
            environment.put("DOSEWARDEN_DEVICE_PROFILES", Path.of("device-profiles").toAbsolutePath().toString());
            label = "the package's launcher (" + launcher + ", " + defaults + ")";
        } else {
            launch.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            launch.add("--enable-native-access=ALL-UNNAMED");
            launch.addAll(javaOptions);
            launch.addAll(List.of("-jar", jar.toString()));
        }
        System.out.printf(Locale.ROOT, "footprint: %d simulated channels, %d infusing; %d starts; %s%s; load %s%n",
                channels, running, starts, label, environment.isEmpty() ? "" : "; environment " + environment,
                SupervisionBenchSupport.loadAverage());
        // cpu_to_ready_s: the daemon's own CPU time until ready; on a busy machine the wall time stretches, this does not.
        System.out.println("start  ready_s  cpu_to_ready_s  rss_ready_MB  rss_running_MB  peak_rss_MB  threads"
                + "  cpu_%_of_one_core  stop_s  cache");
        for (int s = 1; s <= starts; s++) {
            oneStart(s, launch, environment, work.resolve("start-" + s), channels, running, settleSeconds);
            if (launcher != null) {
                // what dosewarden-startup-cache.service does after each start of the daemon (after the stop here,
                // so that it does not share the machine with the start being measured)
                recordStartupCache(launch, environment);
            }
        }
        SupervisionBenchSupport.deleteTree(work);
    }

    private static void oneStart(int n, List<String> launch, java.util.Map<String, String> environment,
            Path dir, int channels, int running, int settleSeconds) throws Exception {
        Files.createDirectories(dir);
        int httpPort = freePort();
        String password = UUID.randomUUID().toString();
        List<String> command = new ArrayList<>(launch);
        command.addAll(List.of("serve", "--dosewarden.data-dir=" + dir.resolve("data"),
                "--micronaut.server.host=127.0.0.1", "--micronaut.server.port=" + httpPort,
                "--dosewarden.mqtt.embedded.port=" + freePort(), "--dosewarden.mqtt.embedded.websocket-port=" + freePort(),
                "--dosewarden.users." + Channels32Bench.NURSE + ".password-hash=" + PasswordHash.create(
                        password.toCharArray(), PasswordHash.MIN_ITERATIONS, new SecureRandom()).encode(),
                "--dosewarden.users." + Channels32Bench.NURSE + ".roles=clinician"));
        for (int i = 1; i <= channels; i++) {
            String key = "--dosewarden.channels." + String.format(Locale.ROOT, "c%02d", i) + ".";
            command.addAll(List.of(key + "profile=sim-ne1000", key + "port=sim:fp-" + i,
                    key + "syringe=bd-plastic-60ml", key + "simulator-power-up-alarm=false",
                    // a loaded machine's start-up pauses must not latch LINK_LOST before the infusions start
                    key + "link-timeout=10s", key + "watchdog-seconds=30"));
            if (i <= running) {
                command.add(key + "simulated-vitals=true");
            }
        }
        Path log = dir.resolve("daemon.log");
        try (NotifySocketListener systemd = NotifySocketListener.bind(dir.resolve("notify"))) {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(environment);
            pb.environment().put("NOTIFY_SOCKET", systemd.path().toString());
            long t0 = System.nanoTime();
            Process daemon = pb.start();
            String result = null;
            String cache = "-";
            try {
                String ready;
                do {
                    ready = systemd.next(Duration.ofMinutes(3));
                } while (ready != null && !ready.startsWith("READY=1"));
                if (ready == null) {
                    throw new IllegalStateException("no READY=1 within 3 min; log " + log);
                }
                double readySeconds = (System.nanoTime() - t0) / 1e9;
                double cpuToReady = cpuTicks(daemon.pid()) / (double) clockTicks();
                long rssReady = statusKb(daemon.pid(), "VmRSS");
                cache = cacheOf(daemon.pid());
                Channels32Bench.Api api = new Channels32Bench.Api(httpPort, password);
                for (int i = 1; i <= running; i++) {
                    api.programAndStart(String.format(Locale.ROOT, "c%02d", i), i);
                }
                long cpu0 = cpuTicks(daemon.pid());
                long w0 = System.nanoTime();
                Thread.sleep(settleSeconds * 1000L);
                double cpu = (cpuTicks(daemon.pid()) - cpu0) / (double) clockTicks() / ((System.nanoTime() - w0) / 1e9);
                result = String.format(Locale.ROOT, "%5d  %7.2f  %14.2f  %12.1f  %14.1f  %11.1f  %7d  %17.1f", n,
                        readySeconds, cpuToReady, rssReady / 1024.0, statusKb(daemon.pid(), "VmRSS") / 1024.0,
                        statusKb(daemon.pid(), "VmHWM") / 1024.0, statusKb(daemon.pid(), "Threads"), cpu * 100);
            } finally {
                long stop0 = System.nanoTime();
                daemon.destroy();  // SIGTERM: a clean stop writes the start-up cache when one is configured
                if (!daemon.waitFor(120, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
                // the stop includes writing a cache (an AOT cache is assembled by a child JVM at exit)
                if (result != null) {
                    System.out.printf(Locale.ROOT, "%s  %6.1f  %s%n", result, (System.nanoTime() - stop0) / 1e9, cache);
                }
            }
        }
        List<String> warnings = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("WARNING") || l.startsWith("[warning]") || l.contains("ERROR")).toList();
        if (!warnings.isEmpty()) {
            System.out.println("       log of start " + n + ": " + String.join(" | ", warnings.subList(0,
                    Math.min(5, warnings.size()))));
        }
    }

    /** The launcher's {@code startup-cache}: records the AOT cache when there is none for this jar, runtime, options. */
    private static void recordStartupCache(List<String> launch, java.util.Map<String, String> environment)
            throws Exception {
        List<String> command = new ArrayList<>(launch);
        command.add("startup-cache");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(environment);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("startup-cache failed: " + out);
        }
        System.out.println("       " + out);
    }

    /** Which start-up cache the daemon was given: an AOT cache used or being recorded, a class-data archive, none. */
    private static String cacheOf(long pid) throws IOException {
        String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        if (cmdline.contains("-XX:AOTCacheOutput=")) {
            return "AOT(recording)";
        } else if (cmdline.contains("-XX:AOTCache=")) {
            return "AOT";
        } else if (cmdline.contains("-XX:SharedArchiveFile=")) {
            return "CDS";
        }
        return "none";
    }

    /** DOSEWARDEN_SERVE_JAVA_OPTS of the package's /etc/default file, its archive moved under {@code work}. */
    static List<String> packageOptions(Path file, Path work) throws IOException {
        Matcher m = Pattern.compile("(?m)^DOSEWARDEN_SERVE_JAVA_OPTS=\"([^\"]*)\"").matcher(Files.readString(file));
        if (!m.find()) {
            throw new IllegalArgumentException("no DOSEWARDEN_SERVE_JAVA_OPTS=\"...\" in " + file);
        }
        List<String> options = new ArrayList<>();
        for (String o : m.group(1).trim().split("\\s+")) {
            options.add(o.replace("/var/cache/dosewarden/", work.toString() + "/"));
        }
        return options;
    }

    private static long statusKb(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);  // utime, stime (fields 14 and 15)
    }

    private static long clockTicks() {
        return 100;  // USER_HZ on Linux
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
