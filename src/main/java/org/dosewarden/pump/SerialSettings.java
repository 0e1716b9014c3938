package org.dosewarden.pump;

import java.util.List;

/**
 * Line settings of a serial pump link (from the device profile, baud possibly overridden on the command
 * line). A pseudo-terminal accepts and ignores them; a TCP serial-device server has its own.
 *
 * @param baudRate    bits per second, e.g. 19200 (New Era factory default)
 * @param dataBits    5..8
 * @param parity      parity
 * @param stopBits    stop bits
 * @param flowControl flow control
 */
public record SerialSettings(int baudRate, int dataBits, Parity parity, StopBits stopBits, FlowControl flowControl) {

    /** Baud rates any UART and jSerialComm accept; a non-standard one makes a pty open fail. */
    public static final List<Integer> STANDARD_BAUD_RATES =
            List.of(300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400);

    public enum Parity { NONE, ODD, EVEN, MARK, SPACE }

    public enum StopBits { ONE, ONE_POINT_FIVE, TWO }

    public enum FlowControl { NONE, RTS_CTS, XON_XOFF }

    public SerialSettings {
        if (!STANDARD_BAUD_RATES.contains(baudRate)) {
            throw new IllegalArgumentException("baud rate " + baudRate + " is not one of " + STANDARD_BAUD_RATES);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("data bits must be 5..8, was " + dataBits);
        }
    }

    /** 8N1, no flow control, at {@code baudRate}. */
    public static SerialSettings eightNoneOne(int baudRate) {
        return new SerialSettings(baudRate, 8, Parity.NONE, StopBits.ONE, FlowControl.NONE);
    }

    public SerialSettings withBaudRate(int baud) {
        return new SerialSettings(baud, dataBits, parity, stopBits, flowControl);
    }
}
