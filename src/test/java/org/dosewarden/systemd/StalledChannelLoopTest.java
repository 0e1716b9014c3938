package org.dosewarden.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dosewarden.channel.ChannelSupervisor;
import org.dosewarden.channel.DaemonChannels;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.gpio.ChannelHealthSource;
import org.dosewarden.gpio.ChannelHealthSource.ChannelHealth;
import org.dosewarden.safety.Event;
import org.dosewarden.testing.NotifySocketListener;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SR-S1 with the daemon's real channel loops: one loop is made to hang (a job on its own thread that does not
 * return), and the service watchdog fed from the daemon's liveness bean stops sending keep-alives until it
 * returns, while the other channel stays alive.
 */
class StalledChannelLoopTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("SR-S1: a hung channel loop stops the systemd keep-alives; they resume when the loop does")
    void hungLoopWithholdsKeepAlive() throws Exception {
        Map<String, Object> properties = DaemonWatchdog.daemon(dir.resolve("data"), "stall-test", "a", "b");
        try (ApplicationContext context = ApplicationContext.run(properties);
             NotifySocketListener socket = NotifySocketListener.bind(dir.resolve("notify"))) {
            ChannelHealthSource health = context.getBean(ChannelHealthSource.class);
            TimeSource time = TimeSource.system();
            WatchdogFeeder feeder = DaemonWatchdog.feeder(context, socket);
            assertEquals(List.of("a", "b"), awaitHealth(health, time, h -> h.overdue().isEmpty()).registered());
            feeder.feed();
            assertEquals("WATCHDOG=1|STATUS=supervising 2 channel(s): a, b", socket.next(Duration.ofSeconds(20)));

            ChannelSupervisor a = context.getBean(DaemonChannels.class).supervisors().stream()
                    .filter(s -> s.name().equals("a")).findFirst().orElseThrow();
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch hung = new CountDownLatch(1);
            a.post(now -> {
                hung.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Event.EmergencyStopReleased(now, "stall test");
            });
            assertTrue(hung.await(10, TimeUnit.SECONDS), "the job reached channel a's thread");
            ChannelHealth stalled = awaitHealth(health, time, h -> !h.overdue().isEmpty());
            assertEquals(List.of("a"), stalled.overdue(), "only the hung loop is overdue");
            feeder.feed();
            assertEquals("STATUS=channel loop(s) not alive: a; keep-alive withheld, systemd restarts the daemon at "
                    + "the watchdog timeout", socket.next(Duration.ofSeconds(20)));

            release.countDown();
            awaitHealth(health, time, h -> h.overdue().isEmpty());
            feeder.feed();
            assertEquals("WATCHDOG=1|STATUS=supervising 2 channel(s): a, b", socket.next(Duration.ofSeconds(20)));
        }
    }

    private static ChannelHealth awaitHealth(ChannelHealthSource health, TimeSource time,
            java.util.function.Predicate<ChannelHealth> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ChannelHealth h = health.check(time.monotonicNanos());
        while (!wanted.test(h) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            h = health.check(time.monotonicNanos());
        }
        assertTrue(wanted.test(h), "channel health never became as wanted: " + h);
        return h;
    }
}
