package org.dosewarden.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link TcpPumpServer} behind a pseudo-terminal: runs
 * {@code socat pty,raw,echo=0,link=PATH tcp:127.0.0.1:PORT}, so a host opens {@code PATH} like a USB serial
 * adapter (jSerialComm, {@code dosewarden pump --port PATH}). When socat ends (the TCP side was dropped because
 * the pump was unplugged by fault injection, or socat died) the pty disappears, as an unplugged adapter's device
 * node does; socat is started again once the pump is plugged in, and the link reappears.
 */
public final class PtyBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PtyBridge.class);
    private static final long RESTART_DELAY_MS = 200;
    private static final long LINK_WAIT_MS = 5_000;

    private final Path link;
    private final int tcpPort;
    private final SimulatedDevice pump;
    private final CountDownLatch firstReady = new CountDownLatch(1);
    private volatile Process socat;
    private volatile boolean closed;
    private volatile String failure;
    private Thread supervisor;

    private PtyBridge(Path link, int tcpPort, SimulatedDevice pump) {
        this.link = link;
        this.tcpPort = tcpPort;
        this.pump = pump;
    }

    /**
     * Starts socat and waits until {@code link} exists.
     *
     * @throws IOException when socat cannot be started (not installed) or the link does not appear in 5 s
     */
    public static PtyBridge start(Path link, TcpPumpServer server, SimulatedDevice pump) throws IOException {
        Path parent = link.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IOException("cannot create the pty link " + link + ": directory " + parent + " does not exist");
        }
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
            throw new IOException("will not replace " + link + ": it exists and is not a symbolic link");
        }
        PtyBridge bridge = new PtyBridge(link.toAbsolutePath(), server.port(), pump);
        bridge.launch();
        bridge.supervisor = Thread.ofPlatform().daemon().name("pump-sim-pty-" + pump.name()).start(bridge::supervise);
        try {
            if (!bridge.firstReady.await(LINK_WAIT_MS + 1_000, TimeUnit.MILLISECONDS) || bridge.failure != null) {
                bridge.close();
                throw new IOException("pty " + link + " did not appear: "
                        + (bridge.failure == null ? "timeout" : bridge.failure));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bridge.close();
            throw new IOException("interrupted while waiting for " + link, e);
        }
        return bridge;
    }

    public Path link() {
        return link;
    }

    private void launch() throws IOException {
        if (Files.isSymbolicLink(link)) {
            Files.delete(link);  // a stale link from a killed run; socat would refuse to replace it
        } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("will not replace " + link + ": it exists and is not a symbolic link");
        }
        List<String> cmd = List.of("socat", "pty,raw,echo=0,link=" + link, "tcp:127.0.0.1:" + tcpPort);
        try {
            socat = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot run socat (install the 'socat' package): " + e.getMessage(), e);
        }
    }

    private void supervise() {
        try {
            while (!closed) {
                Process p = socat;
                if (!awaitLink(p)) {
                    failure = "socat " + (p.isAlive() ? "made no link" : "exited with code " + p.exitValue());
                    firstReady.countDown();
                    if (!closed) {
                        LOG.warn("sim:{} pty {}: {}", pump.name(), link, failure);
                    }
                } else {
                    failure = null;
                    firstReady.countDown();
                    LOG.info("sim:{} serving on pty {}", pump.name(), link);
                    p.waitFor();
                    if (closed) {
                        return;
                    }
                    LOG.info("sim:{} pty {} gone (socat exited {})", pump.name(), link, p.exitValue());
                }
                do {
                    Thread.sleep(RESTART_DELAY_MS);  // real-time backoff of a child-process supervisor
                } while (!closed && !pump.faults().pluggedIn());
                if (!closed) {
                    launch();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage();
            firstReady.countDown();
            LOG.error("sim:{} pty supervisor stopped: {}", pump.name(), e.toString());
        }
    }

    private boolean awaitLink(Process p) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINK_WAIT_MS);
        while (System.nanoTime() < until) {
            if (Files.exists(link)) {
                return true;
            }
            if (!p.isAlive()) {
                return false;
            }
            Thread.sleep(10);  // polling a file system path the child creates; no event to wait on
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        Process p = socat;
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (supervisor != null) {
            supervisor.interrupt();
        }
    }
}
