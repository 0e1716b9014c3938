package org.dosewarden.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which start-up cache the package's launcher ({@code packaging/dosewarden}) hands the daemon, and how
 * {@code dosewarden startup-cache} records one, run by {@code /bin/sh} as on a board, with a stand-in {@code java}
 * that writes down the arguments and environment it was given (and, asked to record, behaves as the JVM does: its
 * recording, then the cache, then it runs until stopped). On Java 25 the daemon starts with an AOT cache once one
 * was recorded for this jar, runtime and options, else with the class-data archive, and never records one itself;
 * the recording runs a daemon of its own on simulated pumps, away from the site's configuration. Java 21 gets the
 * class-data archive; tools and a cache directory that cannot be written get no cache. That the real JVM records,
 * uses and survives a broken cache is {@code StartupCacheRecordingIT}.
 */
class LauncherStartupCacheTest {

    private static final Path LAUNCHER = Path.of("packaging/dosewarden").toAbsolutePath();
    private static final Path DEFAULTS = Path.of("packaging/etc/default").toAbsolutePath();

    @TempDir
    Path work;

    private Path cache;
    private Path jar;

    @BeforeEach
    void files() throws IOException {
        cache = Files.createDirectories(work.resolve("cache"));
        jar = Files.writeString(work.resolve("dosewarden.jar"), "a jar");
    }

    @Test
    @DisplayName("Java 25, no AOT cache yet: the daemon starts with the class-data archive and records nothing itself")
    void daemonNeverRecords() throws Exception {
        List<String> args = launch(javaHome("25.0.1"), "serve");
        assertTrue(args.contains("-XX:SharedArchiveFile=" + cache.resolve("dosewarden.jsa")), args.toString());
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:AOT") || a.contains("end-recording")),
                args.toString());
        assertFalse(Files.exists(cache.resolve("dosewarden.aot.stamp")));
        assertTrue(args.contains("-Xmx96m"), "the package's options are still given: " + args);
        assertEquals(List.of("-jar", jar.toString(), "serve"), args.subList(args.size() - 3, args.size()));
    }

    @Test
    @DisplayName("Java 25: startup-cache records the cache, stamps it once complete, stops its daemon; the next start"
            + " uses the cache")
    void recordedCacheIsUsed() throws Exception {
        Path home = javaHome("25.0.1");
        Recorded recorded = record(home, Map.of());
        assertEquals(0, recorded.code(), recorded.out());
        assertTrue(recorded.args().contains("-XX:AOTCacheOutput=" + cache.resolve("dosewarden.aot.recording")),
                recorded.args().toString());
        assertTrue(recorded.args().contains("-Ddosewarden.aot.end-recording-at-ready=true"), recorded.args().toString());
        assertTrue(recorded.args().contains("-Xmx96m"), "the daemon's own options: " + recorded.args());
        assertEquals("a cache\n", Files.readString(cache.resolve("dosewarden.aot")));
        assertTrue(Files.readString(cache.resolve("dosewarden.aot.stamp")).contains(jar.toString()));
        assertFalse(Files.exists(cache.resolve("dosewarden.aot.recording")));
        assertFalse(ProcessHandle.of(recorded.pid()).map(ProcessHandle::isAlive).orElse(false),
                "the recording daemon is stopped");
        assertTrue(recorded.out().contains("recorded " + cache.resolve("dosewarden.aot")), recorded.out());

        List<String> args = launch(home, "serve");
        assertTrue(args.contains("-XX:AOTCache=" + cache.resolve("dosewarden.aot")), args.toString());
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:AOTCacheOutput") || a.contains("SharedArchiveFile")),
                args.toString());

        Recorded again = record(home, Map.of());
        assertEquals(0, again.code(), again.out());
        assertTrue(again.out().contains("is up to date"), again.out());
        assertEquals(null, again.args(), "no JVM started for a cache that is up to date");
        Recorded forced = record(home, Map.of(), "--force");
        assertTrue(forced.args() != null && forced.code() == 0, forced.out());
        Recorded wrong = record(home, Map.of(), "--froce");
        assertEquals(2, wrong.code(), wrong.out());
        assertTrue(wrong.out().contains("unknown option '--froce' (known: --force, --help)"), wrong.out());
        assertEquals(null, wrong.args());
        Recorded help = record(home, Map.of(), "--help");
        assertEquals(0, help.code(), help.out());
        assertTrue(help.out().startsWith("Usage: dosewarden startup-cache [--force]"), help.out());
        assertEquals(null, help.args());
    }

    @Test
    @DisplayName("the recording daemon runs on simulated pumps on 127.0.0.1 with GPIO off, without the site's"
            + " configuration files or environment")
    void recordingNeverSeesTheSite() throws Exception {
        Recorded recorded = record(javaHome("25.0.1"), Map.of("MICRONAUT_CONFIG_FILES", "/etc/dosewarden/dosewarden.yml",
                "DOSEWARDEN_MQTT_URL", "tcp://site-broker:1883", "DOSEWARDEN_CHANNELS_BED1_PORT", "/dev/ttyUSB0",
                "JAVA_TOOL_OPTIONS", "-javaagent:x.jar", "NOTIFY_SOCKET", "/run/systemd/notify"));
        assertEquals(0, recorded.code(), recorded.out());
        List<String> args = recorded.args();
        assertTrue(args.containsAll(List.of("serve", "--micronaut.server.host=127.0.0.1", "--dosewarden.mqtt.url=embedded",
                "--dosewarden.gpio.enabled=false")), args.toString());
        List<String> ports = args.stream().filter(a -> a.matches("--dosewarden\\.channels\\..*\\.port=.*")).toList();
        assertEquals(8, ports.size(), args.toString());
        assertTrue(ports.stream().allMatch(a -> a.contains("=sim:")), ports.toString());
        assertTrue(args.stream().anyMatch(a -> a.startsWith("--dosewarden.data-dir=") && !a.contains("/var/lib")),
                args.toString());
        String env = recorded.environment();
        for (String name : List.of("MICRONAUT_CONFIG_FILES", "DOSEWARDEN_MQTT_URL", "DOSEWARDEN_CHANNELS_BED1_PORT",
                "JAVA_TOOL_OPTIONS", "NOTIFY_SOCKET")) {
            assertFalse(env.contains(name + "="), name + " reached the recording daemon: " + env);
        }
    }

    @Test
    @DisplayName("Java 25, the package upgraded, Java updated or the options edited: the daemon takes the archive"
            + " and startup-cache records again")
    void staleCacheIsRecordedAgain() throws Exception {
        Path home = javaHome("25.0.1");
        assertEquals(0, record(home, Map.of()).code());
        Files.writeString(jar, "the upgraded jar, longer than before");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertStaleThenRecorded(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "aot"), "an upgraded package");

        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.2\"\nJAVA_RUNTIME_VERSION=\"25.0.2+7\"\n");
        Files.setLastModifiedTime(home.resolve("release"), FileTime.from(Instant.now().plusSeconds(120)));
        assertStaleThenRecorded(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "aot"), "an updated Java runtime");

        assertStaleThenRecorded(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "aot", "DOSEWARDEN_SERVE_JAVA_OPTS", "-Xmx80m"),
                "edited options");
    }

    private void assertStaleThenRecorded(Path home, Map<String, String> settings, String what) throws Exception {
        List<String> args = launch(home, settings, "serve");
        assertTrue(args.contains("-XX:SharedArchiveFile=" + cache.resolve("dosewarden.jsa")), what + ": " + args);
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:AOT")), what + ": " + args);
        Recorded recorded = record(home, settings, Map.of());
        assertEquals(0, recorded.code(), what + ": " + recorded.out());
        assertTrue(recorded.args() != null && recorded.out().contains("recorded"), what + ": " + recorded.out());
        assertTrue(launch(home, settings, "serve").contains("-XX:AOTCache=" + cache.resolve("dosewarden.aot")), what);
    }

    @Test
    @DisplayName("a recording daemon that ends before its cache is written: startup-cache fails with its log,"
            + " leaves no cache and no recording, and the daemon keeps the archive")
    void failedRecordingLeavesNothing() throws Exception {
        Path home = javaHome("25.0.1");
        Files.writeString(home.resolve("mode"), "die");
        Recorded recorded = record(home, Map.of());
        assertEquals(1, recorded.code(), recorded.out());
        assertTrue(recorded.out().contains("ended before its cache was written"), recorded.out());
        assertTrue(recorded.out().contains("the stand-in JVM gives up"), "its log is shown: " + recorded.out());
        try (var left = Files.list(cache)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("dosewarden.aot"))
                    .toList());
        }
        assertTrue(launch(home, "serve").contains("-XX:SharedArchiveFile=" + cache.resolve("dosewarden.jsa")));
    }

    @Test
    @DisplayName("a recording that never completes: startup-cache stops its daemon at the time limit and fails")
    void recordingThatNeverCompletesIsStopped() throws Exception {
        Path home = javaHome("25.0.1");
        Files.writeString(home.resolve("mode"), "hang");
        Recorded recorded = record(home, Map.of("DOSEWARDEN_STARTUP_CACHE_TIMEOUT", "2"));
        assertEquals(1, recorded.code(), recorded.out());
        assertTrue(recorded.out().contains("no cache within 2 s"), recorded.out());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(recorded.pid()).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(ProcessHandle.of(recorded.pid()).map(ProcessHandle::isAlive).orElse(false),
                "the recording daemon is stopped");
        assertFalse(Files.exists(cache.resolve("dosewarden.aot.recording.config")));
        assertFalse(Files.exists(cache.resolve("dosewarden.aot.stamp")));
    }

    @Test
    @DisplayName("Java 21: the class-data archive the JVM keeps up to date itself, and an AOT cache left over is removed")
    void java21GetsTheClassDataArchive() throws Exception {
        Files.writeString(cache.resolve("dosewarden.aot"), "left from a Java 25 that was replaced by 21");
        List<String> args = launch(javaHome("21.0.5"), "serve");
        assertTrue(args.contains("-XX:SharedArchiveFile=" + cache.resolve("dosewarden.jsa")), args.toString());
        assertTrue(args.contains("-XX:+AutoCreateSharedArchive"), args.toString());
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:AOT")), args.toString());
        assertFalse(Files.exists(cache.resolve("dosewarden.aot")));
        Recorded recorded = record(javaHome("21.0.5"), Map.of());
        assertEquals(0, recorded.code(), recorded.out());
        assertTrue(recorded.out().contains("Java 21 has no AOT cache"), recorded.out());
        assertEquals(null, recorded.args(), "nothing recorded on Java 21");
    }

    @Test
    @DisplayName("the package's default on Java 25 (auto): the AOT cache once recorded, the class-data archive before")
    void packageDefaultIsTheAotCacheOnceRecorded() throws Exception {
        Path home = javaHome("25.0.1");
        List<String> before = launch(home, Map.of(), "serve");
        assertTrue(before.contains("-XX:SharedArchiveFile=" + cache.resolve("dosewarden.jsa")), before.toString());
        assertEquals(0, record(home, Map.of(), Map.of()).code());
        List<String> after = launch(home, Map.of(), "serve");
        assertTrue(after.contains("-XX:AOTCache=" + cache.resolve("dosewarden.aot")), after.toString());
        assertFalse(Files.exists(cache.resolve("dosewarden.jsa")), "the archive is dropped once the AOT cache is used");
    }

    @Test
    @DisplayName("DOSEWARDEN_STARTUP_CACHE=cds or off: startup-cache records nothing")
    void cdsOrOffRecordsNothing() throws Exception {
        for (String kind : List.of("cds", "off")) {
            Recorded recorded = record(javaHome("25.0.1"), Map.of("DOSEWARDEN_STARTUP_CACHE", kind), Map.of());
            assertEquals(0, recorded.code(), recorded.out());
            assertTrue(recorded.out().contains("nothing to record (DOSEWARDEN_STARTUP_CACHE=" + kind + ")"), recorded.out());
            assertEquals(null, recorded.args(), kind);
        }
    }

    @Test
    @DisplayName("DOSEWARDEN_STARTUP_CACHE=cds on Java 25 gives the archive; off gives no cache at all")
    void settingChoosesTheCache() throws Exception {
        Path home = javaHome("25.0.1");
        List<String> cds = launch(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "cds"), "serve");
        assertTrue(cds.contains("-XX:SharedArchiveFile=" + cache.resolve("dosewarden.jsa")), cds.toString());
        List<String> off = launch(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "off"), "serve");
        assertFalse(off.stream().anyMatch(a -> a.startsWith("-XX:AOT") || a.contains("SharedArchive")), off.toString());
    }

    @Test
    @DisplayName("the class-data archive is kept while the jar stays the same, and dropped after an upgrade (the JVM"
            + " would start without the stale one and never write a new one)")
    void staleArchiveIsDroppedAfterAnUpgrade() throws Exception {
        Path home = javaHome("25.0.1");
        Path archive = cache.resolve("dosewarden.jsa");
        launch(home, Map.of(), "serve");
        Files.writeString(archive, "the archive the JVM wrote at the first clean stop");
        List<String> second = launch(home, Map.of(), "serve");
        assertTrue(second.contains("-XX:SharedArchiveFile=" + archive), second.toString());
        assertTrue(Files.exists(archive), "the archive made for this jar is kept");

        Files.writeString(jar, "the upgraded jar, longer than before");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        List<String> upgraded = launch(home, Map.of(), "serve");
        assertTrue(upgraded.contains("-XX:SharedArchiveFile=" + archive), upgraded.toString());
        assertFalse(Files.exists(archive), "the archive of the old jar is gone, so the JVM writes a new one");
        assertTrue(Files.readString(cache.resolve("dosewarden.jsa.stamp")).contains(jar.toString()));
    }

    @Test
    @DisplayName("the daemon is told the cache directory for the SQLite native library; not with the cache off")
    void nativeLibraryCacheDirectory() throws Exception {
        Path home = javaHome("25.0.1");
        List<String> args = launch(home, Map.of(), "serve");
        assertTrue(args.contains("-Ddosewarden.native-cache=" + cache), args.toString());
        List<String> off = launch(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "off"), "serve");
        assertFalse(off.stream().anyMatch(a -> a.startsWith("-Ddosewarden.native-cache")), off.toString());
        List<String> tool = launch(home, Map.of(), "journal", "verify");
        assertFalse(tool.stream().anyMatch(a -> a.startsWith("-Ddosewarden.native-cache")), tool.toString());
    }

    @Test
    @DisplayName("no writable cache directory, or a tool command: the JVM is started without a cache")
    void noCacheWhereItCannotBeWritten() throws Exception {
        Path home = javaHome("25.0.1");
        Files.delete(cache);
        List<String> args = launch(home, "serve");
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:AOT") || a.contains("SharedArchive")), args.toString());
        assertEquals("serve", args.getLast());

        Files.createDirectories(cache);
        List<String> tool = launch(home, "journal", "verify");
        assertFalse(tool.stream().anyMatch(a -> a.startsWith("-XX:AOT") || a.contains("SharedArchiveFile")),
                tool.toString());
        assertFalse(Files.exists(cache.resolve("dosewarden.aot.stamp")), "a tool run leaves the daemon's cache alone");
    }

    @Test
    @DisplayName("a runtime without a release file: its version is asked from java -version")
    void versionFromJavaWhenNoReleaseFile() throws Exception {
        Path home = javaHome("25.0.1");
        Files.delete(home.resolve("release"));
        Recorded recorded = record(home, Map.of());
        assertEquals(0, recorded.code(), recorded.out());
        assertTrue(recorded.args().contains("-XX:AOTCacheOutput=" + cache.resolve("dosewarden.aot.recording")),
                recorded.args().toString());
        assertTrue(launch(home, "serve").contains("-XX:AOTCache=" + cache.resolve("dosewarden.aot")));
    }

    @Test
    @DisplayName("java reached through a symbolic link (as /usr/bin/java is): the release file of the runtime it leads to"
            + " decides, and the stamp names that runtime")
    void javaThroughASymbolicLink() throws Exception {
        Path real = javaHome("25.0.1");
        // this runtime would answer 17 if asked: only its release file, found through the link, says 25
        Files.writeString(real.resolve("bin/java"), fakeJava("17.0.2"));
        Path linked = Files.createDirectories(work.resolve("usr/bin"));
        Files.createSymbolicLink(linked.resolve("java"), real.resolve("bin/java"));
        Recorded recorded = record(work.resolve("usr"), Map.of());
        assertEquals(0, recorded.code(), recorded.out());
        assertTrue(recorded.args().contains("-XX:AOTCacheOutput=" + cache.resolve("dosewarden.aot.recording")),
                recorded.args().toString());
        String stamp = Files.readString(cache.resolve("dosewarden.aot.stamp"));
        assertTrue(stamp.contains("java " + real.toRealPath() + ";"), stamp);
        assertTrue(stamp.contains(real.toRealPath().resolve("lib/server/libjvm.so") + " "), stamp);
    }

    /**
     * A Java home whose bin/java answers -version and writes its arguments to {@code args} and its environment to
     * {@code env} beside it. Given -XX:AOTCacheOutput it acts as the JVM recording a cache: its recording
     * ({@code .config}), then the cache, with the recording removed, then it runs until stopped; a file
     * {@code mode} beside it saying {@code die} or {@code hang} makes it end at once or never write the cache.
     */
    private Path javaHome(String version) throws IOException {
        Path home = Files.createDirectories(work.resolve("jdk-" + version));
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib/server"));
        Files.writeString(home.resolve("lib/server/libjvm.so"), "a JVM " + version);
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, fakeJava(version));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static String fakeJava(String version) {
        return String.join("\n", "#!/bin/sh",
                "if [ \"$1\" = -version ]; then echo 'openjdk version \"" + version + "\" 2025-01-01' >&2; exit 0; fi",
                "here=\"$(dirname \"$0\")/..\"",
                "printf '%s\\n' \"$@\" > \"$here/args\"",
                "env > \"$here/env\"",
                "out=''",
                "for a in \"$@\"; do case \"$a\" in -XX:AOTCacheOutput=*) out=${a#-XX:AOTCacheOutput=} ;; esac; done",
                "[ -n \"$out\" ] || exit 0",
                "echo $$ > \"$here/pid\"",
                "mode=record",
                "if [ -r \"$here/mode\" ]; then mode=$(cat \"$here/mode\"); fi",
                "case \"$mode\" in",
                "  die) echo 'the stand-in JVM gives up'; exit 3 ;;",
                "  hang) echo recording > \"$out.config\" ;;",
                "  *) echo recording > \"$out.config\"; sleep 0.2; echo 'a cache' > \"$out\"; rm -f \"$out.config\" ;;",
                "esac",
                "exec sleep 600", "");
    }

    private record Recorded(int code, String out, List<String> args, String environment, long pid) {
    }

    /** {@code dosewarden startup-cache ARGS} with the AOT cache chosen and these extra environment variables. */
    private Recorded record(Path home, Map<String, String> environment, String... args) throws Exception {
        return record(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "aot"), environment, args);
    }

    private Recorded record(Path home, Map<String, String> settings, Map<String, String> environment, String... args)
            throws Exception {
        for (String f : List.of("args", "env", "pid")) {
            Files.deleteIfExists(home.resolve(f));
        }
        ProcessBuilder pb = launcher(home, settings);
        pb.command().add("startup-cache");
        pb.command().addAll(List.of(args));
        pb.environment().putAll(environment);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Recorded(p.exitValue(), out,
                Files.exists(home.resolve("args")) ? Files.readAllLines(home.resolve("args")) : null,
                Files.exists(home.resolve("env")) ? Files.readString(home.resolve("env")) : "",
                Files.exists(home.resolve("pid")) ? Long.parseLong(Files.readString(home.resolve("pid")).trim()) : -1);
    }

    /** The launcher with the AOT cache chosen (as the package's default, auto, does on Java 25). */
    private List<String> launch(Path home, String... command) throws Exception {
        return launch(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "aot"), command);
    }

    private List<String> launch(Path home, Map<String, String> settings, String... command) throws Exception {
        Files.deleteIfExists(home.resolve("args"));
        ProcessBuilder pb = launcher(home, settings);
        pb.command().addAll(List.of(command));
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.exists(home.resolve("args")), "the launcher did not start java: " + out);
        return Files.readAllLines(home.resolve("args"));
    }

    /** The launcher run by /bin/sh with this Java home and the package's defaults plus {@code settings}. */
    private ProcessBuilder launcher(Path home, Map<String, String> settings) throws IOException {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().addAll(List.of("/bin/sh", LAUNCHER.toString()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("DOSEWARDEN_") || k.startsWith("JAVA") || k.startsWith("MICRONAUT_"));
        env.put("JAVA_HOME", home.toString());
        env.put("DOSEWARDEN_JAR", jar.toString());
        env.put("DOSEWARDEN_CACHE_DIR", cache.toString());
        // the package's /etc/default/dosewarden, with the test's settings appended as an engineer would edit it
        Path defaults = work.resolve("default");
        StringBuilder file = new StringBuilder(Files.readString(DEFAULTS));
        settings.forEach((k, v) -> file.append('\n').append(k).append("=\"").append(v).append("\"\n"));
        Files.writeString(defaults, file);
        env.put("DOSEWARDEN_DEFAULTS", defaults.toString());
        return pb;
    }
}
