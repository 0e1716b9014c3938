package org.dosewarden.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dosewarden.clock.ScaledTimeSource;
import org.dosewarden.clock.TimeSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The standalone pump simulator ({@code scripts/pump-sim}): one simulated pump (a New Era NE-1000, or with
 * {@code --family ultra} a Harvard Pump 11 Elite speaking the Ultra command set) served on a TCP port of
 * 127.0.0.1 and, with {@code --pty}, on a pseudo-terminal, with fault switches at start and a control channel
 * on stdin (and optionally on a TCP control port).
 *
 * <p>Standard output carries only machine-readable lines: {@code tcp 127.0.0.1:PORT}, {@code pty PATH},
 * {@code control 127.0.0.1:PORT}, then {@code ready}, then one answer line per control command. Logs go to
 * standard error.
 */
@Command(name = "pump-sim", mixinStandardHelpOptions = true,
        description = {"Simulated syringe pump for dosewarden: a New Era NE-1000 (NE1000V3.928, basic and safe mode)",
            "or, with --family ultra, a Harvard Pump 11 Elite (Ultra command set, poll mode).",
            "Serves the pump's RS-232 protocol on 127.0.0.1:PORT and optionally on a pty.",
            "Control commands on stdin (one per line, 'help' lists them)."},
        footer = {"", "Examples:",
            "  pump-sim --pty /tmp/ttyPUMP0                 serve on a pty, like a USB adapter",
            "  pump-sim --tcp-port 4001 --time-factor 60    one hour of infusion per real minute",
            "  pump-sim --pty /tmp/p --fault 'rate-factor 2' --fault-at 10m=stall",
            "  pump-sim --family ultra --pty /tmp/ttyELITE0 --fault 'noise 2'"})
public final class PumpSim implements Callable<Integer> {

    @Option(names = "--family", paramLabel = "FAMILY", description = "newera (NE-1000) or ultra (Pump 11 Elite); default ${DEFAULT-VALUE}")
    String family = "newera";

    @Option(names = "--address", paramLabel = "N", description = "pump address 0..99 (default ${DEFAULT-VALUE})")
    int address = 0;

    @Option(names = "--diameter", paramLabel = "MM", description = "syringe inside diameter in mm (default ${DEFAULT-VALUE}, BD 60 mL)")
    BigDecimal diameter = new BigDecimal("26.59");

    @Option(names = "--saf", paramLabel = "SECONDS", description = "New Era: start in safe mode with this watchdog, 0..255 (default ${DEFAULT-VALUE} = basic mode)")
    int saf = 0;

    @Option(names = "--no-power-up-alarm", description = "New Era: do not latch A?R at start (a real pump does)")
    boolean noPowerUpAlarm;

    @Option(names = "--latency", paramLabel = "MS", description = "reply delay in ms of pump time (default ${DEFAULT-VALUE})")
    long latencyMs = 0;

    @Option(names = "--time-factor", paramLabel = "N", description = "pump time runs N x faster than real time (default ${DEFAULT-VALUE})")
    long timeFactor = 1;

    @Option(names = "--tcp-port", paramLabel = "PORT", description = "TCP port on 127.0.0.1 (default ${DEFAULT-VALUE} = any free port)")
    int tcpPort = 0;

    @Option(names = "--pty", paramLabel = "PATH", description = "also serve on a pty whose symlink is PATH (needs socat)")
    Path pty;

    @Option(names = "--control-port", paramLabel = "PORT", description = "accept control commands on 127.0.0.1:PORT too (0 = any free port)")
    Integer controlPort;

    @Option(names = "--fault", paramLabel = "COMMAND", description = "control command to apply at start, e.g. 'rate-factor 2' (repeatable)")
    List<String> faults = new ArrayList<>();

    @Option(names = "--fault-at", paramLabel = "DURATION=COMMAND", description = "control command to apply after DURATION of pump time, e.g. 10m=stall (repeatable)")
    List<String> faultsAt = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "seed of the garbling fault's random source (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--name", paramLabel = "NAME", description = "simulator name for logs (default ${DEFAULT-VALUE})")
    String name = "default";

    private PrintStream out = System.out;
    private InputStream in = System.in;

    /** Entry point of {@code scripts/pump-sim}. */
    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "pump-sim-logback.xml");  // logs to stderr
        }
        System.exit(new CommandLine(new PumpSim()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Running running = start();
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "pump-sim-shutdown"));
        Thread.ofPlatform().daemon().name("pump-sim-stdin").start(() -> running.serveControl(in, out, false));
        running.awaitClose();
        return 0;
    }

    /** Parses {@code args} (as on the command line) and starts serving; for tests and embedding. */
    public static Running launch(PrintStream out, String... args) throws Exception {
        PumpSim sim = new PumpSim();
        new CommandLine(sim).parseArgs(args);
        sim.out = out;
        return sim.start();
    }

    private record TimedFault(Duration after, String command) {}

    private Running start() throws IOException {
        if (timeFactor < 1 || timeFactor > 3600) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--time-factor must be 1..3600: " + timeFactor);
        }
        List<TimedFault> timed = new ArrayList<>();
        for (String f : faultsAt) {
            int eq = f.indexOf('=');
            if (eq < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--fault-at must look like DURATION=COMMAND, e.g. 10m=stall: '" + f + "'");
            }
            timed.add(new TimedFault(ControlCommands.duration(f.substring(0, eq)), f.substring(eq + 1)));
        }
        TimeSource time = timeFactor == 1 ? TimeSource.system() : new ScaledTimeSource(TimeSource.system(), timeFactor);
        SimulatedDevice pump = switch (family) {
            case "newera" -> SimulatedPump.builder(time).name(name).address(address).diameterMm(diameter)
                    .safeModeSeconds(saf).powerUpAlarm(!noPowerUpAlarm).replyLatency(Duration.ofMillis(latencyMs))
                    .seed(seed).build();
            case "ultra" -> {
                if (saf != 0 || noPowerUpAlarm) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--saf and --no-power-up-alarm are New Era options; an Ultra pump has neither");
                }
                yield SimulatedUltraPump.builder(time).name(name).address(address).diameterMm(diameter)
                        .replyLatency(Duration.ofMillis(latencyMs)).seed(seed).build();
            }
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--family must be newera or ultra: '" + family + "'");
        };
        for (String f : faults) {
            ControlCommands.execute(pump, f);
        }
        Running running = new Running(pump, out);
        try {
            running.server = TcpPumpServer.start(pump, tcpPort);
            out.println("tcp 127.0.0.1:" + running.server.port());
            if (pty != null) {
                running.bridge = PtyBridge.start(pty, running.server, pump);
                out.println("pty " + running.bridge.link());
            }
            if (controlPort != null) {
                running.startControlPort(controlPort);
                out.println("control 127.0.0.1:" + running.control.getLocalPort());
            }
            if (!timed.isEmpty()) {
                running.schedule(timed);
            }
        } catch (IOException | RuntimeException e) {
            running.close();
            throw e;
        }
        out.println("ready");
        out.flush();
        return running;
    }

    /** A started simulator; closing it stops every server, the pty and the scheduler. */
    public static final class Running implements AutoCloseable {
        private final SimulatedDevice pump;
        private final PrintStream out;
        private final CountDownLatch closed = new CountDownLatch(1);
        private TcpPumpServer server;
        private PtyBridge bridge;
        private ServerSocket control;

        private Running(SimulatedDevice pump, PrintStream out) {
            this.pump = pump;
            this.out = out;
        }

        /** The simulated New Era pump; fails for another family (see {@link #device()}). */
        public SimulatedPump pump() {
            if (pump instanceof SimulatedPump ne) {
                return ne;
            }
            throw new IllegalStateException("the simulator runs a " + pump.family() + " pump, not a New Era one");
        }

        /** The simulated pump, whatever its family. */
        public SimulatedDevice device() {
            return pump;
        }

        public int tcpPort() {
            return server.port();
        }

        public int controlPort() {
            return control.getLocalPort();
        }

        /** Runs one control command; the answer line, or {@code error: ...}. */
        public String control(String line) {
            try {
                return ControlCommands.execute(pump, line);
            } catch (IllegalArgumentException e) {
                return "error: " + e.getMessage();
            }
        }

        /** Answers control commands read from {@code source} until it ends ({@code quit} closes everything). */
        void serveControl(InputStream source, PrintStream sink, boolean network) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(source, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    if (line.trim().equals("quit")) {
                        sink.println("ok: bye");
                        sink.flush();
                        if (!network) {
                            close();
                        }
                        return;
                    }
                    sink.println(control(line));
                    sink.flush();
                }
            } catch (IOException e) {
                // the controller went away; the simulator keeps serving
            }
        }

        private void startControlPort(int port) throws IOException {
            control = new ServerSocket();
            control.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4);
            Thread.ofPlatform().daemon().name("pump-sim-control").start(() -> {
                while (!control.isClosed()) {
                    try {
                        Socket s = control.accept();
                        Thread.ofPlatform().daemon().name("pump-sim-control-conn").start(() -> {
                            try (s; PrintStream sink = new PrintStream(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
                                serveControl(s.getInputStream(), sink, true);
                            } catch (IOException ignored) {
                                // controller disconnected
                            }
                        });
                    } catch (IOException e) {
                        return;  // closed
                    }
                }
            });
        }

        private void schedule(List<TimedFault> timed) {
            long origin = pump.time().monotonicNanos();
            Thread.ofPlatform().daemon().name("pump-sim-faults").start(() -> {
                List<TimedFault> pending = new ArrayList<>(timed);
                try {
                    while (!pending.isEmpty() && closed.getCount() > 0) {
                        long elapsed = pump.time().monotonicNanos() - origin;
                        for (var it = pending.iterator(); it.hasNext(); ) {
                            TimedFault f = it.next();
                            if (elapsed >= f.after().toNanos()) {
                                it.remove();
                                out.println("fault at " + f.after() + ": " + f.command() + " -> " + control(f.command()));
                                out.flush();
                            }
                        }
                        Thread.sleep(5);  // real-time poll of the pump clock; the fault time is in pump time
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        void awaitClose() throws InterruptedException {
            closed.await();
        }

        @Override
        public void close() {
            if (closed.getCount() == 0) {
                return;
            }
            closed.countDown();
            if (bridge != null) {
                bridge.close();
            }
            if (server != null) {
                server.close();
            }
            if (control != null) {
                try {
                    control.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
