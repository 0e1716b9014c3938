package org.dosewarden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dosewarden.testing.Ports;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as its own process stops cleanly on SIGTERM (no shutdown-hook deadlock). */
class ServeShutdownTest {

    @Test
    @DisplayName("serve answers /health, then exits within 30 s of SIGTERM")
    void stopsOnSigterm(@TempDir Path dataDir) throws Exception {
        int port = org.dosewarden.testing.Ports.free();
        Process daemon = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "org.dosewarden.Dosewarden", "serve",
                "--micronaut.server.port=" + port, "--micronaut.server.host=127.0.0.1",
                "--dosewarden.data-dir=" + dataDir))
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("daemon.log").toFile())
                .start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status = 0;
            while (status != 200 && System.nanoTime() < deadline && daemon.isAlive()) {
                try {
                    status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertEquals(200, status, () -> "daemon did not come up: " + log(dataDir));
            daemon.destroy(); // SIGTERM
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), () -> "daemon still running 30 s after SIGTERM: "
                    + log(dataDir));
        } finally {
            daemon.destroyForcibly();
        }
    }

    private static String log(Path dataDir) {
        try {
            return java.nio.file.Files.readString(dataDir.resolve("daemon.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
