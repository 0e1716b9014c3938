package org.dosewarden.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dosewarden.bench.JournalReplayBench;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.gpio.ChannelHealthSource;
import org.dosewarden.gpio.ChannelHealthSource.ChannelHealth;
import org.dosewarden.journal.Journal;
import org.dosewarden.testing.NotifySocketListener;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SR-S1 and SR-G2 with the daemon's real channel loops: a channel with a long history replays its journal at start
 * for longer than a loop may be quiet, and the service watchdog fed from the daemon's liveness bean keeps sending
 * keep-alives all through it. Before, it withheld them, and systemd (WatchdogSec=15s) killed a daemon whose replay
 * took longer, and started it again into the same replay: a channel past about a million events never came back.
 */
class ReplayingChannelLoopTest {

    private static final long EVENTS = 400_000;

    @TempDir
    Path dir;

    @Test
    @DisplayName("SR-S1 SR-G2: a channel replaying a long journal at start is working, not stalled: the keep-alives go on"
            + " until its first cycle")
    void longReplayKeepsTheServiceWatchdogFed() throws Exception {
        Path data = dir.resolve("data");
        try (Journal journal = Journal.open(data, TimeSource.system())) {
            JournalReplayBench.writeHistory(journal, EVENTS);
        }
        String channel = JournalReplayBench.CHANNEL;
        Map<String, Object> properties = DaemonWatchdog.daemon(data, "replay-watchdog-test", channel, "b");
        try (ApplicationContext context = ApplicationContext.run(properties);
             NotifySocketListener socket = NotifySocketListener.bind(dir.resolve("notify"))) {
            ChannelHealthSource health = context.getBean(ChannelHealthSource.class);
            TimeSource time = TimeSource.system();
            WatchdogFeeder feeder = DaemonWatchdog.feeder(context, socket);

            // feed as the daemon does, only more often, until the replaying channel has completed a cycle
            List<String> sent = new ArrayList<>();
            List<ChannelHealth> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            ChannelHealth h;
            do {
                Thread.sleep(100);
                h = health.check(time.monotonicNanos());
                seen.add(h);
                feeder.feed();
                sent.add(socket.next(Duration.ofSeconds(20)));
            } while ((!h.overdue().isEmpty() || seen.stream().noneMatch(x -> x.overdue().contains(channel)))
                    && System.nanoTime() < deadline);

            List<ChannelHealth> distinct = seen.stream().distinct().toList();
            assertTrue(seen.stream().anyMatch(x -> x.recovering().equals(List.of(channel))),
                    "the replay of " + EVENTS + " events outlasted the loop's quiet time: " + distinct);
            assertTrue(seen.stream().allMatch(x -> x.stalled().isEmpty()), "never stalled: " + distinct);
            assertTrue(sent.stream().allMatch(m -> m != null && m.startsWith("WATCHDOG=1")),
                    "a keep-alive for every check: " + sent);
            assertTrue(sent.contains("WATCHDOG=1|STATUS=supervising 1 channel(s): b; rebuilding from the journal: "
                    + channel), sent.toString());
            assertEquals("WATCHDOG=1|STATUS=supervising 2 channel(s): b, " + channel,
                    sent.stream().filter(m -> m.contains("STATUS=")).reduce((x, y) -> y).orElseThrow());
        }
    }
}
