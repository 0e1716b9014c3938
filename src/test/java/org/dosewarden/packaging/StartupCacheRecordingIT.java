package org.dosewarden.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dosewarden.testing.NotifySocketListener;
import org.dosewarden.testing.Ports;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start of the packaged jar that records an AOT cache (the package's launcher with {@code aot}) ends the
 * recording once the daemon is ready: the cache is complete while the daemon still runs, and the next start uses
 * it. No stop is needed to get the cache.
 */
class StartupCacheRecordingIT {

    private static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path work;

    @Test
    @DisplayName("the AOT cache is written while the recording daemon runs, after it is ready, and the next start uses it")
    void cacheWrittenAfterReady() throws Exception {
        Path cache = Files.createDirectories(work.resolve("cache"));
        Path aot = cache.resolve("dosewarden.aot");
        Path recording = cache.resolve("dosewarden.aot.config");

        Process first = start("first");
        try {
            assertTrue(args(first).contains("-XX:AOTCacheOutput=" + aot), args(first).toString());
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!(Files.exists(aot) && !Files.exists(recording)) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(first.isAlive(), "the recording daemon still runs");
            assertTrue(Files.exists(aot) && Files.size(aot) > 1_000_000 && !Files.exists(recording),
                    "the cache is complete before any stop: " + Files.readString(work.resolve("first/daemon.log")));
        } finally {
            stop(first);
        }

        Process second = start("second");
        try {
            assertTrue(args(second).contains("-XX:AOTCache=" + aot), args(second).toString());
        } finally {
            stop(second);
        }
    }

    private static List<String> args(Process daemon) throws Exception {
        return List.of(Files.readString(Path.of("/proc", Long.toString(daemon.pid()), "cmdline")).split("\0"));
    }

    private static void stop(Process daemon) throws InterruptedException {
        daemon.destroy();
        boolean stopped = daemon.waitFor(3, TimeUnit.MINUTES);
        if (!stopped) {
            daemon.destroyForcibly();
        }
        assertTrue(stopped, "the daemon stopped on SIGTERM");
        assertEquals(143, daemon.exitValue(), "a clean stop on SIGTERM");
    }

    private Process start(String name) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Path jar;
        try (var jars = Files.list(REPO.resolve("target"))) {
            jar = jars.filter(p -> p.getFileName().toString().matches("dosewarden-[0-9].*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no packaged jar in target/ (mvn package)"));
        }
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", REPO.resolve("packaging/dosewarden").toString(), "serve",
                "--dosewarden.data-dir=" + dir.resolve("data"), "--micronaut.server.host=127.0.0.1",
                "--micronaut.server.port=" + Ports.free(), "--dosewarden.mqtt.embedded.port=" + Ports.free(),
                "--dosewarden.mqtt.embedded.websocket-port=" + Ports.free());
        pb.environment().keySet().removeIf(k -> k.startsWith("DOSEWARDEN_") || k.startsWith("JAVA_TOOL"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("DOSEWARDEN_JAR", jar.toString());
        Path defaults = Files.writeString(dir.resolve("default"), Files.readString(REPO.resolve("packaging/etc/default"))
                + "\nDOSEWARDEN_STARTUP_CACHE=aot\n");
        pb.environment().put("DOSEWARDEN_DEFAULTS", defaults.toString());
        pb.environment().put("DOSEWARDEN_CACHE_DIR", work.resolve("cache").toString());
        pb.environment().put("DOSEWARDEN_DEVICE_PROFILES", REPO.resolve("device-profiles").toString());
        Path log = dir.resolve("daemon.log");
        try (NotifySocketListener systemd = NotifySocketListener.bind(dir.resolve("notify"))) {
            pb.environment().put("NOTIFY_SOCKET", systemd.path().toString());
            Process daemon = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String message;
            do {
                message = systemd.next(Duration.ofMinutes(3));
            } while (message != null && !message.startsWith("READY=1"));
            if (message == null) {
                daemon.destroyForcibly();
            }
            assertNotNull(message, "no READY=1 within 3 min: " + Files.readString(log));
            return daemon;
        }
    }
}
