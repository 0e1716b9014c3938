package org.dosewarden.gpio;

import java.util.List;

/**
 * Port: whether every channel supervision loop is alive, for the hardware-watchdog heartbeat. The heartbeat pin
 * toggles only while {@link ChannelHealth#allAlive()}; an external watchdog relay cuts pump power when it stops
 * toggling. {@link ChannelLiveness} is the implementation the channel loops report to.
 */
@FunctionalInterface
public interface ChannelHealthSource {

    /**
     * Health of every registered channel loop at monotonic time {@code nowNanos}.
     *
     * @param nowNanos the shell's {@code TimeSource.monotonicNanos()}
     */
    ChannelHealth check(long nowNanos);

    /**
     * A health snapshot.
     *
     * @param registered ids of all registered channel loops, sorted
     * @param overdue    the registered loops that have not reported within their allowed quiet time, sorted
     */
    record ChannelHealth(List<String> registered, List<String> overdue) {
        public ChannelHealth {
            registered = List.copyOf(registered);
            overdue = List.copyOf(overdue);
        }

        /**
         * True when at least one channel loop is registered and none is overdue. With no channel registered nothing
         * supervises a pump, so the heartbeat stays off and the watchdog keeps pump power cut.
         */
        public boolean allAlive() {
            return !registered.isEmpty() && overdue.isEmpty();
        }
    }
}
