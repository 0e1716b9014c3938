package org.dosewarden.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on the loopback address for services a test starts (a daemon's HTTP port, a broker).
 *
 * <p>A port is chosen below the kernel's ephemeral range: a port the kernel handed out (port 0) and that the test
 * then passes to a child process can meanwhile be taken by any outgoing connection of another test, which the
 * kernel gives ports from that range. Below it only explicit binds compete. The test JVMs run side by side (the
 * build starts two, {@code dosewarden.test.fork} = 1, 2, ...), so each takes its ports from its own slice of that
 * range and two JVMs never pick the same one.
 */
public final class Ports {

    private static final int LOWEST = 10_000;
    private static final int SLICES = 4;
    /** Ports this JVM handed out lately: one is not handed out again while a test may not have bound it yet. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** A port that was free on 127.0.0.1 a moment ago, from this test JVM's own slice. */
    public static int free() throws IOException {
        int below = ephemeralRangeStart();
        int slice = (below - LOWEST) / SLICES;
        int fork = Math.floorMod(Integer.getInteger("dosewarden.test.fork", 1) - 1, SLICES);
        int first = LOWEST + fork * slice;
        for (int attempt = 0; attempt < 50 && slice > 100; attempt++) {
            int port = first + ThreadLocalRandom.current().nextInt(slice);
            if (HANDED_OUT.size() > slice / 2) {
                HANDED_OUT.clear();
            }
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                HANDED_OUT.add(port);
                return s.getLocalPort();
            } catch (IOException taken) {
                // in use: another one
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int ephemeralRangeStart() {
        try {
            // Not Files.readString: a /proc/sys file may report a size smaller than what it holds (1 byte here),
            // and the read stops there ("3" of "32768 60999"), which left no slice and always fell back to port 0.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().strip();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;  // Linux's default
        }
    }
}
