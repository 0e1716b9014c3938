package org.dosewarden.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fazecast.jSerialComm.SerialPort;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.newera.NeFrameDecoder;
import org.dosewarden.pump.newera.NeFrames;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone simulator over real socat pseudo-terminals, with jSerialComm on the host side. */
class PtyServingTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("pump-sim --pty: raw basic and safe frames through a real pty; unplug removes the pty, plug-in restores it")
    void standaloneOnPty() throws Exception {
        Path link = dir.resolve("ttyPUMP0");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try (PumpSim.Running sim = PumpSim.launch(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                "--pty", link.toString(), "--address", "3")) {
            String printed = stdout.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("tcp 127.0.0.1:" + sim.tcpPort() + "\n"), printed);
            assertTrue(printed.contains("pty " + link + "\n"), printed);
            assertTrue(printed.endsWith("ready\n"), printed);

            SerialPort port = HostSide.openSerial(link);
            try {
                NeFrameDecoder decoder = NeFrameDecoder.forReplies();
                HostSide.write(port, "3\r".getBytes(StandardCharsets.US_ASCII));
                assertEquals(Optional.of("03A?R"), HostSide.reply(port, decoder, 3_000));
                HostSide.write(port, "3 dia\r".getBytes(StandardCharsets.US_ASCII));
                assertEquals(Optional.of("03S26.59"), HostSide.reply(port, decoder, 3_000));
                HostSide.write(port, NeFrames.safe("3SAF10"));
                byte[] raw = new byte[8];
                int got = 0;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (got < raw.length && System.nanoTime() < until) {
                    int n = port.readBytes(raw, raw.length - got, got);
                    got += Math.max(n, 0);
                }
                assertArrayEquals(NeFrames.safe("03S"), raw, "SAF10 answered with a safe 03S frame, byte for byte");
                HostSide.write(port, NeFrames.safe("3RUN"));
                assertEquals(Optional.of("03I"), HostSide.reply(port, decoder, 3_000));
                sim.pump().faults().stall();
                assertEquals(Optional.of("03A?S"), HostSide.reply(port, decoder, 3_000), "auto-alarm through the pty");
            } finally {
                port.closePort();
            }

            sim.pump().faults().unplug();
            assertTrue(waitFor(() -> !Files.exists(link), 5_000), "the pty disappears like an unplugged adapter");
            sim.pump().faults().plugIn();
            assertTrue(waitFor(() -> Files.exists(link), 5_000), "and comes back");
            SerialPort again = HostSide.openSerial(link);
            try {
                NeFrameDecoder decoder = NeFrameDecoder.forReplies();
                HostSide.write(again, NeFrames.safe("3"));
                assertEquals(Optional.of("03A?S"), HostSide.reply(again, decoder, 3_000), "still latched, still safe mode");
            } finally {
                again.closePort();
            }
        }
        assertTrue(waitFor(() -> !Files.exists(link), 5_000), "closing the simulator removes the pty");
    }

    @Test
    @DisplayName("SerialPortLine: the simulator on one end of a socat pty pair, the host on the other (both jSerialComm)")
    void serialPortLine() throws Exception {
        try (SocatPair pair = SocatPair.start()) {
            SimulatedPump pump = SimulatedPump.builder(TimeSource.system()).powerUpAlarm(false).build();
            StreamLine line = SerialPortLine.start(pump, pair.b());
            SerialPort host = HostSide.openSerial(pair.a());
            try {
                NeFrameDecoder decoder = NeFrameDecoder.forReplies();
                HostSide.write(host, NeFrames.basicRequest("0VER"));
                assertEquals(Optional.of("00SNE1000V3.928"), HostSide.reply(host, decoder, 3_000));
                pair.unplug();
                assertTrue(waitFor(() -> !line.isOpen(), 5_000), "the simulator notices the pty is gone");
                assertFalse(pump.snapshot().lineHeld());
            } finally {
                host.closePort();
                line.close();
            }
        }
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
