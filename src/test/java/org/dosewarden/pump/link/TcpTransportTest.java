package org.dosewarden.pump.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.LinkLostException;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.Transport;
import org.dosewarden.pump.TransportProvider;
import org.dosewarden.pump.wiring.TransportFactory;
import org.junit.jupiter.api.Test;

/** TCP serial-device-server transport against a real socket on 127.0.0.1, and the port-string factory. */
class TcpTransportTest {

    private static final TimeSource TIME = TimeSource.system();
    private static final SerialSettings NE = SerialSettings.eightNoneOne(19200);

    @Test
    void roundTripThenPeerCloseIsALostLink() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Transport t = TransportFactory.serialAndTcp()
                    .create("tcp://127.0.0.1:" + server.getLocalPort(), NE, TIME);
            assertInstanceOf(TcpTransport.class, t);
            t.open();
            try (Socket peer = server.accept()) {
                t.write(new byte[] {'0', 13});
                byte[] got = peer.getInputStream().readNBytes(2);
                assertArrayEquals(new byte[] {'0', 13}, got);
                peer.getOutputStream().write(new byte[] {2, '0', '0', 'S', 3});
                byte[] reply = SerialTransportTest.readExactly(t, 5, Duration.ofSeconds(5));
                assertArrayEquals(new byte[] {2, '0', '0', 'S', 3}, reply);
                long start = TIME.monotonicNanos();
                assertEquals(0, t.read(new byte[4], 0, 4, start + Duration.ofMillis(120).toNanos()));
                assertTrue(TIME.monotonicNanos() - start >= Duration.ofMillis(120).toNanos());
            }
            LinkLostException lost = assertThrows(LinkLostException.class,
                    () -> t.read(new byte[4], 0, 4, TIME.monotonicNanos() + Duration.ofSeconds(5).toNanos()));
            assertTrue(lost.getMessage().contains("closed the connection"), lost.getMessage());
            t.close();
        }
    }

    @Test
    void refusedConnectionNamesThePort() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        Transport t = new TcpTransport("127.0.0.1", freePort, TIME);
        LinkLostException e = assertThrows(LinkLostException.class, t::open);
        assertTrue(e.getMessage().contains("tcp://127.0.0.1:" + freePort), e.getMessage());
    }

    @Test
    void factoryParsesPortStrings() {
        TransportFactory f = TransportFactory.serialAndTcp();
        assertInstanceOf(SerialTransport.class, f.create("/dev/ttyUSB0", NE, TIME));
        assertInstanceOf(SerialTransport.class, f.create("/tmp/pump:odd", NE, TIME));
        assertEquals("tcp://localhost:4001", f.create("tcp://localhost:4001", NE, TIME).describe());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> f.create("sim:", NE, TIME));
        assertTrue(unknown.getMessage().contains("unknown port scheme 'sim:'"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f.create("tcp://nohost", NE, TIME));
        assertThrows(IllegalArgumentException.class, () -> f.create(" ", NE, TIME));

        f.register(new TransportProvider() {
            @Override
            public String scheme() {
                return "sim";
            }

            @Override
            public Transport create(String port, SerialSettings settings, TimeSource time) {
                return new TcpTransport("127.0.0.1", 1, time);
            }
        });
        assertTrue(f.supportsScheme("sim"));
        assertEquals("tcp://127.0.0.1:1", f.create("sim:", NE, TIME).describe());
        assertThrows(IllegalArgumentException.class, () -> f.register(new TransportProvider() {
            @Override
            public String scheme() {
                return "tcp";
            }

            @Override
            public Transport create(String port, SerialSettings settings, TimeSource time) {
                throw new AssertionError();
            }
        }));
    }
}
