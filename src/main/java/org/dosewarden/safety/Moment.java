package org.dosewarden.safety;

import java.time.Instant;
import java.util.Objects;

/**
 * When an event happened, as the shell's clock saw it. The core never reads a clock: every event carries
 * one of these.
 *
 * @param wall           wall-clock time, for records and display only (it may jump with NTP)
 * @param monotonicNanos monotonic nanoseconds from the current process epoch's arbitrary origin; all
 *                       intervals (timeouts, windows, staleness) are measured with it. It restarts from
 *                       another origin after {@link Event.DaemonRecovered}.
 */
public record Moment(Instant wall, long monotonicNanos) {

    public Moment {
        Objects.requireNonNull(wall, "wall");
    }

    /** Nanoseconds from {@code earlierNanos} to this moment, never negative (a confused clock reads as 0). */
    public long nanosSince(long earlierNanos) {
        return Math.max(0, monotonicNanos - earlierNanos);
    }
}
