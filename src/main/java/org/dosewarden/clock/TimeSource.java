package org.dosewarden.clock;

import java.time.Instant;

/**
 * The one clock of the shell (DESIGN.md principle 5): wall time for records, monotonic time for
 * intervals. The pure core never reads it; the shell reads it and puts the time into events. Tests and
 * the simulator use {@link ManualTimeSource} so an hour of infusion runs in milliseconds.
 */
public interface TimeSource {

    /** Wall-clock time, for journal records and displays. May jump (NTP); never use it for intervals. */
    Instant wallTime();

    /** Monotonic nanoseconds from an arbitrary origin, for intervals and deadlines. Never goes backwards. */
    long monotonicNanos();

    /** The real clocks of this machine. */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }
}
