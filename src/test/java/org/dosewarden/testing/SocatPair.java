package org.dosewarden.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real pseudo-terminal pair made by {@code socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B}
 * in a fresh temporary directory: whatever is written to one end can be read on the other, through
 * the kernel's tty layer, exactly like a null-modem cable. {@link #unplug()} kills socat (both ends see
 * EIO/hang-up, like a pulled USB adapter); {@link #replug()} starts a new socat on the same link paths
 * (new {@code /dev/pts} numbers behind them, so openers must re-resolve the links).
 *
 * <pre>{@code
 * try (SocatPair pair = SocatPair.start()) {
 *     open pair.a() with the code under test, pair.b() with the peer
 * }
 * }</pre>
 */
public final class SocatPair implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final Path a;
    private final Path b;
    private Process socat;

    private SocatPair(Path dir) {
        this.dir = dir;
        this.a = dir.resolve("ttyA");
        this.b = dir.resolve("ttyB");
    }

    /** Starts socat and returns once both links exist and socat is transferring data. */
    public static SocatPair start() throws IOException {
        SocatPair pair = new SocatPair(Files.createTempDirectory("dosewarden-pty-"));
        try {
            pair.launch();
        } catch (IOException | RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** One end (conventionally the side under test). */
    public Path a() {
        return a;
    }

    /** The other end (conventionally the peer: simulator, scripted fake, echo). */
    public Path b() {
        return b;
    }

    public boolean isRunning() {
        return socat != null && socat.isAlive();
    }

    /** Kills socat, as if the cable were pulled; waits until it has exited and its links are gone. */
    public void unplug() {
        if (socat == null) {
            return;
        }
        socat.destroy();
        try {
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socat.destroyForcibly();
        }
        socat = null;
        try {
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a new socat on the same link paths after {@link #unplug()}. */
    public void replug() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("socat is still running; unplug first");
        }
        launch();
    }

    @Override
    public void close() {
        unplug();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover empty temp directory is harmless
        }
    }

    private void launch() throws IOException {
        ProcessBuilder pb = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        CountDownLatch ready = new CountDownLatch(1);
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    if (line.contains("starting data transfer loop")) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // socat exited
            }
        }, "socat-stderr-" + dir.getFileName());
        reader.setDaemon(true);
        reader.start();
        try {
            boolean started = ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!started || !Files.exists(a) || !Files.exists(b)) {
                process.destroyForcibly();
                synchronized (log) {
                    throw new IOException("socat did not create " + a + " and " + b + " within " + START_TIMEOUT
                            + "; its log:\n" + log);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while starting socat", e);
        }
        socat = process;
    }
}
