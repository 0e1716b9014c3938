package org.dosewarden.bench;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.newera.NeFrameDecoder;
import org.dosewarden.pump.newera.NeFrames;
import org.dosewarden.sim.PtyBridge;
import org.dosewarden.sim.SimTransport;
import org.dosewarden.sim.SimulatedPump;
import org.dosewarden.sim.TcpPumpServer;

/**
 * Pump simulator numbers: how fast virtual time runs (a 10 h infusion polled every second through the
 * in-process transport), and command round trips (DIS) in-process, over TCP on 127.0.0.1 and over a socat pty
 * opened with jSerialComm. Prints numbers; never asserts on them.
 */
public final class SimulatorBench {

    private static final byte[] DIS = NeFrames.basicRequest("0DIS");

    public static void main(String[] args) throws Exception {
        virtualHours();
        inProcess(100_000);
        tcp(5_000);
        pty(2_000);
    }

    private static void virtualHours() throws IOException {
        ManualTimeSource clock = new ManualTimeSource();
        SimulatedPump pump = SimulatedPump.builder(clock).powerUpAlarm(false).build();
        try (SimTransport t = new SimTransport(pump)) {
            t.open();
            exchange(t, NeFrames.basicRequest("0RAT1.234MH"), clock);
            exchange(t, NeFrames.basicRequest("0RUN"), clock);
            int polls = 36_000;
            long start = System.nanoTime();
            for (int i = 0; i < polls; i++) {
                clock.advance(java.time.Duration.ofSeconds(1));
                exchange(t, i % 10 == 0 ? DIS : NeFrames.basicRequest("0"), clock);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "virtual time: 10 h infusion, %d polls (1/s, DIS every 10 s) in %.3f s real"
                    + " = %.0f x real time, truth %d nL%n", polls, secs, 36_000 / secs, pump.truth().infusedNanolitres());
        }
    }

    private static void exchange(SimTransport t, byte[] frame, ManualTimeSource clock) throws IOException {
        t.write(frame);
        NeFrameDecoder d = NeFrameDecoder.forReplies();
        byte[] buf = new byte[64];
        while (d.next().isEmpty()) {
            int n = t.read(buf, 0, buf.length, clock.monotonicNanos() + 500_000_000L);
            if (n == 0) {
                throw new IOException("no reply");
            }
            d.feed(buf, 0, n);
        }
    }

    private static void inProcess(int n) throws IOException {
        ManualTimeSource clock = new ManualTimeSource();
        SimulatedPump pump = SimulatedPump.builder(clock).powerUpAlarm(false).build();
        try (SimTransport t = new SimTransport(pump)) {
            t.open();
            long[] ns = new long[n];
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                exchange(t, DIS, clock);
                ns[i] = System.nanoTime() - s;
            }
            report("in-process sim: round trip", ns);
        }
    }

    private static void tcp(int n) throws IOException {
        SimulatedPump pump = SimulatedPump.builder(TimeSource.system()).powerUpAlarm(false).build();
        try (TcpPumpServer server = TcpPumpServer.start(pump, 0);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setTcpNoDelay(true);
            report("TCP 127.0.0.1: round trip", roundTrips(n, s.getInputStream(), s.getOutputStream()));
        }
    }

    private static long[] roundTrips(int n, InputStream in, OutputStream out) throws IOException {
        long[] ns = new long[n];
        byte[] buf = new byte[64];
        for (int i = 0; i < n; i++) {
            NeFrameDecoder d = NeFrameDecoder.forReplies();
            long s = System.nanoTime();
            out.write(DIS);
            out.flush();
            while (d.next().isEmpty()) {
                int k = in.read(buf);
                if (k < 0) {
                    throw new IOException("closed");
                }
                d.feed(buf, 0, k);
            }
            ns[i] = System.nanoTime() - s;
        }
        return ns;
    }

    private static void pty(int n) throws Exception {
        Path dir = Files.createTempDirectory("dosewarden-simbench-");
        Path link = dir.resolve("ttyPUMP");
        SimulatedPump pump = SimulatedPump.builder(TimeSource.system()).powerUpAlarm(false).build();
        try (TcpPumpServer server = TcpPumpServer.start(pump, 0); PtyBridge bridge = PtyBridge.start(link, server, pump)) {
            SerialPort port = SerialPort.getCommPort(link.toString());
            port.setComPortParameters(19200, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            if (!port.openPort()) {
                throw new IOException("cannot open " + link);
            }
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
            try {
                report("pty (jSerialComm -> socat -> TCP -> sim): round trip",
                        roundTrips(n, port.getInputStream(), port.getOutputStream()));
            } finally {
                port.closePort();
            }
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(dir);
        }
    }

    private static void report(String what, long[] ns) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: n=%d p50=%.1f us p99=%.1f us max=%.1f us%n", what, ns.length,
                sorted[ns.length / 2] / 1e3, sorted[(int) (ns.length * 0.99)] / 1e3, sorted[ns.length - 1] / 1e3);
    }
}
