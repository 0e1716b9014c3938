package org.dosewarden.pump.link;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.LinkLostException;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.Transport;

/**
 * A serial port through jSerialComm, opened by explicit path (pseudo-terminals and socat links are
 * not enumerated by jSerialComm, so paths are never looked up by listing ports).
 *
 * <p>Every {@link #open()} resolves the path again: after a USB adapter is replugged or socat
 * restarted, the link points at a new {@code /dev/pts/N}. Reads are semi-blocking in slices of
 * {@value #READ_SLICE_MS} ms (Linux serial timeouts are whole deciseconds) and return as soon as a byte
 * arrives; the overall deadline is checked against the injected {@link TimeSource} between slices, so a
 * reply deadline overshoots by at most one slice. A read or write returning -1 (EIO or hang-up when the
 * device disappears) raises {@link LinkLostException}; the port is then closed. So does an exception thrown by
 * jSerialComm itself: the owner then reopens the port as after any lost link, never using a half-failed one.
 */
public final class SerialTransport implements Transport {

    /** Semi-blocking read slice: the smallest timeout the Linux tty layer offers (VTIME = 1 decisecond). */
    static final int READ_SLICE_MS = 100;

    private final String path;
    private final SerialSettings settings;
    private final TimeSource time;
    private volatile SerialPort port;

    public SerialTransport(String path, SerialSettings settings, TimeSource time) {
        this.path = path;
        this.settings = settings;
        this.time = time;
    }

    @Override
    public synchronized void open() throws IOException {
        if (port != null) {
            return;
        }
        String expanded = path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
        if (expanded.startsWith("/") && !Files.exists(Path.of(expanded))) {
            throw new LinkLostException("serial port " + path + " does not exist (is the adapter plugged in, the pty link up?)");
        }
        SerialPort p;
        try {
            p = SerialPort.getCommPort(expanded);
        } catch (SerialPortInvalidPortException e) {
            throw new LinkLostException("serial port " + path + " cannot be resolved: " + e.getMessage(), e);
        }
        p.setComPortParameters(settings.baudRate(), settings.dataBits(), stopBits(settings.stopBits()),
                parity(settings.parity()));
        p.setFlowControl(flowControl(settings.flowControl()));
        if (!p.openPort()) {
            int errno = p.getLastErrorCode();
            throw new LinkLostException("cannot open serial port " + path + " (" + p.getSystemPortPath() + "): errno "
                    + errno + (errno == 11 ? ", another process holds it" : errno == 13 ? ", permission denied" : ""));
        }
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_SLICE_MS, 0);
        port = p;
    }

    @Override
    public boolean isOpen() {
        SerialPort p = port;
        return p != null && p.isOpen();
    }

    @Override
    public void write(byte[] frame) throws IOException {
        SerialPort p = requireOpen();
        int written = 0;
        while (written < frame.length) {
            int n;
            try {
                n = p.writeBytes(frame, frame.length - written, written);
            } catch (RuntimeException e) {
                close();
                throw new LinkLostException("write to serial port " + path + " failed: " + e.getMessage(), e);
            }
            if (n < 0) {
                close();
                throw new LinkLostException("write to serial port " + path + " failed: the device is gone");
            }
            written += n;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long deadlineNanos) throws IOException {
        SerialPort p = requireOpen();
        try {
            return readFrom(p, buffer, offset, length, deadlineNanos);
        } catch (RuntimeException e) {
            close();
            throw new LinkLostException("read from serial port " + path + " failed: " + e.getMessage(), e);
        }
    }

    private int readFrom(SerialPort p, byte[] buffer, int offset, int length, long deadlineNanos) throws IOException {
        while (true) {
            int available = p.bytesAvailable();
            if (available < 0) {
                close();
                throw new LinkLostException("serial port " + path + " is gone (bytesAvailable failed)");
            }
            if (available == 0 && time.monotonicNanos() - deadlineNanos >= 0) {
                return 0; // a passed deadline makes this a non-blocking poll (draining stale bytes)
            }
            int n = p.readBytes(buffer, length, offset);
            if (n < 0) {
                close();
                throw new LinkLostException("read from serial port " + path + " failed: the device is gone");
            }
            if (n > 0) {
                return n;
            }
            if (port == null) {
                throw new LinkLostException("serial port " + path + " was closed");
            }
            if (time.monotonicNanos() - deadlineNanos >= 0) {
                return 0;
            }
        }
    }

    @Override
    public void close() {
        SerialPort p;
        synchronized (this) {
            p = port;
            port = null;
        }
        if (p != null) {
            p.closePort();
        }
    }

    @Override
    public String describe() {
        return path;
    }

    private SerialPort requireOpen() throws LinkLostException {
        SerialPort p = port;
        if (p == null) {
            throw new LinkLostException("serial port " + path + " is not open");
        }
        return p;
    }

    private static int stopBits(SerialSettings.StopBits s) {
        return switch (s) {
            case ONE -> SerialPort.ONE_STOP_BIT;
            case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case TWO -> SerialPort.TWO_STOP_BITS;
        };
    }

    private static int parity(SerialSettings.Parity p) {
        return switch (p) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
        };
    }

    private static int flowControl(SerialSettings.FlowControl f) {
        return switch (f) {
            case NONE -> SerialPort.FLOW_CONTROL_DISABLED;
            case RTS_CTS -> SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
            case XON_XOFF -> SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
        };
    }
}
