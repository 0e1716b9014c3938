package org.dosewarden.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.newera.NeFrameDecoder;
import org.dosewarden.pump.newera.NeFrameEvent;
import org.dosewarden.pump.newera.NeFrames;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The simulator on a real TCP socket of 127.0.0.1 (byte-stream serving, one peer, unplug). */
class TcpPumpServerTest {

    private static Socket connect(TcpPumpServer server) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(50);
        return s;
    }

    /** Reads the next frame payload, retrying socket timeouts until {@code millis} have passed. */
    private static Optional<String> reply(Socket s, NeFrameDecoder decoder, long millis) throws IOException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        InputStream in = s.getInputStream();
        while (System.nanoTime() < until) {
            try {
                Optional<NeFrameEvent> e = HostSide.next(in, decoder, 10);
                if (e.isPresent()) {
                    return Optional.of(((NeFrameEvent.Frame) e.get()).payload());
                }
            } catch (SocketTimeoutException ignored) {
                // nothing yet
            }
        }
        return Optional.empty();
    }

    @Test
    @DisplayName("serves the protocol on 127.0.0.1; safe-mode auto-alarms arrive without a request")
    void servesAndPushesAlarms() throws Exception {
        SimulatedPump pump = SimulatedPump.builder(TimeSource.system()).safeModeSeconds(30).build();
        try (TcpPumpServer server = TcpPumpServer.start(pump, 0); Socket s = connect(server)) {
            assertTrue(server.uri().startsWith("tcp://127.0.0.1:"));
            NeFrameDecoder decoder = NeFrameDecoder.forReplies();
            s.getOutputStream().write(NeFrames.safe("0"));
            assertEquals(Optional.of("00A?R"), reply(s, decoder, 2_000));
            s.getOutputStream().write(NeFrames.safe("0RUN"));
            assertEquals(Optional.of("00I"), reply(s, decoder, 2_000));
            pump.faults().stall();
            assertEquals(Optional.of("00A?S"), reply(s, decoder, 2_000), "unsolicited, nobody asked");
        }
    }

    @Test
    @DisplayName("a new connection replaces the old one (one peer per serial line)")
    void newcomerWins() throws Exception {
        SimulatedPump pump = SimulatedPump.builder(TimeSource.system()).powerUpAlarm(false).build();
        try (TcpPumpServer server = TcpPumpServer.start(pump, 0); Socket first = connect(server)) {
            first.getOutputStream().write(NeFrames.basicRequest("0"));
            assertEquals(Optional.of("00S"), reply(first, NeFrameDecoder.forReplies(), 2_000));
            try (Socket second = connect(server)) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                boolean firstClosed = false;
                while (!firstClosed && System.nanoTime() < until) {
                    try {
                        firstClosed = first.getInputStream().read() < 0;
                    } catch (SocketTimeoutException e) {
                        // not yet
                    } catch (IOException e) {
                        firstClosed = true;
                    }
                }
                assertTrue(firstClosed, "the first peer was disconnected");
                second.getOutputStream().write(NeFrames.basicRequest("0VER"));
                assertEquals(Optional.of("00SNE1000V3.928"), reply(second, NeFrameDecoder.forReplies(), 2_000));
            }
        }
    }

    @Test
    @DisplayName("unplug drops the connection and refuses new ones; plug-in serves again")
    void unplug() throws Exception {
        SimulatedPump pump = SimulatedPump.builder(TimeSource.system()).powerUpAlarm(false).build();
        try (TcpPumpServer server = TcpPumpServer.start(pump, 0); Socket s = connect(server)) {
            s.getOutputStream().write(NeFrames.basicRequest("0"));
            assertEquals(Optional.of("00S"), reply(s, NeFrameDecoder.forReplies(), 2_000));
            pump.faults().unplug();
            assertTrue(closedWithin(s, 5_000), "the server hung up");
            try (Socket refused = connect(server)) {
                assertTrue(closedWithin(refused, 5_000), "refused while unplugged");
            }
            assertFalse(server.connected());
            pump.faults().plugIn();
            try (Socket again = connect(server)) {
                again.getOutputStream().write(NeFrames.basicRequest("0"));
                assertEquals(Optional.of("00S"), reply(again, NeFrameDecoder.forReplies(), 2_000));
            }
        }
    }

    private static boolean closedWithin(Socket s, long millis) throws IOException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            try {
                if (s.getInputStream().read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // still open
            } catch (IOException e) {
                return true;  // reset
            }
        }
        return false;
    }
}
