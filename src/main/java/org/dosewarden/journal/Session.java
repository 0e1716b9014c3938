package org.dosewarden.journal;

import java.time.Instant;

/**
 * One infusion session of a patient, for the course history (SR-K1). Opened and closed by
 * {@link Journal#openSession} and {@link Journal#closeSession}, each of which writes one chained record
 * ({@code session.opened}, {@code session.closed}) in the same transaction as the session row.
 *
 * <p>A session still open after a crash stays {@link Open} until a clinician ends it; course limits must
 * count it (its amount is not known to the journal yet).
 */
public sealed interface Session {

    String sessionId();

    String channel();

    String patientId();

    String drugId();

    /** Wall time of the {@code session.opened} record. */
    Instant startedAt();

    /** Sequence number of the {@code session.opened} record. */
    long openedSequence();

    /** A session that has not been closed (running, paused, or interrupted by a restart). */
    record Open(String sessionId, String channel, String patientId, String drugId, Instant startedAt,
            long openedSequence) implements Session {
    }

    /**
     * A finished session.
     *
     * @param deliveredValue amount delivered, an exact non-negative integer in {@code deliveredUnit}
     * @param deliveredUnit  UCUM code of that amount's unit, e.g. {@code ug}
     */
    record Closed(String sessionId, String channel, String patientId, String drugId, Instant startedAt,
            long openedSequence, Instant endedAt, long closedSequence, long deliveredValue,
            String deliveredUnit) implements Session {
    }
}
