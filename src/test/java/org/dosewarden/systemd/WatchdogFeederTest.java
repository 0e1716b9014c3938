package org.dosewarden.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.gpio.ChannelLiveness;
import org.dosewarden.testing.NotifySocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service watchdog against a stand-in notify socket, with the real systemd-notify sending: keep-alives only
 * while every channel loop has beaten within its allowed quiet time.
 */
class WatchdogFeederTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private NotifySocketListener socket;
    private ServiceManagerNotifier notifier;
    private final ManualTimeSource clock = new ManualTimeSource();
    private final ChannelLiveness liveness = new ChannelLiveness(clock);

    @BeforeEach
    void bind() throws Exception {
        socket = NotifySocketListener.bind(dir.resolve("notify"));
        notifier = ServiceManagerNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", socket.path().toString(), "PATH", System.getenv("PATH")), "systemd-notify")
                .orElseThrow();
    }

    @AfterEach
    void close() {
        socket.close();
    }

    @Test
    @DisplayName("SR-S1: a stalled channel loop withholds the keep-alive and names the channel; it resumes with the loop")
    void keepAliveOnlyWhileEveryLoopIsAlive() throws Exception {
        ChannelLiveness.Registration a = liveness.register("a", Duration.ofSeconds(1));
        ChannelLiveness.Registration b = liveness.register("b", Duration.ofSeconds(1));
        WatchdogFeeder feeder = new WatchdogFeeder(notifier, liveness, clock, Duration.ofSeconds(15));

        feeder.feed();
        assertEquals("WATCHDOG=1|STATUS=supervising 2 channel(s): a, b", socket.next(WAIT));
        clock.advance(Duration.ofMillis(900));
        feeder.feed();
        assertEquals("WATCHDOG=1", socket.next(WAIT), "status unchanged: a keep-alive alone");

        b.beat();
        clock.advance(Duration.ofMillis(200));  // a has been quiet 1.1 s, b 0.2 s
        feeder.feed();
        assertEquals("STATUS=channel loop(s) not alive: a; keep-alive withheld, systemd restarts the daemon at the "
                + "watchdog timeout", socket.next(WAIT));
        b.beat();
        feeder.feed();
        feeder.feed();
        assertNull(socket.next(Duration.ofMillis(500)), "nothing while a stays stalled");

        a.beat();
        feeder.feed();
        assertEquals("WATCHDOG=1|STATUS=supervising 2 channel(s): a, b", socket.next(WAIT));
    }

    @Test
    @DisplayName("SR-S1, SR-G2: a loop rebuilding its channel from the journal is working, not stalled: keep-alives go on"
            + " while it reports progress, and stop when its progress has not come for 5 s")
    void loopRebuildingFromTheJournalKeepsTheWatchdogFed() throws Exception {
        ChannelLiveness.Registration a = liveness.register("a", Duration.ofSeconds(1));
        liveness.register("b", Duration.ofHours(1));
        WatchdogFeeder feeder = new WatchdogFeeder(notifier, liveness, clock, Duration.ofSeconds(15));

        // a replays years of records: far longer than its quiet time and than WatchdogSec, with progress throughout
        for (int i = 0; i < 40; i++) {
            clock.advance(Duration.ofMillis(500));
            a.progress();
            feeder.feed();
        }
        assertEquals("WATCHDOG=1|STATUS=supervising 2 channel(s): a, b", socket.next(WAIT));
        assertEquals("WATCHDOG=1", socket.next(WAIT), "1 s: within a's quiet time since it registered");
        assertEquals("WATCHDOG=1|STATUS=supervising 1 channel(s): b; rebuilding from the journal: a",
                socket.next(WAIT));
        for (int i = 0; i < 37; i++) {
            assertEquals("WATCHDOG=1", socket.next(WAIT), "keep-alive " + i + " during the replay");
        }

        // 3 s without progress: more than a's quiet time, but a loaded board can hold a thread that long
        clock.advance(Duration.ofSeconds(3));
        feeder.feed();
        assertEquals("WATCHDOG=1", socket.next(WAIT), "3 s since the last progress");
        // the replay stopped getting further: stuck, not working
        clock.advance(ChannelLiveness.PROGRESS_QUIET.minus(Duration.ofSeconds(3)).plusMillis(1));
        feeder.feed();
        assertEquals("STATUS=channel loop(s) not alive: a; keep-alive withheld, systemd restarts the daemon at the "
                + "watchdog timeout", socket.next(WAIT));

        a.progress();
        a.beat();  // the replay went on, and the first cycle came
        feeder.feed();
        assertEquals("WATCHDOG=1|STATUS=supervising 2 channel(s): a, b", socket.next(WAIT));
    }

    @Test
    @DisplayName("SR-S1: with no channel configured nothing can stall, so the service watchdog is fed")
    void noChannelStillFed() throws Exception {
        new WatchdogFeeder(notifier, liveness, clock, Duration.ofSeconds(15)).feed();
        assertEquals("WATCHDOG=1|STATUS=running; no pump channel configured", socket.next(WAIT));
    }

    @Test
    @DisplayName("SR-S1: started, it sends keep-alives three times per watchdog interval until closed")
    void feedsOnItsOwnThread() throws Exception {
        liveness.register("a", Duration.ofHours(1));
        try (WatchdogFeeder feeder = new WatchdogFeeder(notifier, liveness, clock, Duration.ofMillis(900))) {
            feeder.start();
            List<String> seen = socket.until("STATUS=supervising 1 channel(s): a", WAIT);
            assertTrue(seen.getLast().startsWith("WATCHDOG=1"), seen.toString());
            assertEquals("WATCHDOG=1", socket.next(WAIT));
            assertEquals("WATCHDOG=1", socket.next(WAIT));
        }
        while (socket.next(Duration.ofMillis(500)) != null) {
            // drain what was already on its way
        }
        assertNull(socket.next(Duration.ofSeconds(1)), "nothing after close");
    }

    @Test
    @DisplayName("the watchdog interval is systemd's WATCHDOG_USEC, only when WATCHDOG_PID is this process or unset")
    void watchdogInterval() {
        assertEquals(Optional.of(Duration.ofSeconds(15)),
                ServiceManagerNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "15000000"), 42));
        assertEquals(Optional.of(Duration.ofSeconds(15)),
                ServiceManagerNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "15000000", "WATCHDOG_PID", "42"), 42));
        assertEquals(Optional.empty(),
                ServiceManagerNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "15000000", "WATCHDOG_PID", "7"), 42));
        assertEquals(Optional.empty(), ServiceManagerNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "x"), 42));
        assertEquals(Optional.empty(), ServiceManagerNotifier.watchdogInterval(Map.of(), 42));
        assertEquals(Optional.empty(), ServiceManagerNotifier.fromEnvironment(Map.of(), "systemd-notify"));
    }
}
