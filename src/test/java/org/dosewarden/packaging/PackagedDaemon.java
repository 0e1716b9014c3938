package org.dosewarden.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dosewarden.testing.NotifySocketListener;
import org.dosewarden.testing.Ports;

/**
 * The packaged jar started by the package's launcher as systemd starts it (a notify socket, the package's
 * defaults with the AOT cache chosen, a cache directory of the test's own), and the launcher's
 * {@code startup-cache}, for the start-up cache tests.
 *
 * @param args the daemon JVM's command line, as the launcher made it
 */
record PackagedDaemon(Process process, NotifySocketListener systemd, Path log, List<String> args) {

    private static final Path REPO = Path.of("").toAbsolutePath();

    /** The packaged jar in target/ (failsafe runs after package). */
    static Path jar() throws IOException {
        try (var jars = Files.list(REPO.resolve("target"))) {
            return jars.filter(p -> p.getFileName().toString().matches("dosewarden-[0-9].*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no packaged jar in target/ (mvn package)"));
        }
    }

    /** Starts a daemon in {@code work/name} (cache in {@code work/cache}) and waits up to 3 min for READY=1. */
    static PackagedDaemon startReady(Path work, String name) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        ProcessBuilder pb = launcher(work, dir, "serve",
                "--dosewarden.data-dir=" + dir.resolve("data"), "--micronaut.server.host=127.0.0.1",
                "--micronaut.server.port=" + Ports.free(), "--dosewarden.mqtt.embedded.port=" + Ports.free(),
                "--dosewarden.mqtt.embedded.websocket-port=" + Ports.free());
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
        return new PackagedDaemon(daemon, systemd, log, args);
    }

    /**
     * {@code dosewarden startup-cache}, as dosewarden-startup-cache.service runs it, with the cache in
     * {@code work/cache}; its output is in {@code work/name.log}.
     *
     * @return its exit code
     */
    static int recordStartupCache(Path work, String name) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Path log = work.resolve(name + ".log");
        Process p = launcher(work, dir, "startup-cache").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("startup-cache took more than 5 min: " + Files.readString(log));
        }
        return p.exitValue();
    }

    /** The package's launcher on the packaged jar, with the package's defaults (the AOT cache chosen). */
    private static ProcessBuilder launcher(Path work, Path dir, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", REPO.resolve("packaging/dosewarden").toString());
        pb.command().addAll(List.of(command));
        pb.environment().keySet().removeIf(k -> k.startsWith("DOSEWARDEN_") || k.startsWith("JAVA_TOOL"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("DOSEWARDEN_JAR", jar().toString());
        // the package's settings, the AOT cache chosen whatever they say
        Path defaults = Files.writeString(dir.resolve("default"), Files.readString(REPO.resolve("packaging/etc/default"))
                + "\nDOSEWARDEN_STARTUP_CACHE=aot\n");
        pb.environment().put("DOSEWARDEN_DEFAULTS", defaults.toString());
        pb.environment().put("DOSEWARDEN_CACHE_DIR", work.resolve("cache").toString());
        pb.environment().put("DOSEWARDEN_DEVICE_PROFILES", REPO.resolve("device-profiles").toString());
        return pb;
    }

    /** SIGTERM, as systemd stops it: a clean stop (exit 143) within 3 min. */
    void stop() throws InterruptedException {
        process.destroy();
        boolean stopped = process.waitFor(3, TimeUnit.MINUTES);
        if (!stopped) {
            process.destroyForcibly();
        }
        systemd.close();
        assertTrue(stopped, "the daemon stopped on SIGTERM");
        assertEquals(143, process.exitValue(), "a clean stop on SIGTERM");
    }
}
