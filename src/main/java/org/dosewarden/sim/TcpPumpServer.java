package org.dosewarden.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.dosewarden.pump.LinkLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@link SimulatedDevice} on a TCP port of 127.0.0.1, like a serial-device server in front of a
 * pump. A serial line has one peer: a new connection replaces the current one (so a host that reconnects
 * after a half-dead connection is not locked out). While the pump is unplugged (fault injection) every
 * connection is closed at once.
 */
public final class TcpPumpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpPumpServer.class);

    private final SimulatedDevice pump;
    private final ServerSocket server;
    private volatile StreamLine current;
    private volatile boolean closed;

    private TcpPumpServer(SimulatedDevice pump, ServerSocket server) {
        this.pump = pump;
        this.server = server;
    }

    /**
     * Listens on 127.0.0.1:{@code port} ({@code 0} = any free port, see {@link #port()}).
     *
     * @throws IOException naming the port when it cannot be bound
     */
    public static TcpPumpServer start(SimulatedDevice pump, int port) throws IOException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("TCP port must be 0..65535: " + port);
        }
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        TcpPumpServer s = new TcpPumpServer(pump, server);
        Thread.ofPlatform().daemon().name("pump-sim-accept-" + pump.name()).start(s::acceptLoop);
        LOG.info("sim:{} listening on tcp://127.0.0.1:{}", pump.name(), s.port());
        return s;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The URI a driver uses to reach this server, e.g. {@code tcp://127.0.0.1:40123}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port();
    }

    /** The line currently served, if a peer is connected. */
    public boolean connected() {
        StreamLine line = current;
        return line != null && line.isOpen();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("sim:{} accept failed: {}", pump.name(), e.getMessage());
                }
                return;
            }
            try {
                socket.setTcpNoDelay(true);
                StreamLine previous = current;
                if (previous != null) {
                    previous.close();  // one peer per serial line: the newcomer wins
                }
                current = StreamLine.start(pump, socket.getInputStream(), socket.getOutputStream(), socket,
                        socket.getRemoteSocketAddress().toString());
            } catch (LinkLostException e) {
                LOG.info("sim:{} refused {}: {}", pump.name(), socket.getRemoteSocketAddress(), e.getMessage());
                closeQuietly(socket);
            } catch (IOException | RuntimeException e) {
                LOG.warn("sim:{} could not serve {}: {}", pump.name(), socket.getRemoteSocketAddress(), e.toString());
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        StreamLine line = current;
        if (line != null) {
            line.close();
        }
    }
}
