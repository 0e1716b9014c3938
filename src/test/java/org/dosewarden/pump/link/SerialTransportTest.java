package org.dosewarden.pump.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.LinkLostException;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.Transport;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.Test;

/** jSerialComm over real socat pseudo-terminal pairs: raw bytes, deadlines, unplug and replug. */
class SerialTransportTest {

    private static final TimeSource TIME = TimeSource.system();
    private static final SerialSettings NE = SerialSettings.eightNoneOne(19200);

    static byte[] readExactly(Transport t, int n, Duration within) throws IOException {
        long deadline = TIME.monotonicNanos() + within.toNanos();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        while (out.size() < n) {
            int got = t.read(buf, 0, Math.min(buf.length, n - out.size()), deadline);
            if (got == 0) {
                break;
            }
            out.write(buf, 0, got);
        }
        return out.toByteArray();
    }

    @Test
    void everyByteValuePassesBothWaysUnchanged() throws Exception {
        try (SocatPair pair = SocatPair.start();
                Transport a = new SerialTransport(pair.a().toString(), NE, TIME);
                Transport b = new SerialTransport(pair.b().toString(), NE, TIME)) {
            a.open();
            b.open();
            assertTrue(a.isOpen());
            byte[] all = new byte[256];
            for (int i = 0; i < 256; i++) {
                all[i] = (byte) i;
            }
            a.write(all);
            assertArrayEquals(all, readExactly(b, 256, Duration.ofSeconds(5)));
            b.write(new byte[] {2, '0', '0', 'S', 3, 13, 10});
            assertArrayEquals(new byte[] {2, '0', '0', 'S', 3, 13, 10}, readExactly(a, 7, Duration.ofSeconds(5)));
        }
    }

    @Test
    void readReturnsZeroAtTheDeadline() throws Exception {
        try (SocatPair pair = SocatPair.start();
                Transport a = new SerialTransport(pair.a().toString(), NE, TIME)) {
            a.open();
            long start = TIME.monotonicNanos();
            assertEquals(0, a.read(new byte[8], 0, 8, start + Duration.ofMillis(250).toNanos()));
            long waited = TIME.monotonicNanos() - start;
            assertTrue(waited >= Duration.ofMillis(250).toNanos(), "waited " + waited);
            assertTrue(waited < Duration.ofSeconds(2).toNanos(), "waited " + waited);
        }
    }

    @Test
    void unplugIsALostLinkAndReplugReopensTheNewPty() throws Exception {
        try (SocatPair pair = SocatPair.start();
                Transport a = new SerialTransport(pair.a().toString(), NE, TIME)) {
            a.open();
            pair.unplug();
            long deadline = TIME.monotonicNanos() + Duration.ofSeconds(5).toNanos();
            LinkLostException lost = assertThrows(LinkLostException.class, () -> {
                while (true) {
                    a.read(new byte[8], 0, 8, deadline);
                    a.write(new byte[] {'0', 13});
                    if (TIME.monotonicNanos() - deadline > 0) {
                        return;
                    }
                }
            });
            assertTrue(lost.getMessage().contains(pair.a().toString()), lost.getMessage());
            assertFalse(a.isOpen());

            LinkLostException missing = assertThrows(LinkLostException.class, a::open);
            assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

            pair.replug();
            a.open();
            try (Transport b = new SerialTransport(pair.b().toString(), NE, TIME)) {
                b.open();
                a.write(new byte[] {'0', 'R', 'U', 'N', 13});
                assertArrayEquals(new byte[] {'0', 'R', 'U', 'N', 13}, readExactly(b, 5, Duration.ofSeconds(5)));
            }
        }
    }

    @Test
    void closeIsIdempotentAndReadAfterCloseIsLost() throws Exception {
        try (SocatPair pair = SocatPair.start()) {
            Transport a = new SerialTransport(pair.a().toString(), NE, TIME);
            a.open();
            a.close();
            a.close();
            assertFalse(a.isOpen());
            assertThrows(LinkLostException.class, () -> a.read(new byte[1], 0, 1, TIME.monotonicNanos()));
            assertThrows(LinkLostException.class, () -> a.write(new byte[1]));
        }
    }
}
