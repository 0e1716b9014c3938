package org.dosewarden.safety;

import java.util.Objects;

/**
 * A clinician's request. Each carries who asked, when, and an expiry ({@link ClinicianRequest}); a stale
 * intent is refused (SR-D3), except {@link StopInfusion} and {@link PauseInfusion}, which act even late
 * because stopping is always the safe direction. An intent that the current state does not allow is
 * refused with a reason naming the state, and changes nothing (the refusal is journaled).
 */
public sealed interface Intent extends Event {

    ClinicianRequest by();

    /** Loads a program on an idle channel. Nothing reaches the pump until a start. */
    record ProgramInfusion(Moment at, ClinicianRequest by, InfusionProgram program) implements Intent {
        public ProgramInfusion {
            Objects.requireNonNull(program, "program");
        }
    }

    /** The second clinician confirms a high-alert program (SR-I2); must be a different user. */
    record ConfirmProgram(Moment at, ClinicianRequest by) implements Intent {
    }

    /** Starts a programmed infusion (gated: vitals, alarms, journal, emergency stop, SR-C3 limiter). */
    record StartInfusion(Moment at, ClinicianRequest by) implements Intent {
    }

    /** Pauses a running infusion. */
    record PauseInfusion(Moment at, ClinicianRequest by) implements Intent {
    }

    /** Resumes a paused infusion with the remaining volume of the current step (same gates as a start). */
    record ResumeInfusion(Moment at, ClinicianRequest by) implements Intent {
    }

    /** Stops delivery. Never refused: in a state where nothing runs it still sends a stop to the pump. */
    record StopInfusion(Moment at, ClinicianRequest by) implements Intent {
    }

    /** Acknowledges one alarm by its id (SR-C2). A condition that persists raises a new alarm. */
    record AcknowledgeAlarm(Moment at, ClinicianRequest by, long alarmId) implements Intent {
    }

    /** Lets the next start or resume pass the vitals gate (stale or above the gate limits), with a reason. */
    record OverrideVitalsGate(Moment at, ClinicianRequest by, String reason) implements Intent {
        public OverrideVitalsGate {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Clears a TRIPPED or FAULT infusion to PAUSED once its alarms are acknowledged; needs a reason. */
    record ResetTrip(Moment at, ClinicianRequest by, String reason) implements Intent {
        public ResetTrip {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Clears the emergency-stop latch once the input is released; needs a reason. */
    record ResetEmergencyStop(Moment at, ClinicianRequest by, String reason) implements Intent {
        public ResetEmergencyStop {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Discharges the patient at the end of the after-care monitoring phase (SR-O3) and closes the session: the
     * clinician signs off that the monitoring period is over and that an escort is there.
     */
    record DischargePatient(Moment at, ClinicianRequest by, boolean escortConfirmed) implements Intent {
    }

    /**
     * Closes the session and returns the channel to IDLE. From TRIPPED or FAULT it needs a reason (and
     * stops the pump once more); the reason may be empty otherwise. A session that owes after-care monitoring
     * (SR-O3) closes with {@link DischargePatient}, or with an end whose reason is a clinician's override of it.
     */
    record EndSession(Moment at, ClinicianRequest by, String reason) implements Intent {
        public EndSession {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
