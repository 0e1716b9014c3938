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
     * @param overdue    the registered loops that have not completed a cycle within their allowed quiet time, sorted:
     *                   none of them supervises its pump
     * @param recovering those of {@code overdue} that are still rebuilding their channel from the journal at start and
     *                   reported progress within their allowed quiet time or
     *                   {@link ChannelLiveness#PROGRESS_QUIET}, whichever is longer, sorted: working, not stuck
     */
    record ChannelHealth(List<String> registered, List<String> overdue, List<String> recovering) {
        public ChannelHealth {
            registered = List.copyOf(registered);
            overdue = List.copyOf(overdue);
            recovering = List.copyOf(recovering);
            if (!overdue.containsAll(recovering)) {
                throw new IllegalArgumentException("a recovering loop is one that is overdue: " + recovering
                        + " not all in " + overdue);
            }
        }

        /** A snapshot in which no loop is rebuilding from the journal. */
        public ChannelHealth(List<String> registered, List<String> overdue) {
            this(registered, overdue, List.of());
        }

        /**
         * The overdue loops that are not rebuilding from the journal either: stuck (in a pump transaction, a journal
         * write, a deadlock) or dead. What a service watchdog restarts the daemon for; a restart would not make a
         * replay any shorter.
         */
        public List<String> stalled() {
            return overdue.stream().filter(id -> !recovering.contains(id)).toList();
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
