package org.dosewarden.sim;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dosewarden.pump.newera.NeFrameDecoder;
import org.dosewarden.pump.newera.NeFrameEvent;

/** Test helpers for the host end of a real line: read whole reply frames with a real-time deadline. */
final class HostSide {

    private HostSide() {
    }

    /** The next decoded reply event from a stream, or empty at the deadline (ms from now). */
    static Optional<NeFrameEvent> next(InputStream in, NeFrameDecoder decoder, long millis) throws IOException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        byte[] buf = new byte[64];
        while (true) {
            Optional<NeFrameEvent> e = decoder.next();
            if (e.isPresent()) {
                return e;
            }
            if (System.nanoTime() > until) {
                return Optional.empty();
            }
            int n = in.read(buf);  // callers set a short socket/port timeout so this returns
            if (n < 0) {
                throw new IOException("line closed");
            }
            decoder.feed(buf, 0, n);
        }
    }

    /** Opens a pty (or any serial device) on the host side with jSerialComm, as the driver does. */
    static SerialPort openSerial(Path device) {
        SerialPort port = SerialPort.getCommPort(device.toString());
        port.setComPortParameters(19200, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!port.openPort()) {
            throw new AssertionError("cannot open " + device + ": errno " + port.getLastErrorCode());
        }
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        return port;
    }

    /** Reads one reply frame's payload from a jSerialComm port within {@code millis}. */
    static Optional<String> reply(SerialPort port, NeFrameDecoder decoder, long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        byte[] buf = new byte[64];
        while (true) {
            Optional<NeFrameEvent> e = decoder.next();
            if (e.isPresent()) {
                return Optional.of(e.get() instanceof NeFrameEvent.Frame f ? f.payload() : "CORRUPT " + e.get());
            }
            if (System.nanoTime() > until) {
                return Optional.empty();
            }
            int n = port.readBytes(buf, buf.length);
            if (n < 0) {
                throw new AssertionError("port " + port.getSystemPortPath() + " failed");
            }
            decoder.feed(buf, 0, n);
        }
    }

    static void write(SerialPort port, byte[] frame) {
        if (port.writeBytes(frame, frame.length) != frame.length) {
            throw new AssertionError("short write to " + port.getSystemPortPath());
        }
    }
}
