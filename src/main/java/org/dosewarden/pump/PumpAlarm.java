package org.dosewarden.pump;

/** A pump-side alarm (canonical across families; New Era codes in brackets). */
public enum PumpAlarm {
    /** Power was interrupted (R): the pump is stopped, volatile state lost; reconcile configuration before any start. */
    RESET,
    /** Motor stalled (S): occlusion, end of travel or force too high; the pump stopped. */
    STALL,
    /** The pump's communications watchdog expired (T): it stopped itself because the host went silent. */
    COMM_TIMEOUT,
    /** Pumping program error (E). */
    PROGRAM_ERROR,
    /** A program phase was out of range (O). */
    PHASE_OUT_OF_RANGE
}
