package org.dosewarden.dose.check;

import java.time.Instant;
import java.util.Objects;
import org.dosewarden.dose.quantity.DrugAmount;

/**
 * A session the patient already had, as the caller (the journal) knows it; input of the course check (SR-K1).
 *
 * @param patientId the patient
 * @param drugId    the drug-library entry id of that session
 * @param start     when delivery started
 * @param end       when delivery ended, {@code >= start}
 * @param delivered the drug actually delivered
 */
public record PreviousSession(String patientId, String drugId, Instant start, Instant end, DrugAmount delivered) {

    public PreviousSession {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(drugId, "drugId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(delivered, "delivered");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("session end " + end + " is before its start " + start);
        }
    }
}
