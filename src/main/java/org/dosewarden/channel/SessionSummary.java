package org.dosewarden.channel;

import java.time.Instant;
import java.util.Objects;
import org.dosewarden.dose.Volume;

/**
 * One infusion session of a patient, from the journal (course history, SR-K1).
 *
 * @param sessionId      journal id of the session
 * @param patientId      the patient
 * @param channel        channel it ran on
 * @param drugId         drug library entry id
 * @param startedAt      first start of delivery
 * @param endedAt        when the session was closed, or {@code null} while it is still open
 * @param finalState     state at the end ({@code COMPLETED}, {@code STOPPED} ...), or the current state
 * @param delivered      volume delivered in the session
 * @param deliveredDose  drug amount delivered with its unit, e.g. {@code "35 mg"}
 */
public record SessionSummary(String sessionId, String patientId, String channel, String drugId, Instant startedAt,
                             Instant endedAt, String finalState, Volume delivered, String deliveredDose) {

    public SessionSummary {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(drugId, "drugId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finalState, "finalState");
        Objects.requireNonNull(delivered, "delivered");
        Objects.requireNonNull(deliveredDose, "deliveredDose");
    }
}
