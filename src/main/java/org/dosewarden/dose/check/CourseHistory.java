package org.dosewarden.dose.check;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the course check (SR-K1) needs from the caller: when the new session is to start and the patient's
 * previous sessions (from the journal). Sessions of other patients or other drug entries are ignored.
 *
 * @param plannedStart when the new session would start (wall time, from the caller's clock)
 * @param sessions     previous sessions; order does not matter
 */
public record CourseHistory(Instant plannedStart, List<PreviousSession> sessions) {

    public CourseHistory {
        Objects.requireNonNull(plannedStart, "plannedStart");
        sessions = List.copyOf(sessions);
    }
}
