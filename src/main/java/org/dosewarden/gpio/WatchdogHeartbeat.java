package org.dosewarden.gpio;

import java.time.Duration;
import java.util.List;
import org.dosewarden.gpio.ChannelHealthSource.ChannelHealth;

/**
 * The hardware-watchdog heartbeat: the pin toggles every toggle interval only while every registered channel loop
 * is alive and GPIO polls succeed. Anything else holds it LOW, and the external watchdog then cuts pump power. With
 * no loop registered nothing supervises a pump, so there is no heartbeat.
 *
 * <p>Not thread-safe: {@link BedsidePanel} calls it under its lock.
 */
final class WatchdogHeartbeat {

    private static final ChannelHealth NONE_REGISTERED = new ChannelHealth(List.of(), List.of());

    private final OutputPin pin;
    private final Duration toggleInterval;

    private boolean toggling;
    private Level level = Level.LOW;
    private long lastToggle;
    private ChannelHealth health = NONE_REGISTERED;

    private WatchdogHeartbeat(OutputPin pin, Duration toggleInterval) {
        this.pin = pin;
        this.toggleInterval = toggleInterval;
    }

    /** Claims the heartbeat output on {@code board} when enabled, held LOW (also when the board is released). */
    static WatchdogHeartbeat claim(GpioBoard board, GpioSettings.HeartbeatSettings settings) {
        return new WatchdogHeartbeat(
                settings.enabled() ? board.output("watchdog-heartbeat", settings.pin(), Level.LOW, Level.LOW) : null,
                settings.toggleInterval());
    }

    /** Nothing fitted: channel health is still followed, for the status. */
    static WatchdogHeartbeat notFitted(Duration toggleInterval) {
        return new WatchdogHeartbeat(null, toggleInterval);
    }

    /**
     * One poll's beat at monotonic {@code nowNanos}: toggles when the interval has passed and every loop in
     * {@code current} is alive, else holds the pin LOW.
     */
    void beat(ChannelHealth current, long nowNanos) {
        health = current;
        boolean alive = current.allAlive();
        if (pin == null) {
            toggling = alive;
            return;
        }
        if (alive) {
            if (!toggling || nowNanos - lastToggle >= toggleInterval.toNanos()) {
                level = level.inverse();
                lastToggle = nowNanos;
            }
        } else {
            level = Level.LOW;
        }
        toggling = alive;
        pin.drive(level);
    }

    /** A poll failed or GPIO shuts down: the pin is held LOW until the next good beat. May throw from the pin. */
    void still() {
        toggling = false;
        level = Level.LOW;
        if (pin != null) {
            pin.drive(Level.LOW);
        }
    }

    GpioStatus.HeartbeatStatus status(int configuredPin) {
        return new GpioStatus.HeartbeatStatus(pin != null, pin == null ? null : configuredPin, toggling,
                health.registered(), health.overdue());
    }
}
