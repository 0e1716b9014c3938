package org.dosewarden.bench;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dosewarden.channel.BenchChannels;
import org.dosewarden.channel.ChannelSettings;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.channel.ChannelSupervisor;
import org.dosewarden.channel.ProgramOrder;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.journal.Journal;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.newera.NeFormatException;
import org.dosewarden.pump.newera.NeFrameDecoder;
import org.dosewarden.pump.newera.NeFrameEvent;
import org.dosewarden.pump.newera.NeRequest;
import org.dosewarden.pump.profile.DeviceProfile;
import org.dosewarden.pump.profile.DeviceProfiles;
import org.dosewarden.pump.wiring.PumpDrivers;
import org.dosewarden.pump.wiring.TransportFactory;
import org.dosewarden.sim.SimulatedPump;
import org.dosewarden.sim.StreamLine;
import org.dosewarden.testing.SocatPair;

/**
 * Reaction latency (issue 5, "Benchmarks"): from the simulator writing a reply that carries an unsafe reading
 * to the stop command arriving back at the simulator, over a real socat pty opened with jSerialComm on both
 * sides, and in the same run the raw round trip of a trivial echo over another socat pty.
 *
 * <p><b>Set-up.</b> A channel built as the daemon builds it for the {@code newera-ne1000} profile (real New Era
 * driver on a {@code SerialTransport}, safe-mode watchdog armed, real safety core, real SQLite journal with
 * {@code synchronous=FULL} on the project's disk unless {@code --journal-dir} says otherwise). The simulated
 * NE-1000 is served on the other end of the pty by a {@link StreamLine} whose streams are wrapped to
 * timestamp bytes ({@link System#nanoTime()}) and decode requests. Pump and channel share one
 * {@link ManualTimeSource}: the bench steps the channel ({@code runCycle}) itself, advancing virtual time by
 * one poll (250 ms) per cycle, so nothing waits for a real poll period; all bytes still cross the ptys in
 * real time.
 *
 * <p><b>One trip.</b> With an infusion running at 84 mL/h and two ordinary cycles done, the simulated motor is
 * switched to 30 x the programmed rate ({@code faults().rateFactor}) and virtual time advances one poll: the
 * next cycle's {@code DIS} reply reports ~175 uL where 6 uL were due, which is over-infusion (SR-A5). The
 * cycle reads status, rate and that {@code DIS}, the core trips, the event and decision records are made
 * durable, and the driver's stop sends a status query and then {@code STP}.
 * <ul>
 *   <li>t0: just before the simulator's line writes the {@code DIS} reply carrying the unsafe count;</li>
 *   <li>t1: when the simulator's line has read the first request after it (the stop path's status query);</li>
 *   <li>t2: when it has read the complete {@code STP} request.</li>
 * </ul>
 * Reported: t2 - t0 (the reaction latency) and t1 - t0 (up to the first byte of the stop path), p50/p99, and
 * the echo round trip. After each trip the infusion is ended and a new one started; every 50 trips a fresh
 * pty, pump and channel are used so the pump's never-cleared counter keeps its 1 uL resolution.
 *
 * <pre>
 * java -cp ... org.dosewarden.bench.ReactionBench [--trips N] [--quick] [--journal-dir DIR]
 * </pre>
 */
public final class ReactionBench {

    private static final Duration POLL = ChannelSettings.DEFAULT_POLL_PERIOD;
    private static final int TRIPS_PER_PUMP = 50;
    private static final BigDecimal RUNAWAY = BigDecimal.valueOf(30);
    private static final long TRIP_TIMEOUT_MILLIS = 60_000;

    private ReactionBench() {
    }

    public static void main(String[] args) throws Exception {
        int trips = 1000;
        Path journalBase = Path.of("target", "bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trips" -> trips = Integer.parseInt(args[++i]);
                case "--quick" -> trips = 100;
                case "--journal-dir" -> journalBase = Path.of(args[++i]);
                case "--help", "-h" -> {
                    System.out.println("ReactionBench [--trips N (default 1000)] [--quick (100)] [--journal-dir DIR]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --trips N, --quick, --journal-dir DIR)");
            }
        }
        if (trips < 1 || trips > 100_000) {
            throw new IllegalArgumentException("--trips must be 1..100000, not " + trips);
        }
        Path dir = journalBase.resolve("dosewarden-reaction-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "reaction bench: %d trips, journal %s (%s), load %s%n", trips, dir,
                SupervisionBenchSupport.fileSystemOf(dir), SupervisionBenchSupport.loadAverage());
        Watchdog watchdog = Watchdog.start(TRIP_TIMEOUT_MILLIS);
        long started = System.nanoTime();
        try (Journal journal = Journal.open(dir, new ManualTimeSource());
             SocatPair echoPair = SocatPair.start();
             Echo echo = Echo.start(echoPair)) {
            watchdog.track(echoPair);
            DeviceProfile profile = DeviceProfiles.standard().load("newera-ne1000");
            long[] toStop = new long[trips];
            long[] toFirstRequest = new long[trips];
            long[] echoRtt = new long[trips];
            List<String> firstTripRequests = List.of();
            int done = 0;
            int rig = 0;
            while (done < trips) {
                try (Rig r = Rig.start(profile, journal, "reaction-" + (++rig))) {
                    watchdog.track(r.pair);
                    for (int i = 0; i < TRIPS_PER_PUMP && done < trips; i++, done++) {
                        watchdog.beat("trip " + (done + 1));
                        r.startInfusion();
                        Probe.Trip t = r.trip();
                        toStop[done] = t.stopNanos() - t.unsafeReplyNanos();
                        toFirstRequest[done] = t.firstRequestNanos() - t.unsafeReplyNanos();
                        if (done == 0) {
                            firstTripRequests = t.requestsUntilStop();
                        }
                        r.endSession();
                        echoRtt[done] = echo.roundTrip(t.unsafeReply());
                    }
                    watchdog.untrack(r.pair);
                }
            }
            watchdog.stop();
            System.out.println("requests the simulator received after the unsafe DIS reply, up to STP (first trip): "
                    + firstTripRequests);
            System.out.println("unsafe reading -> STP at the simulator (reaction latency): "
                    + SupervisionBenchSupport.microsSummary(toStop));
            System.out.println("unsafe reading -> first request of the stop path (status query): "
                    + SupervisionBenchSupport.microsSummary(toFirstRequest));
            System.out.println("raw pty round trip (jSerialComm -> socat pty -> echo -> back), same frame size, "
                    + "interleaved with the trips: " + SupervisionBenchSupport.microsSummary(echoRtt));
            long[] a = toStop.clone();
            long[] b = echoRtt.clone();
            Arrays.sort(a);
            Arrays.sort(b);
            System.out.printf(Locale.ROOT, "reaction p50 minus echo p50: %.0f us (decode, core, durable journal, "
                            + "one extra status round trip of the driver's stop)%n",
                    (SupervisionBenchSupport.percentile(a, 50) - SupervisionBenchSupport.percentile(b, 50)) / 1e3);
        } finally {
            watchdog.stop();
            SupervisionBenchSupport.deleteTree(dir);
        }
        System.out.printf(Locale.ROOT, "reaction bench: %.1f s real time%n", (System.nanoTime() - started) / 1e9);
    }

    /** One pty pair, one simulated pump served on it, one channel on the other end. */
    private static final class Rig implements AutoCloseable {
        private final ManualTimeSource clock;
        private final SocatPair pair;
        private final SimulatedPump pump;
        private final Probe probe;
        private final StreamLine line;
        private final ChannelSupervisor channel;
        private final ProgramOrder order;

        private Rig(ManualTimeSource clock, SocatPair pair, SimulatedPump pump, Probe probe, StreamLine line,
                    ChannelSupervisor channel, ProgramOrder order) {
            this.clock = clock;
            this.pair = pair;
            this.pump = pump;
            this.probe = probe;
            this.line = line;
            this.channel = channel;
            this.order = order;
        }

        static Rig start(DeviceProfile profile, Journal journal, String name) throws Exception {
            ManualTimeSource clock = new ManualTimeSource();
            SocatPair pair = SocatPair.start();
            SimulatedPump pump = SimulatedPump.builder(clock).name(name).diameterMm(new BigDecimal("26.59"))
                    .powerUpAlarm(false).build();
            SerialPort simPort = SerialPort.getCommPort(pair.b().toString());
            simPort.setComPortParameters(pump.snapshot().baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            simPort.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
            if (!simPort.openPort()) {
                pair.close();
                throw new IOException("cannot open " + pair.b() + " for the simulator");
            }
            simPort.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
            Probe probe = new Probe();
            StreamLine line = StreamLine.start(pump, probe.wrap(simPort.getInputStreamWithSuppressedTimeoutExceptions()),
                    probe.wrap(simPort.getOutputStream()), simPort::closePort, "reaction bench");
            ChannelSettings settings = new ChannelSettings(name, profile.id(), pair.a().toString(), 0,
                    "bd-plastic-60ml", null, POLL, ChannelSettings.DEFAULT_LINK_TIMEOUT,
                    ChannelSettings.DEFAULT_WATCHDOG_SECONDS);
            PumpDriver driver = PumpDrivers.create(profile, Optional.of(pair.a().toString()), Optional.of(0),
                    Optional.empty(), clock, TransportFactory.serialAndTcp());
            ChannelSupervisor channel = BenchChannels.create(settings, profile, driver, journal, clock, 1);
            BenchChannels.begin(channel);
            // 84 mL/h (1.2 mg/kg/h, 70 kg, 1 mg/mL) with a total far beyond what the trips deliver.
            ProgramOrder order = SupervisionBenchSupport.ketamineRate(channel.pumpCapability().orElseThrow(), 70,
                    "1.2", "0.5");
            return new Rig(clock, pair, pump, probe, line, channel, order);
        }

        void startInfusion() {
            SupervisionBenchSupport.programAndStart(channel, clock, order);
            for (int i = 0; i < 2; i++) {
                clock.advance(POLL);
                BenchChannels.cycle(channel);
            }
            if (!channel.snapshot().infusionState().equals("RUNNING")) {
                throw new IllegalStateException("ordinary cycles did not keep the infusion running: " + channel.snapshot());
            }
        }

        Probe.Trip trip() {
            probe.arm();
            pump.faults().rateFactor(RUNAWAY);
            clock.advance(POLL);
            BenchChannels.cycle(channel);
            Probe.Trip t = probe.disarm();
            pump.faults().rateFactor(BigDecimal.ONE);
            ChannelSnapshot s = channel.snapshot();
            boolean overInfusion = s.activeAlarms().stream().anyMatch(a -> a.type().equals("OVER_INFUSION"));
            if (!s.infusionState().equals("TRIPPED") || !overInfusion || t == null) {
                throw new IllegalStateException("the unsafe reading did not trip the channel with OVER_INFUSION and a "
                        + "STP: probe " + t + ", channel " + s);
            }
            if (pump.snapshot().prompt().motorMayRun()) {
                throw new IllegalStateException("pump still running after the trip: " + pump.snapshot());
            }
            return t;
        }

        void endSession() {
            SupervisionBenchSupport.acknowledgeAndEnd(channel, clock);
        }

        @Override
        public void close() {
            channel.close();
            line.close();
            pair.close();
        }
    }

    /**
     * The simulator side's view of the line: wraps the streams its {@link StreamLine} reads and writes, decodes
     * every request, and, while armed, takes the timestamps of one trip.
     */
    static final class Probe {
        /** What one armed trip saw; times are {@link System#nanoTime()}. */
        record Trip(long unsafeReplyNanos, long firstRequestNanos, long stopNanos, byte[] unsafeReply,
                    List<String> requestsUntilStop) {
            @Override
            public String toString() {
                return "Trip[firstRequest +" + (firstRequestNanos - unsafeReplyNanos) / 1000 + " us, STP +"
                        + (stopNanos - unsafeReplyNanos) / 1000 + " us, requests " + requestsUntilStop + "]";
            }
        }

        private final NeFrameDecoder decoder = NeFrameDecoder.forRequests();
        private volatile boolean armed;
        private volatile boolean disRequested;
        private volatile long unsafeReplyNanos;
        private volatile byte[] unsafeReply;
        private volatile long firstRequestNanos;
        private volatile long stopNanos;
        private final List<String> requests = new ArrayList<>();

        synchronized void arm() {
            unsafeReplyNanos = 0;
            firstRequestNanos = 0;
            stopNanos = 0;
            unsafeReply = null;
            requests.clear();
            disRequested = false;
            armed = true;
        }

        /** Ends the trip; null when it did not see an unsafe reply followed by STP. */
        synchronized Trip disarm() {
            armed = false;
            if (unsafeReplyNanos == 0 || stopNanos == 0) {
                return null;
            }
            return new Trip(unsafeReplyNanos, firstRequestNanos, stopNanos, unsafeReply, List.copyOf(requests));
        }

        /** Called on the simulator's receive thread with what it just read. */
        private void received(byte[] data, int offset, int length, long at) {
            decoder.feed(data, offset, length);
            for (Optional<NeFrameEvent> e = decoder.next(); e.isPresent(); e = decoder.next()) {
                if (!(e.get() instanceof NeFrameEvent.Frame f)) {
                    continue;
                }
                String command;
                try {
                    command = NeRequest.parse(f.framing(), f.payload()).command();
                } catch (NeFormatException ex) {
                    command = "?";
                }
                synchronized (this) {
                    if (!armed) {
                        continue;
                    }
                    if (unsafeReplyNanos == 0) {
                        // The reply to this request is the next thing the line writes.
                        disRequested = command.equals("DIS");
                        continue;
                    }
                    if (stopNanos != 0) {
                        continue;
                    }
                    if (firstRequestNanos == 0) {
                        firstRequestNanos = at;
                    }
                    requests.add(command.isEmpty() ? "(status)" : command);
                    if (command.equals("STP")) {
                        stopNanos = at;
                    }
                }
            }
        }

        /** Called on the simulator's send thread just before it writes. */
        private void sending(byte[] data, int offset, int length, long at) {
            synchronized (this) {
                if (armed && disRequested && unsafeReplyNanos == 0) {
                    unsafeReplyNanos = at;
                    unsafeReply = Arrays.copyOfRange(data, offset, offset + length);
                }
                disRequested = false;
            }
        }

        InputStream wrap(InputStream in) {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n <= 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    if (n > 0) {
                        received(b, off, n, System.nanoTime());
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }

        OutputStream wrap(OutputStream out) {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    sending(b, off, len, System.nanoTime());
                    out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }
    }

    /** A trivial echo on one end of a pty pair; round trips are timed from the other end. */
    private static final class Echo implements AutoCloseable {
        private final SerialPort near;
        private final SerialPort far;
        private final Thread thread;
        private volatile boolean running = true;

        private Echo(SerialPort near, SerialPort far) {
            this.near = near;
            this.far = far;
            this.thread = Thread.ofPlatform().daemon().name("pty-echo").unstarted(this::echoLoop);
        }

        static Echo start(SocatPair pair) throws IOException {
            SerialPort near = open(pair.a());
            SerialPort far = open(pair.b());
            Echo echo = new Echo(near, far);
            echo.thread.start();
            return echo;
        }

        private static SerialPort open(Path device) throws IOException {
            SerialPort port = SerialPort.getCommPort(device.toString());
            port.setComPortParameters(19200, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
            if (!port.openPort()) {
                throw new IOException("cannot open " + device + ": errno " + port.getLastErrorCode());
            }
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
            return port;
        }

        private void echoLoop() {
            byte[] buf = new byte[256];
            while (running) {
                int n = far.readBytes(buf, buf.length);
                if (n < 0) {
                    return;
                }
                int at = 0;
                while (at < n) {
                    int w = far.writeBytes(buf, n - at, at);
                    if (w < 0) {
                        return;
                    }
                    at += w;
                }
            }
        }

        /** Writes {@code frame} on the near end and reads until all of it is back. */
        long roundTrip(byte[] frame) throws IOException {
            byte[] back = new byte[frame.length];
            long t0 = System.nanoTime();
            int written = 0;
            while (written < frame.length) {
                int w = near.writeBytes(frame, frame.length - written, written);
                if (w < 0) {
                    throw new IOException("echo pty write failed");
                }
                written += w;
            }
            int got = 0;
            long deadline = t0 + 5_000_000_000L;
            while (got < frame.length) {
                int n = near.readBytes(back, frame.length - got, got);
                if (n < 0 || System.nanoTime() > deadline) {
                    throw new IOException("echo did not come back (" + got + " of " + frame.length + " bytes)");
                }
                got += n;
            }
            long t1 = System.nanoTime();
            if (!Arrays.equals(frame, back)) {
                throw new IOException("echo came back different");
            }
            return t1 - t0;
        }

        @Override
        public void close() {
            running = false;
            near.closePort();
            far.closePort();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Virtual time never passes on its own here, so a lost reply would leave the driver waiting forever. This
     * ends the benchmark with a message instead when one trip takes longer than its limit in real time.
     */
    private static final class Watchdog {
        private final Thread thread;
        private volatile long lastBeat = System.nanoTime();
        private volatile String where = "start-up";
        private volatile boolean stopped;
        private final List<SocatPair> pairs = new java.util.concurrent.CopyOnWriteArrayList<>();

        private Watchdog(long limitMillis) {
            thread = Thread.ofPlatform().daemon().name("reaction-bench-watchdog").unstarted(() -> {
                while (!stopped) {
                    if (System.nanoTime() - lastBeat > limitMillis * 1_000_000L) {
                        System.err.println("reaction bench: no progress for " + limitMillis + " ms at " + where
                                + "; giving up");
                        pairs.forEach(SocatPair::unplug);  // no socat left behind
                        Runtime.getRuntime().halt(2);
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static Watchdog start(long limitMillis) {
            Watchdog w = new Watchdog(limitMillis);
            w.thread.start();
            return w;
        }

        void beat(String at) {
            where = at;
            lastBeat = System.nanoTime();
        }

        /** socat pairs to kill before giving up. */
        void track(SocatPair pair) {
            pairs.add(pair);
        }

        void untrack(SocatPair pair) {
            pairs.remove(pair);
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }
    }
}
