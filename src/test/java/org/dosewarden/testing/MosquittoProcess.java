package org.dosewarden.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code mosquitto} binary run on a configuration file the caller wrote, listening on 127.0.0.1:{@code
 * port}, its output appended to {@code mosquitto.log} beside the configuration. The brokers of the tests
 * ({@code MosquittoBroker}, {@link SiteBroker}) write their own configuration and accounts and run it through
 * this; {@link #stop()} and {@link #start()} keep the port.
 */
public final class MosquittoProcess {

    private final Path dir;
    private final int port;
    private final Path config;
    private Process process;

    public MosquittoProcess(Path dir, int port, Path config) {
        this.dir = dir;
        this.port = port;
        this.config = config;
    }

    /** Starts mosquitto and waits (up to 10 s) until it accepts connections; its log says why when it exits. */
    public void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("mosquitto already running on port " + port);
        }
        process = new ProcessBuilder("mosquitto", "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on port " + port + " within 10 s");
    }

    /** Stops mosquitto with SIGTERM (it saves retained messages and persistent sessions if it keeps any) and waits. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** What mosquitto wrote so far. */
    public String log() throws IOException {
        Path log = dir.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Adds (or replaces) an account in a mosquitto password file with {@code mosquitto_passwd -b}. */
    public static void addAccount(Path passwordFile, String user, String password)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mosquitto_passwd", "-b", passwordFile.toString(), user, password)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("mosquitto_passwd failed for " + user + ": " + out);
        }
    }
}
