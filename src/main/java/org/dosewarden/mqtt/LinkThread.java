package org.dosewarden.mqtt;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT link's one thread, {@code dosewarden-mqtt}. The broker connection, the retained documents, the
 * event relay and the incoming messages keep their state on it and touch it nowhere else, so none of them
 * needs a lock. Every task is guarded: a failure is logged and the thread goes on (scheduled tasks survive).
 * Once stopped, posted work is dropped quietly: the link is closing.
 */
final class LinkThread {

    private static final Logger LOG = LoggerFactory.getLogger(LinkThread.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dosewarden-mqtt");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code task} on the link thread after what is already queued. */
    void post(String what, Runnable task) {
        try {
            executor.execute(guarded(what, task));
        } catch (RejectedExecutionException closed) {
            LOG.debug("MQTT link closed; dropped {}", what);
        }
    }

    /** Runs {@code task} once, {@code delay} from now. */
    void schedule(String what, Runnable task, Duration delay) {
        try {
            executor.schedule(guarded(what, task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.debug("MQTT link closed; did not schedule {}", what);
        }
    }

    /** Runs {@code task} every {@code period}, at a fixed rate (a heartbeat). */
    void everyPeriod(String what, Runnable task, Duration period) {
        long ms = period.toMillis();
        executor.scheduleAtFixedRate(guarded(what, task), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} repeatedly with {@code pause} between the end of one run and the next (a poll). */
    void withPauses(String what, Runnable task, Duration pause) {
        long ms = pause.toMillis();
        executor.scheduleWithFixedDelay(guarded(what, task), ms, ms, TimeUnit.MILLISECONDS);
    }

    boolean stopped() {
        return executor.isShutdown();
    }

    /**
     * Runs {@code task} on the link thread, waits at most {@code timeout} for it, then stops the thread.
     * Never throws: a task that does not finish in time is logged and abandoned.
     */
    void finishWith(String what, Runnable task, Duration timeout) {
        try {
            executor.submit(guarded(what, task)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warn("MQTT link did not close cleanly: {}", e.toString());
        }
        executor.shutdownNow();
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("MQTT link task '{}' failed; the link carries on", what, t);
            }
        };
    }
}
