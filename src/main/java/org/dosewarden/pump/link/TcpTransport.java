package org.dosewarden.pump.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.LinkLostException;
import org.dosewarden.pump.Transport;

/**
 * A raw TCP byte stream to a serial-device server ({@code tcp://host:port}), or to a simulator listening
 * on TCP. Reads block in slices of {@value #READ_SLICE_MS} ms and return as soon as bytes arrive; the
 * overall deadline comes from the injected {@link TimeSource}. End of stream or a socket error is a lost
 * link.
 */
public final class TcpTransport implements Transport {

    static final int READ_SLICE_MS = 50;
    static final int CONNECT_TIMEOUT_MS = 3_000;

    private final String host;
    private final int portNumber;
    private final TimeSource time;
    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;

    public TcpTransport(String host, int port, TimeSource time) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TCP port must be 1..65535, was " + port);
        }
        this.host = host;
        this.portNumber = port;
        this.time = time;
    }

    /** Parses {@code tcp://host:port}. */
    public static TcpTransport parse(String port, TimeSource time) {
        try {
            URI uri = new URI(port);
            if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0
                    || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                throw new IllegalArgumentException("'" + port + "' is not tcp://host:port");
            }
            return new TcpTransport(uri.getHost(), uri.getPort(), time);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + port + "' is not tcp://host:port: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void open() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, portNumber), CONNECT_TIMEOUT_MS);
            s.setSoTimeout(READ_SLICE_MS);
            in = s.getInputStream();
            out = s.getOutputStream();
        } catch (IOException e) {
            s.close();
            throw new LinkLostException("cannot connect to " + describe() + ": " + e.getMessage(), e);
        }
        socket = s;
    }

    @Override
    public boolean isOpen() {
        Socket s = socket;
        return s != null && !s.isClosed();
    }

    @Override
    public void write(byte[] frame) throws IOException {
        requireOpen();
        try {
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            close();
            throw new LinkLostException("write to " + describe() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long deadlineNanos) throws IOException {
        requireOpen();
        while (true) {
            try {
                if (in.available() == 0 && time.monotonicNanos() - deadlineNanos >= 0) {
                    return 0; // a passed deadline makes this a non-blocking poll (draining stale bytes)
                }
                int n = in.read(buffer, offset, length);
                if (n < 0) {
                    close();
                    throw new LinkLostException(describe() + " closed the connection");
                }
                if (n > 0) {
                    return n;
                }
            } catch (SocketTimeoutException slice) {
                // nothing within this slice; check the deadline below
            } catch (IOException e) {
                if (e instanceof LinkLostException lost) {
                    throw lost;
                }
                close();
                throw new LinkLostException("read from " + describe() + " failed: " + e.getMessage(), e);
            }
            if (time.monotonicNanos() - deadlineNanos >= 0) {
                return 0;
            }
        }
    }

    @Override
    public void close() {
        Socket s;
        synchronized (this) {
            s = socket;
            socket = null;
        }
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is best effort; the socket is unusable either way
            }
        }
    }

    @Override
    public String describe() {
        return "tcp://" + host + ":" + portNumber;
    }

    private void requireOpen() throws LinkLostException {
        if (socket == null) {
            throw new LinkLostException(describe() + " is not open");
        }
    }
}
