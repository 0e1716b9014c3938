package org.dosewarden.channel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.dosewarden.dose.quantity.DrugAmount;

/**
 * One infusion session of a patient, from the journal's session table (course history, SR-K1).
 *
 * @param sessionId journal id of the session
 * @param patientId the patient
 * @param channel   channel it ran on
 * @param drugId    drug library entry id
 * @param startedAt when the session was opened
 * @param endedAt   when it was closed, or {@code null} while it is open (running, paused, or interrupted by
 *                  a restart and not yet ended by a clinician)
 * @param delivered drug delivered in the session, or {@code null} while it is open (the journal records the
 *                  amount when the session closes)
 */
public record SessionSummary(String sessionId, String patientId, String channel, String drugId, Instant startedAt,
                             Instant endedAt, DrugAmount delivered) {

    public SessionSummary {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(drugId, "drugId");
        Objects.requireNonNull(startedAt, "startedAt");
        if ((endedAt == null) != (delivered == null)) {
            throw new IllegalArgumentException("a closed session has both an end and a delivered amount; an open one neither");
        }
    }

    public boolean isOpen() {
        return endedAt == null;
    }

    /** The end, if closed. */
    public Optional<Instant> end() {
        return Optional.ofNullable(endedAt);
    }

    /** The delivered amount, if closed. */
    public Optional<DrugAmount> deliveredAmount() {
        return Optional.ofNullable(delivered);
    }
}
