package org.dosewarden.gpio;

import java.util.Optional;

/**
 * A debounced button on an input pin. Raw levels come from pin-change callbacks and from polls; a pin that cannot
 * be read counts as {@code levelOnReadFailure} (pressed for the emergency stop, released for the confirm
 * button: each fails toward its safe side). Not thread-safe; {@link BedsidePanel} serialises access.
 */
final class BedsideButton {

    private final InputPin pin;
    private final Level pressedLevel;
    private final Level levelOnReadFailure;
    private final Debouncer debouncer;
    private String readFailure;

    BedsideButton(InputPin pin, GpioSettings.InputSettings settings, boolean failPressed) {
        this.pin = pin;
        this.pressedLevel = settings.pressedLevel();
        this.levelOnReadFailure = failPressed ? pressedLevel : pressedLevel.inverse();
        this.debouncer = new Debouncer(settings.debounce());
    }

    /** A level reported by the provider's change callback at {@code nowNanos}. */
    void sample(Level level, long nowNanos) {
        debouncer.sample(level, nowNanos);
    }

    /** Reads the pin and returns the new debounced state if it changed. */
    Optional<ButtonState> poll(long nowNanos) {
        Level level;
        try {
            level = pin.read();
            readFailure = null;
        } catch (RuntimeException e) {
            level = levelOnReadFailure;
            readFailure = String.valueOf(e.getMessage());
        }
        debouncer.sample(level, nowNanos);
        return debouncer.settle(nowNanos).map(this::meaning);
    }

    ButtonState state() {
        return debouncer.stable().map(this::meaning).orElse(ButtonState.UNKNOWN);
    }

    Optional<Level> rawLevel() {
        return debouncer.raw();
    }

    /** When the current raw level was first seen (monotonic nanoseconds). */
    long rawSinceNanos() {
        return debouncer.rawSinceNanos();
    }

    /** Why the last read failed, or null when it succeeded. */
    String readFailure() {
        return readFailure;
    }

    int bcm() {
        return pin.bcm();
    }

    private ButtonState meaning(Level level) {
        return level == pressedLevel ? ButtonState.PRESSED : ButtonState.RELEASED;
    }
}
