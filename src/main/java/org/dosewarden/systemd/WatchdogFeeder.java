package org.dosewarden.systemd;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.gpio.ChannelHealthSource;
import org.dosewarden.gpio.ChannelHealthSource.ChannelHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service watchdog (SR-S1): every {@code interval / 3} it asks whether every channel loop is alive and, only
 * then, sends systemd a keep-alive. A loop that stalls (stuck in a pump transaction, a journal write, a deadlock)
 * stops the keep-alives; after {@code WatchdogSec} without one systemd kills the daemon and starts it again, and
 * the new daemon rebuilds each channel from the journal, paused (SR-G2). While keep-alives are withheld the
 * service status names the stalled channels, and so does the log.
 *
 * <p>A loop still rebuilding its channel from the journal at start (every event it ever journaled goes through the
 * core again: about 15 s per million events on a 2-core x86 machine, more on a board) is working, not stalled: it
 * reports progress, and keep-alives go on ({@link ChannelHealth#stalled()}). Withholding them there made systemd
 * kill the daemon in the middle of every replay longer than {@code WatchdogSec}, and start it again into the same
 * replay, for good. The hardware-watchdog heartbeat still waits for the loop's first cycle: until then nothing
 * supervises that pump.
 *
 * <p>The loops report to the same {@link ChannelHealthSource} as the GPIO hardware-watchdog heartbeat; a daemon
 * with no channel configured supervises nothing that could stall, so it keeps the service watchdog fed (unlike the
 * heartbeat, which must keep pump power cut when nothing supervises a pump).
 */
public final class WatchdogFeeder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchdogFeeder.class);

    private final ServiceManagerNotifier notifier;
    private final ChannelHealthSource health;
    private final TimeSource time;
    private final Duration period;
    private final ScheduledExecutorService thread;
    private String lastStatus = "";

    /**
     * @param interval systemd's watchdog interval; keep-alives go out three times in it
     */
    public WatchdogFeeder(ServiceManagerNotifier notifier, ChannelHealthSource health, TimeSource time,
            Duration interval) {
        this.notifier = notifier;
        this.health = health;
        this.time = time;
        this.period = interval.dividedBy(3);
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("watchdog interval too short: " + interval);
        }
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "service-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts feeding; the first check runs at once. */
    public void start() {
        thread.scheduleAtFixedRate(this::feedSafely, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One check: a keep-alive when every loop is alive, else a status naming the stalled ones. */
    void feed() throws IOException {
        ChannelHealth now = health.check(time.monotonicNanos());
        List<String> message = new ArrayList<>();
        List<String> stalled = now.stalled();
        String status;
        if (stalled.isEmpty()) {
            message.add("WATCHDOG=1");
            List<String> supervising = now.registered().stream().filter(id -> !now.recovering().contains(id)).toList();
            List<String> parts = new ArrayList<>();
            if (!supervising.isEmpty()) {
                parts.add("supervising " + supervising.size() + " channel(s): " + String.join(", ", supervising));
            }
            if (!now.recovering().isEmpty()) {
                parts.add("rebuilding from the journal: " + String.join(", ", now.recovering()));
            }
            status = now.registered().isEmpty() ? "running; no pump channel configured" : String.join("; ", parts);
        } else {
            status = "channel loop(s) not alive: " + String.join(", ", stalled)
                    + "; keep-alive withheld, systemd restarts the daemon at the watchdog timeout";
        }
        if (!status.equals(lastStatus)) {
            message.add("STATUS=" + status);
            if (stalled.isEmpty()) {
                LOG.info("service watchdog: {}", status);
            } else {
                LOG.error("service watchdog: {}", status);
            }
            lastStatus = status;
        }
        if (!message.isEmpty()) {
            notifier.send(message.toArray(String[]::new));
        }
    }

    private void feedSafely() {
        try {
            feed();
        } catch (IOException | RuntimeException e) {
            // A keep-alive that could not be sent is a missed one; systemd decides at its timeout.
            LOG.warn("service watchdog: could not notify systemd: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.shutdown();  // a keep-alive on its way is finished, none is started
        try {
            if (!thread.awaitTermination(ServiceManagerNotifier.SEND_LIMIT.toSeconds() + 1, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
