package org.dosewarden.sim;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.file.Path;
import org.dosewarden.pump.LinkLostException;

/**
 * Serves a {@link SimulatedDevice} on a serial device opened with jSerialComm, typically one end of a
 * {@code socat pty,raw,echo=0 pty,raw,echo=0} pair whose other end the driver under test opens. The baud rate
 * is the pump's stored one (a pty ignores it).
 */
public final class SerialPortLine {

    private SerialPortLine() {
    }

    /**
     * Opens {@code device} and serves {@code pump} on it until the device goes away or the line is closed.
     *
     * @throws LinkLostException naming the device when it cannot be opened
     */
    public static StreamLine start(SimulatedDevice pump, Path device) throws LinkLostException {
        SerialPort port = SerialPort.getCommPort(device.toString());
        port.setComPortParameters(pump.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!port.openPort()) {
            throw new LinkLostException("cannot open " + device + " for the simulator: errno " + port.getLastErrorCode());
        }
        // semi-blocking: a read returns what has arrived after at most 100 ms, so the receiver notices a close
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        try {
            return StreamLine.start(pump, port.getInputStreamWithSuppressedTimeoutExceptions(), port.getOutputStream(),
                    () -> port.closePort(), device.toString());
        } catch (LinkLostException e) {
            port.closePort();
            throw e;
        } catch (RuntimeException e) {
            port.closePort();
            throw new LinkLostException("cannot serve " + device + ": " + e.getMessage(), e);
        }
    }

    /** Convenience for callers holding a path string. */
    public static StreamLine start(SimulatedDevice pump, String device) throws IOException {
        return start(pump, Path.of(device));
    }
}
