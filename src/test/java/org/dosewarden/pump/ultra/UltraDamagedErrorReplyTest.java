package org.dosewarden.pump.ultra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.PumpMode;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.link.SerialTransport;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SR-D7 on the Ultra, at the exact point where line noise once stopped an infusion: {@code irun} is damaged on its
 * way, the pump answers {@code Unknown command}, and that answer is damaged on its way back into a line that is no
 * error the driver knows ({@code Unknown commamd}). The pump did not run; the driver must not take the damaged error
 * for the prompt-only answer {@code irun} has, and must ask again. Before, it took it as the answer, read the pump
 * idle and reported "did not start", which faulted the channel (LineNoiseRideThroughTest[ultra], now and then).
 * The far end is a scripted peer over a real socat pty, so the fault falls on exactly that reply.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UltraDamagedErrorReplyTest {

    private static final TimeSource TIME = TimeSource.system();

    private SocatPair pair;
    private Peer peer;
    private UltraDriver driver;

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        if (peer != null) {
            peer.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    @DisplayName("SR-D7: an irun answered with a damaged error line is asked again, and the pump runs")
    void damagedErrorToIrunIsNotSuccess() throws Exception {
        pair = SocatPair.start();
        peer = new Peer(pair.b());
        driver = new UltraDriver(new SerialTransport(pair.a().toString(), SerialSettings.eightNoneOne(115200), TIME),
                TIME, UltraDriverSettings.defaults(0).withReplyTimeout(Duration.ofMillis(300)));
        driver.connect();
        peer.damageNextIrun();

        assertEquals(PumpMode.INFUSING, driver.start().mode(), "the driver asked again and the pump runs");
        assertTrue(peer.running(), "the pump really runs");
        assertEquals(2, peer.received().stream().filter("irun"::equals).count(),
                "irun sent twice: the damaged answer was not taken for success; " + peer.received());
        assertTrue(driver.linkCounters().garbledReplies() >= 1, "counted as a damaged reply: " + driver.linkCounters());
    }

    /** Just enough of an Elite in poll mode: prompt {@code :} or {@code >}, {@code irun}, {@code stp}, nvram. */
    private static final class Peer implements AutoCloseable {
        private final SerialTransport link;
        private final Thread thread;
        private final List<String> received = new ArrayList<>();
        private final StringBuilder line = new StringBuilder();
        private volatile boolean serving = true;
        private boolean running;
        private boolean damageIrun;

        Peer(Path pty) throws IOException {
            link = new SerialTransport(pty.toString(), SerialSettings.eightNoneOne(115200), TIME);
            link.open();
            thread = new Thread(this::serve, "scripted-ultra-peer");
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void damageNextIrun() {
            damageIrun = true;
        }

        synchronized boolean running() {
            return running;
        }

        synchronized List<String> received() {
            return List.copyOf(received);
        }

        private void serve() {
            byte[] buf = new byte[256];
            try {
                while (serving) {
                    int n = link.read(buf, 0, buf.length, TIME.monotonicNanos() + 50_000_000L);
                    for (int i = 0; i < n; i++) {
                        char c = (char) (buf[i] & 0xFF);
                        if (c == '\r') {
                            String reply = answer(line.toString());
                            line.setLength(0);
                            link.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                        } else {
                            line.append(c);
                        }
                    }
                }
            } catch (IOException e) {
                // the test closed the line
            }
        }

        private synchronized String answer(String request) {
            received.add(request);
            String data = switch (request) {
                case "irun" -> {
                    if (damageIrun) {
                        damageIrun = false;
                        yield "Unknown commamd";   // what the pump said to a garbled irun, damaged on its way back
                    }
                    running = true;
                    yield null;
                }
                case "stp" -> {
                    running = false;
                    yield null;
                }
                case "nvram" -> "NVRAM: none";
                default -> null;                   // status query, poll on, nvram none
            };
            return "\n" + (data == null ? "" : data + "\r\n") + (running ? ">" : ":") + (char) UltraReply.XON;
        }

        @Override
        public void close() {
            serving = false;
            link.close();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
