package org.dosewarden.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The packaged jar started by the package's launcher on this JDK, as systemd starts it: the first start records
 * an AOT cache and its clean stop writes it; a cache damaged afterwards in a way the launcher cannot see (the
 * same size of file, garbage inside) still lets the daemon start and report ready, only without the cache.
 */
class LauncherStartupCacheIT {

    private static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path work;

    @Test
    @DisplayName("the daemon records its AOT cache at its first clean stop, and starts ready with a damaged cache")
    void recordsThenStartsWithADamagedCache() throws Exception {
        assertTrue(Runtime.version().feature() >= 25, "the build's JDK (25) has the AOT cache; this is "
                + Runtime.version());
        Path cache = Files.createDirectories(work.resolve("cache"));
        Path aot = cache.resolve("dosewarden.aot");

        Started first = start("first");
        assertTrue(first.args().contains("-XX:AOTCacheOutput=" + aot), first.args().toString());
        first.stop();
        assertTrue(Files.size(aot) > 1_000_000, "the clean stop wrote the cache: " + first.log());
        assertFalse(Files.exists(cache.resolve("dosewarden.aot.config")), "and removed its recording");

        byte[] garbage = new byte[(int) Files.size(aot)];
        new java.util.Random(15).nextBytes(garbage);
        Files.write(aot, garbage);
        Started second = start("second");
        assertTrue(second.args().contains("-XX:AOTCache=" + aot), "the launcher cannot tell; the JVM must: "
                + second.args());
        second.stop();
    }

    private record Started(Process daemon, NotifySocketListener systemd, Path log, List<String> args) {
        void stop() throws InterruptedException {
            daemon.destroy();
            boolean stopped = daemon.waitFor(3, TimeUnit.MINUTES);
            systemd.close();
            assertTrue(stopped, "the daemon stopped on SIGTERM");
            assertEquals(143, daemon.exitValue(), "a clean stop on SIGTERM");
        }
    }

    private Started start(String name) throws Exception {
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
        // the package's settings with the AOT cache chosen (its default is the class-data archive)
        Path defaults = Files.writeString(dir.resolve("default"), Files.readString(REPO.resolve("packaging/etc/default"))
                + "\nDOSEWARDEN_STARTUP_CACHE=aot\n");
        pb.environment().put("DOSEWARDEN_DEFAULTS", defaults.toString());
        pb.environment().put("DOSEWARDEN_CACHE_DIR", work.resolve("cache").toString());
        pb.environment().put("DOSEWARDEN_DEVICE_PROFILES", REPO.resolve("device-profiles").toString());
        Path log = dir.resolve("daemon.log");
        NotifySocketListener systemd = NotifySocketListener.bind(dir.resolve("notify"));
        pb.environment().put("NOTIFY_SOCKET", systemd.path().toString());
        Process daemon = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String message;
        do {
            message = systemd.next(Duration.ofMinutes(3));
        } while (message != null && !message.startsWith("READY=1"));
        if (message == null) {
            daemon.destroyForcibly();
            systemd.close();
        }
        assertNotNull(message, "no READY=1 within 3 min: " + Files.readString(log));
        List<String> args = List.of(Files.readString(Path.of("/proc", Long.toString(daemon.pid()), "cmdline"))
                .split("\0"));
        return new Started(daemon, systemd, log, args);
    }

}
