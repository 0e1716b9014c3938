package org.dosewarden.pump.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fazecast.jSerialComm.SerialPort;
import java.io.ByteArrayOutputStream;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.pump.LinkLostException;
import org.dosewarden.pump.SerialSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.MockedStatic;

/**
 * Faults of the serial port that a pseudo-terminal cannot produce on demand, made by a Mockito stand-in for
 * jSerialComm's {@link SerialPort}: a write the port takes only in part, a write that fails (-1) half way, a
 * port that throws. The transport must either deliver the whole frame or report the link lost and close the
 * port, so the channel's owner reopens it and the core sees the link loss (SR-D1); never a frame silently cut.
 */
class SerialPortFaultTest {

    private static final String PATH = "ttyFAULT0";
    private static final byte[] FRAME = {2, 8, '0', 'R', 'U', 'N', 0x1a, 0x2b, 3, 13};

    private MockedStatic<SerialPort> ports;
    private SerialPort port;
    private SerialTransport transport;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    @BeforeEach
    void openOnAMockPort() throws Exception {
        port = mock(SerialPort.class);
        when(port.openPort()).thenReturn(true);
        when(port.isOpen()).thenReturn(true);
        ports = mockStatic(SerialPort.class);
        ports.when(() -> SerialPort.getCommPort(PATH)).thenReturn(port);
        transport = new SerialTransport(PATH, SerialSettings.eightNoneOne(19200), new ManualTimeSource());
        transport.open();
        assertTrue(transport.isOpen());
    }

    @AfterEach
    void close() {
        transport.close();
        ports.close();
    }

    /** The port takes {@code accepted[i]} bytes on the i-th call (copying them to {@link #line}); -1 is a failure. */
    private void portAccepts(int... accepted) {
        int[] call = {0};
        when(port.writeBytes(any(byte[].class), anyInt(), anyInt())).thenAnswer(inv -> {
            byte[] buffer = inv.getArgument(0);
            int wanted = inv.getArgument(1);
            int offset = inv.getArgument(2);
            int n = Math.min(accepted[Math.min(call[0]++, accepted.length - 1)], wanted);
            if (n > 0) {
                line.write(buffer, offset, n);
            }
            return n;
        });
    }

    @Test
    @DisplayName("SR-D1: a port that takes a frame in parts gets the rest, in order, until the whole frame is out")
    void partialWritesAreCompleted() throws Exception {
        portAccepts(3, 4, 100);
        transport.write(FRAME);
        assertArrayEquals(FRAME, line.toByteArray());
        assertTrue(transport.isOpen());
    }

    @Test
    @DisplayName("SR-D1: -1 in the middle of a write is a lost link: typed, the port closed, no retry on a dead port")
    void failureMidWriteLosesTheLinkCleanly() {
        portAccepts(4, -1);
        LinkLostException e = assertThrows(LinkLostException.class, () -> transport.write(FRAME));
        assertEquals("write to serial port ttyFAULT0 failed: the device is gone", e.getMessage());
        assertArrayEquals(new byte[] {2, 8, '0', 'R'}, line.toByteArray(), "only the part before the failure went out");
        assertFalse(transport.isOpen(), "the transport gives the port up; its owner reopens it");
        verify(port).closePort();
        assertThrows(LinkLostException.class, () -> transport.write(FRAME), "a closed transport refuses to write");
    }

    @Test
    @DisplayName("SR-D1: a port that throws while writing is a lost link too, and is closed")
    void throwingPortLosesTheLinkCleanly() {
        when(port.writeBytes(any(byte[].class), anyInt(), anyInt()))
                .thenThrow(new IllegalStateException("native write failed: EIO"));
        LinkLostException e = assertThrows(LinkLostException.class, () -> transport.write(FRAME));
        assertTrue(e.getMessage().startsWith("write to serial port ttyFAULT0 failed"), e.getMessage());
        assertTrue(e.getMessage().contains("EIO"), e.getMessage());
        assertFalse(transport.isOpen());
        verify(port).closePort();
    }

    @Test
    @DisplayName("SR-D1: a port that throws while reading is a lost link, and is closed")
    void throwingReadLosesTheLinkCleanly() {
        when(port.bytesAvailable()).thenReturn(3);
        when(port.readBytes(any(byte[].class), anyInt(), anyInt()))
                .thenThrow(new IllegalStateException("native read failed: EIO"));
        LinkLostException e = assertThrows(LinkLostException.class,
                () -> transport.read(new byte[16], 0, 16, Long.MAX_VALUE));
        assertTrue(e.getMessage().startsWith("read from serial port ttyFAULT0 failed"), e.getMessage());
        assertFalse(transport.isOpen());
        verify(port).closePort();
    }
}
