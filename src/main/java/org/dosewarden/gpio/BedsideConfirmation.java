package org.dosewarden.gpio;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bedside confirm button and the one request that may wait for it. A remote start or rate increase asks; a
 * press that began after the request confirms it; the configured timeout on the shell clock refuses it. One press
 * confirms at most one request: while one waits, another is refused as {@link ConfirmationOutcome#BUSY}.
 *
 * <p>Not thread-safe: {@link BedsidePanel} calls it under its lock and decides first whether GPIO can read the
 * button at all. Futures are completed by actions handed back to run after the lock is released.
 */
final class BedsideConfirmation {

    private static final Logger LOG = LoggerFactory.getLogger(BedsideConfirmation.class);

    /**
     * Real-time grace after the virtual confirmation deadline: if the poll loop has died, a waiting request still
     * ends (as timed out) instead of hanging the HTTP call.
     */
    static final Duration REAL_TIME_GRACE = Duration.ofSeconds(2);

    private record Pending(String what, long requestedAt, long deadline,
            CompletableFuture<ConfirmationOutcome> future) {
    }

    private final BedsideButton button;
    private final Duration timeout;
    private Pending pending;

    /**
     * @param button  the debounced confirm button (failing toward released), or {@code null} when none is fitted
     * @param timeout how long a request waits for a press, on the shell clock
     */
    BedsideConfirmation(BedsideButton button, Duration timeout) {
        this.button = button;
        this.timeout = timeout;
    }

    /**
     * A request made at {@code nowNanos}: {@link ConfirmationOutcome#NOT_REQUIRED} at once when no button is
     * fitted, {@link ConfirmationOutcome#BUSY} at once while another request waits, else a future the next
     * {@link #poll} completes.
     */
    CompletableFuture<ConfirmationOutcome> request(String what, long nowNanos) {
        if (button == null) {
            return CompletableFuture.completedFuture(ConfirmationOutcome.NOT_REQUIRED);
        }
        if (pending != null && !pending.future().isDone()) {
            LOG.warn("bedside confirmation for '{}' refused: '{}' is still waiting", what, pending.what());
            return CompletableFuture.completedFuture(ConfirmationOutcome.BUSY);
        }
        CompletableFuture<ConfirmationOutcome> future = new CompletableFuture<>();
        future.completeOnTimeout(ConfirmationOutcome.TIMED_OUT, timeout.plus(REAL_TIME_GRACE).toMillis(),
                TimeUnit.MILLISECONDS);
        pending = new Pending(what, nowNanos, nowNanos + timeout.toNanos(), future);
        LOG.info("waiting up to {} s for a bedside confirmation of '{}'", timeout.toSeconds(), what);
        return future.copy();
    }

    /** Reads the button; a fresh press confirms the waiting request, an overdue one times out. */
    void poll(long nowNanos, List<Runnable> after) {
        if (button != null) {
            Optional<ButtonState> changed = button.poll(nowNanos);
            if (changed.equals(Optional.of(ButtonState.PRESSED)) && pending != null
                    && button.rawSinceNanos() >= pending.requestedAt()) {
                finish(ConfirmationOutcome.CONFIRMED, after);
            }
        }
        if (pending != null && nowNanos >= pending.deadline()) {
            finish(ConfirmationOutcome.TIMED_OUT, after);
        }
        if (pending != null && pending.future().isDone()) {
            pending = null;
        }
    }

    private void finish(ConfirmationOutcome outcome, List<Runnable> after) {
        Pending p = pending;
        pending = null;
        LOG.info("bedside confirmation for '{}': {}", p.what(), outcome);
        after.add(() -> p.future().complete(outcome));
    }

    /** Shutdown: the waiting request, if any, is withdrawn; the caller completes it as unavailable off the lock. */
    Optional<CompletableFuture<ConfirmationOutcome>> withdraw() {
        Pending p = pending;
        pending = null;
        return p == null ? Optional.empty() : Optional.of(p.future());
    }

    GpioStatus.ConfirmButtonStatus status(int pin) {
        return new GpioStatus.ConfirmButtonStatus(button != null, button == null ? null : pin,
                button == null ? null : button.rawLevel().orElse(null),
                button == null ? ButtonState.UNKNOWN : button.state(), pending == null ? null : pending.what(),
                timeout.toMillis());
    }
}
