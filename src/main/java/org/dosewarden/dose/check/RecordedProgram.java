package org.dosewarden.dose.check;

import java.time.Instant;
import java.util.Objects;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.PumpCapability;

/**
 * A program order as it was checked when it was loaded, with everything the programming check saw then: the
 * input of a library-impact replay (SR-L1). The caller (the journal reader) reconstructs the course history as
 * it stood at {@code programmedAt}.
 *
 * @param sessionId      the session the order opened
 * @param channel        the channel it was loaded on
 * @param programmedAt   when it was loaded (wall time); also the planned start of the course check
 * @param prescription   the prescription exactly as accepted (weight, drug entry, concentration, dosing)
 * @param pump           the channel's pump as it was set up then
 * @param history        the patient's sessions before this one, as the journal knew them at {@code programmedAt}
 * @param decisionThen   the decision recorded with the order, including the overrides the clinician gave
 * @param libraryVersion the drug-library version the order was checked against
 */
public record RecordedProgram(String sessionId, String channel, Instant programmedAt, Prescription prescription,
        PumpCapability pump, CourseHistory history, ProgrammingDecision decisionThen, String libraryVersion) {

    public RecordedProgram {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(programmedAt, "programmedAt");
        Objects.requireNonNull(prescription, "prescription");
        Objects.requireNonNull(pump, "pump");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(decisionThen, "decisionThen");
        Objects.requireNonNull(libraryVersion, "libraryVersion");
    }
}
