package org.dosewarden.dose.library;

import java.time.Duration;
import java.util.Objects;
import org.dosewarden.dose.quantity.Dose;

/**
 * Limits across a patient's sessions of one drug-library entry (SR-K1). Soft ones need an override with
 * a reason, hard ones refuse.
 *
 * @param interval     minimum time from the end of the previous session to the start of this one
 *                     (use {@code hardMin}/{@code softMin})
 * @param sessions     most sessions per course, this one included (use {@code softMax}/{@code hardMax})
 * @param dosePer7Days most drug in any rolling 7 days, this session's planned dose included
 */
public record CourseLimits(Bounds<Duration> interval, Bounds<Integer> sessions, Bounds<Dose> dosePer7Days) {

    /** The rolling window of {@link #dosePer7Days()}. */
    public static final Duration ROLLING_WINDOW = Duration.ofDays(7);

    public CourseLimits {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(dosePer7Days, "dosePer7Days");
    }

    public static CourseLimits none() {
        return new CourseLimits(Bounds.none(), Bounds.none(), Bounds.none());
    }

    public boolean isEmpty() {
        return interval.isEmpty() && sessions.isEmpty() && dosePer7Days.isEmpty();
    }
}
