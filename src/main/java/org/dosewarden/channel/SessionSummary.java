package org.dosewarden.channel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.dosewarden.dose.quantity.AmountKind;
import org.dosewarden.dose.quantity.DrugAmount;
import org.dosewarden.journal.Session;

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

    /**
     * The journal's session as a course-history entry.
     *
     * @throws IllegalStateException when a closed session records its amount in a unit that is not a drug amount
     */
    public static SessionSummary of(Session s) {
        if (s instanceof Session.Closed c) {
            DrugAmount delivered = switch (c.deliveredUnit()) {
                case "ug" -> DrugAmount.ofBase(AmountKind.MASS, c.deliveredValue());
                case "m[iU]" -> DrugAmount.ofBase(AmountKind.UNITS, c.deliveredValue());
                default -> throw new IllegalStateException("session " + c.sessionId() + " records delivered drug in '"
                        + c.deliveredUnit() + "', not a drug amount");
            };
            return new SessionSummary(c.sessionId(), c.patientId(), c.channel(), c.drugId(), c.startedAt(),
                    c.endedAt(), delivered);
        }
        return new SessionSummary(s.sessionId(), s.patientId(), s.channel(), s.drugId(), s.startedAt(), null, null);
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
