package org.dosewarden.systemd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dosewarden.testing.DaemonProcess;
import org.dosewarden.testing.NotifySocketListener;
import org.dosewarden.testing.Ports;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as its own process, started the way systemd starts a {@code Type=notify} service with
 * {@code WatchdogSec}: it reports ready once it serves, keeps the watchdog fed while its channel loop is alive,
 * and says it is stopping on SIGTERM.
 */
class NotifyingDaemonTest {

    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    @DisplayName("SR-S1: READY=1 once serving, WATCHDOG=1 three times per WATCHDOG_USEC, STOPPING=1 on SIGTERM")
    void notifiesSystemd() throws Exception {
        try (NotifySocketListener socket = NotifySocketListener.bind(dir.resolve("notify"))) {
            List<String> properties = List.of(
                    "dosewarden.data-dir=" + dir.resolve("data"),
                    "dosewarden.mqtt.embedded.port=" + Ports.free(),
                    "dosewarden.mqtt.embedded.websocket-port=0",
                    "dosewarden.channels.a.profile=sim-ne1000",
                    "dosewarden.channels.a.port=sim:notify-a",
                    "dosewarden.channels.a.syringe=bd-plastic-60ml");
            Map<String, String> systemd = Map.of("NOTIFY_SOCKET", socket.path().toString(), "WATCHDOG_USEC", "1500000");
            try (DaemonProcess daemon = DaemonProcess.start(properties, dir.resolve("daemon.log"), systemd)) {
                List<String> first = socket.until("READY=1", START_LIMIT);
                assertTrue(first.getLast().equals("READY=1|STATUS=started; " + daemon.baseUri()),
                        first + "\n" + daemon.logTail(30));
                socket.until("WATCHDOG=1|STATUS=supervising 1 channel(s): a", Duration.ofSeconds(30));
                long started = System.nanoTime();
                socket.until("WATCHDOG=1", Duration.ofSeconds(5));
                socket.until("WATCHDOG=1", Duration.ofSeconds(5));
                long twoMore = (System.nanoTime() - started) / 1_000_000;
                assertTrue(twoMore < 3_000, "two keep-alives took " + twoMore + " ms; WatchdogSec is 1.5 s");
                assertTrue(daemon.terminate(Duration.ofSeconds(60)), daemon.logTail(30));
                socket.until("STOPPING=1", Duration.ofSeconds(10));
            }
        }
    }
}
