package org.dosewarden.gpio;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The GPIO poll thread ("dosewarden-gpio"): calls {@link BedsidePanel#poll()} every poll interval of real time.
 * Every poll catches {@link Throwable} and puts the panel into its safe state (relay de-energised, heartbeat
 * still) until the next good poll; the schedule never dies from an exception.
 */
final class GpioLoop implements AutoCloseable {

    private final BedsidePanel panel;
    private final Duration interval;
    private ScheduledExecutorService executor;

    GpioLoop(BedsidePanel panel, Duration interval) {
        this.panel = panel;
        this.interval = interval;
    }

    /** Starts polling; does nothing if the panel is not running or the loop already runs. */
    synchronized void start() {
        if (executor != null || !panel.isRunning()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dosewarden-gpio");
            t.setDaemon(true);
            // Emergency stop and relay must not queue behind request handling.
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        executor.scheduleAtFixedRate(this::pollOnce, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    void pollOnce() {
        try {
            panel.poll();
        } catch (Throwable t) {
            panel.pollFailed(t);
        }
    }

    /** Stops polling and waits briefly for a poll in progress. */
    @Override
    public synchronized void close() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }
}
