package org.dosewarden.pump;

/** What the pump says it is doing (canonical across pump families). */
public enum PumpMode {
    STOPPED,
    /** Delivering into the patient line. */
    INFUSING,
    /** Drawing back into the syringe. */
    WITHDRAWING,
    /** Paused mid-program; resumes where it was. */
    PAUSED,
    /** A timed pause phase of the pump's own program. */
    PAUSE_PHASE,
    /** Waiting for an operational trigger input. */
    WAITING_TRIGGER,
    /** Purging at maximum rate. */
    PURGING;

    /** True when the motor may be moving (infusing, withdrawing, purging). */
    public boolean motorMayRun() {
        return this == INFUSING || this == WITHDRAWING || this == PURGING;
    }

    /** True for every mode in which the pumping program is active ({@code RUN} took effect). */
    public boolean programActive() {
        return this != STOPPED && this != PAUSED;
    }
}
