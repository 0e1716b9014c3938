package org.dosewarden.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dosewarden.pump.newera.NeAlarm;
import org.dosewarden.pump.newera.NeStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The standalone simulator's control language and launcher options. */
class ControlCommandsTest {

    @Test
    @DisplayName("each control command flips the matching fault switch")
    void commands() {
        SimLine line = SimLine.acknowledged();
        SimulatedPump pump = line.pump;
        assertEquals("00I", line.basic("0RUN"));
        assertEquals("ok: motor at 2 x the programmed rate", ControlCommands.execute(pump, "rate-factor 2"));
        assertEquals(2_000_000L, pump.snapshot().actualRateNlPerHour());
        assertEquals("ok: DIS reports 0.5 of the delivered volume", ControlCommands.execute(pump, "under-report 0.5"));
        assertEquals("ok: free flow 6000000 nL/h, seen by the pump", ControlCommands.execute(pump, "free-flow 6mL/h seen"));
        assertEquals("ok: free flow 250000 nL/h, unseen by the pump", ControlCommands.execute(pump, "free-flow 250uL/h"));
        assertEquals("ok: garbling 20 % (DROP_BYTE)", ControlCommands.execute(pump, "garble 20 drop"));
        assertEquals("ok: ignore-vtbi on", ControlCommands.execute(pump, "ignore-vtbi on"));
        assertEquals("rate-factor=2 under-report=0.5 ignore-vtbi free-flow=250000nL/h(unseen) garble=20%(DROP_BYTE)",
                pump.faults().active().describe());
        assertEquals("ok: all faults cleared", ControlCommands.execute(pump, "clear"));
        assertTrue(pump.faults().active().none());
        assertEquals(1_000_000L, pump.snapshot().actualRateNlPerHour());
        assertEquals("ok: stalled", ControlCommands.execute(pump, "stall"));
        assertEquals(NeAlarm.STALL, pump.snapshot().latchedAlarm().orElseThrow());
        assertEquals("ok: silence 10s", ControlCommands.execute(pump, "  silence   10s "));
        line.sendExpectingSilence(org.dosewarden.pump.newera.NeFrames.basicRequest("0"));
        assertEquals("ok: silence off", ControlCommands.execute(pump, "silence off"));
        assertEquals("ok: power cycled", ControlCommands.execute(pump, "power-cycle"));
        assertEquals(NeAlarm.RESET, pump.snapshot().latchedAlarm().orElseThrow());
        String status = ControlCommands.execute(pump, "status");
        assertTrue(status.startsWith("status=S alarm=A?R mode=basic address=0"), status);
        assertTrue(status.endsWith(" faults=none"), status);
        assertTrue(ControlCommands.execute(pump, "truth").startsWith("truth infused="));
        assertTrue(ControlCommands.execute(pump, "help").contains("rate-factor"));
    }

    @Test
    @DisplayName("bad control input names what was wrong")
    void badInput() {
        SimulatedPump pump = new SimLine().pump;
        assertEquals("unknown command 'jump' (try 'help')",
                assertThrows(IllegalArgumentException.class, () -> ControlCommands.execute(pump, "jump")).getMessage());
        assertEquals("duration must look like 500ms, 10s, 2m or 1h: '10'",
                assertThrows(IllegalArgumentException.class, () -> ControlCommands.execute(pump, "silence 10")).getMessage());
        assertEquals("'stall' takes 0 arguments, got 1 (try 'help')",
                assertThrows(IllegalArgumentException.class, () -> ControlCommands.execute(pump, "stall now")).getMessage());
        assertEquals("flow must look like 6mL/h or 250uL/h: '6'",
                assertThrows(IllegalArgumentException.class, () -> ControlCommands.execute(pump, "free-flow 6")).getMessage());
        assertEquals("rate factor must be > 0 and <= 100: -1",
                assertThrows(IllegalArgumentException.class, () -> ControlCommands.execute(pump, "rate-factor -1")).getMessage());
    }

    @Test
    @DisplayName("launcher: faults at start, a timed fault in accelerated pump time, and the control port")
    void launcher() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        try (PumpSim.Running sim = PumpSim.launch(out, "--time-factor", "600", "--saf", "5", "--no-power-up-alarm",
                "--fault", "rate-factor 1.5", "--fault-at", "10m=stall", "--control-port", "0")) {
            assertEquals(0, new BigDecimal("1.5").compareTo(sim.pump().faults().active().rateFactor()), "--fault applied");
            assertTrue(sim.pump().snapshot().latchedAlarm().isEmpty());
            assertTrue(sim.pump().snapshot().safeMode());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sim.pump().snapshot().latchedAlarm().isEmpty() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertEquals(NeAlarm.STALL, sim.pump().snapshot().latchedAlarm().orElseThrow(), "10 min of pump time = 1 s");
            long waitPrint = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!stdout.toString(StandardCharsets.UTF_8).contains("fault at PT10M: stall -> ok: stalled")
                    && System.nanoTime() < waitPrint) {
                Thread.onSpinWait();
            }
            assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("fault at PT10M: stall -> ok: stalled"), stdout.toString());

            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), sim.controlPort())) {
                c.setSoTimeout(5_000);
                PrintWriter w = new PrintWriter(c.getOutputStream(), true, StandardCharsets.UTF_8);
                BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
                w.println("rate-factor 3");
                assertEquals("ok: motor at 3 x the programmed rate", r.readLine());
                w.println("frobnicate");
                assertEquals("error: unknown command 'frobnicate' (try 'help')", r.readLine());
            }
            assertEquals(NeStatus.STOPPED, sim.pump().snapshot().prompt());
        }
    }

    @Test
    @DisplayName("launcher refuses bad options with the limit named")
    void badOptions() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals("--time-factor must be 1..3600: 0",
                assertThrows(CommandLine.ParameterException.class, () -> PumpSim.launch(out, "--time-factor", "0")).getMessage());
        assertEquals("pump address must be 0..99: 100",
                assertThrows(IllegalArgumentException.class, () -> PumpSim.launch(out, "--address", "100")).getMessage());
        assertEquals("--fault-at must look like DURATION=COMMAND, e.g. 10m=stall: 'stall'",
                assertThrows(CommandLine.ParameterException.class, () -> PumpSim.launch(out, "--fault-at", "stall")).getMessage());
        String usage = new CommandLine(new PumpSim()).getUsageMessage();
        assertTrue(usage.contains("--pty") && usage.contains("--time-factor") && usage.contains("--fault-at"), usage);
        assertEquals(Duration.ofMillis(500), ControlCommands.duration("500ms"));
    }
}
