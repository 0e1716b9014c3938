package org.dosewarden.gpio;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.dosewarden.safety.Moment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emergency-stop input and its latch. A debounced press (a broken wire and a pin that cannot be read count as
 * one) latches; the latch holds the pump power relay off until a clinician {@linkplain #reset() resets} it with
 * the button released. Presses and releases are told to the channels through the {@link EmergencyStopListener};
 * a listener that throws is counted and logged, and the relay acts regardless.
 *
 * <p>Not thread-safe: {@link BedsidePanel} calls it under its lock. Listener calls are handed back as actions to
 * run after the lock is released.
 */
final class EmergencyStopLatch {

    private static final Logger LOG = LoggerFactory.getLogger(EmergencyStopLatch.class);

    private final BedsideButton button;
    private final EmergencyStopListener listener;
    private final AtomicLong listenerFailures = new AtomicLong();
    private boolean latched;

    /**
     * @param button   the debounced input (failing toward pressed), or {@code null} when none is fitted
     * @param listener told about presses and releases, off the panel's lock
     */
    EmergencyStopLatch(BedsideButton button, EmergencyStopListener listener) {
        this.button = button;
        this.listener = listener;
    }

    boolean fitted() {
        return button != null;
    }

    /** The debounced state; {@link ButtonState#UNKNOWN} before the first settled read or when not fitted. */
    ButtonState state() {
        return button == null ? ButtonState.UNKNOWN : button.state();
    }

    boolean latched() {
        return latched;
    }

    /** Pressed or latched now: beacon and buzzer show a high alarm without waiting for the channels to raise one. */
    boolean active() {
        return button != null && (latched || button.state() == ButtonState.PRESSED);
    }

    /** Reads and debounces the input; a press latches and, like a release, is told to the listener via {@code after}. */
    void poll(Moment at, List<Runnable> after) {
        if (button == null) {
            return;
        }
        ButtonState before = button.state();
        Optional<ButtonState> changed = button.poll(at.monotonicNanos());
        if (changed.isEmpty()) {
            return;
        }
        if (changed.get() == ButtonState.PRESSED) {
            latched = true;
            LOG.warn("emergency stop pressed (or its wire is broken) on BCM {}{}", button.bcm(),
                    button.readFailure() == null ? "" : ": pin unreadable: " + button.readFailure());
            after.add(() -> tell(l -> l.emergencyStopPressed(at)));
        } else if (before != ButtonState.UNKNOWN) {
            LOG.info("emergency stop released on BCM {}; latched until a clinician resets it", button.bcm());
            after.add(() -> tell(l -> l.emergencyStopReleased(at)));
        }
    }

    private void tell(Consumer<EmergencyStopListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            listenerFailures.incrementAndGet();
            LOG.error("emergency-stop listener failed; the power relay is de-energised regardless", e);
        }
    }

    /** A clinician's reset: clears the latch only while the button reads released. */
    EmergencyStopReset reset() {
        if (button == null) {
            return EmergencyStopReset.NOT_FITTED;
        }
        if (button.state() != ButtonState.RELEASED) {
            return EmergencyStopReset.STILL_PRESSED;
        }
        if (!latched) {
            return EmergencyStopReset.NOT_LATCHED;
        }
        latched = false;
        LOG.info("emergency stop reset by a clinician");
        return EmergencyStopReset.RESET;
    }

    /** Listener calls that threw since start (any thread may read it). */
    long listenerFailures() {
        return listenerFailures.get();
    }

    GpioStatus.EmergencyStopStatus status(int pin) {
        if (button == null) {
            return new GpioStatus.EmergencyStopStatus(false, null, null, ButtonState.UNKNOWN, latched, null);
        }
        return new GpioStatus.EmergencyStopStatus(true, pin, button.rawLevel().orElse(null), button.state(), latched,
                button.readFailure());
    }
}
