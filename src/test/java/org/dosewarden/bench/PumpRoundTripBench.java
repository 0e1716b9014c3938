package org.dosewarden.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.LinkLostException;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.Transport;
import org.dosewarden.pump.link.SerialTransport;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.pump.newera.NeFrames;
import org.dosewarden.sim.SerialPortLine;
import org.dosewarden.sim.SimulatedPump;
import org.dosewarden.sim.StreamLine;
import org.dosewarden.testing.SocatPair;

/**
 * Command round trip of the New Era driver over a real socat pty against the simulator, beside the raw pty
 * round trip (a trivial echo peer, same frame sizes) measured in the same run, so the protocol's own cost
 * (framing, parsing, the simulator's execution, the driver's stale-byte drain) shows as the difference.
 *
 * <p>{@code PumpRoundTripBench [--rounds N]} (default 2000 per measurement, after 200 warm-up rounds).
 */
public final class PumpRoundTripBench {

    private static final TimeSource TIME = TimeSource.system();
    private static final SerialSettings LINE = SerialSettings.eightNoneOne(19200);

    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = 2000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            }
        }
        System.out.printf(Locale.ROOT, "pump round trip over a socat pty (jSerialComm both ends), %d rounds each%n",
                rounds);
        System.out.printf(Locale.ROOT, "%-44s %10s %10s %10s%n", "measurement", "p50 us", "p99 us", "max us");

        try (SocatPair echoPair = SocatPair.start();
                Transport a = new SerialTransport(echoPair.a().toString(), LINE, TIME);
                Transport b = new SerialTransport(echoPair.b().toString(), LINE, TIME)) {
            a.open();
            b.open();
            Thread echo = new Thread(() -> echo(b), "bench-echo");
            echo.setDaemon(true);
            echo.start();
            // Same sizes as a status query and its reply: "0\r" out, STX "00S" ETX back.
            report("raw pty echo, 2-byte frame", measure(rounds, () -> echoRound(a, NeFrames.basicRequest("0"))));
            report("raw pty echo, 9-byte frame", measure(rounds, () -> echoRound(a, NeFrames.safe("00RUN"))));
            b.close();
        }

        try (SocatPair simPair = SocatPair.start()) {
            SimulatedPump pump = SimulatedPump.builder(TIME).powerUpAlarm(false).build();
            StreamLine line = SerialPortLine.start(pump, simPair.b());
            NeDriverSettings settings = NeDriverSettings.defaults(0);
            try (NeDriver driver = new NeDriver(new SerialTransport(simPair.a().toString(), LINE, TIME), TIME, settings)) {
                driver.connect();
                report("driver status query, basic framing", measure(rounds, driver::status));
                report("driver VER (identify), basic framing", measure(rounds, driver::identify));
                report("driver DIS (read delivered), basic framing", measure(rounds, driver::readDelivered));
                driver.armWatchdog(Duration.ofSeconds(60));
                report("driver status query, safe framing (CRC)", measure(rounds, driver::status));
                report("driver DIS (read delivered), safe framing", measure(rounds, driver::readDelivered));
                report("driver setRate (3 commands + read-back)", measure(rounds / 4, () -> driver.setRate(
                        new org.dosewarden.dose.quantity.FlowRate(10_000))));
                driver.disarmWatchdog();
            } finally {
                line.close();
            }
        }
    }

    private static void echo(Transport b) {
        byte[] buf = new byte[256];
        try {
            while (true) {
                int n = b.read(buf, 0, buf.length, TIME.monotonicNanos() + 1_000_000_000L);
                if (n > 0) {
                    b.write(Arrays.copyOf(buf, n));
                }
            }
        } catch (Exception e) {
            // link closed: benchmark over
        }
    }

    private static void echoRound(Transport a, byte[] frame) throws Exception {
        a.write(frame);
        byte[] buf = new byte[64];
        int got = 0;
        long deadline = TIME.monotonicNanos() + 2_000_000_000L;
        while (got < frame.length) {
            int n = a.read(buf, got, buf.length - got, deadline);
            if (n == 0) {
                throw new LinkLostException("echo peer did not answer");
            }
            got += n;
        }
    }

    private static long[] measure(int rounds, Op op) throws Exception {
        for (int i = 0; i < 200; i++) {
            op.run();
        }
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            try {
                op.run();
            } catch (PumpException e) {
                throw new IllegalStateException("benchmark round failed: " + e.getMessage(), e);
            }
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void report(String what, long[] sorted) {
        System.out.printf(Locale.ROOT, "%-44s %10.1f %10.1f %10.1f%n", what, pct(sorted, 50) / 1e3,
                pct(sorted, 99) / 1e3, sorted[sorted.length - 1] / 1e3);
    }

    private static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
