package org.dosewarden.safety;

/** The infusion lifecycle of one channel (DESIGN.md "The infusion lifecycle"; table in {@link Transitions}). */
public enum InfusionState {
    /** No program. */
    IDLE,
    /** A high-alert program waits for a second, different clinician (SR-I2). */
    AWAITING_CONFIRMATION,
    /** Programmed, not started. Nothing has been sent to the pump yet. */
    PROGRAMMED,
    /** Delivering. */
    RUNNING,
    /** Delivery paused by a clinician or by an interlock that pauses (vitals); a clinician resumes. */
    PAUSED,
    /** The plan's total volume was delivered; the pump was told to stop and is verified stopped. */
    COMPLETED,
    /** A clinician stopped the infusion. */
    STOPPED,
    /** An interlock stopped delivery; a clinician must acknowledge and give a reason to go on or end. */
    TRIPPED,
    /** The pump cannot be trusted (link lost, pump alarm, readback mismatch); delivery stopped. */
    FAULT;

    /** True while a session (a program) exists. */
    public boolean hasSession() {
        return this != IDLE;
    }
}
