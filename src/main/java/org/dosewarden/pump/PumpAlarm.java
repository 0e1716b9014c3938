package org.dosewarden.pump;

/**
 * A pump-side alarm, canonical across families. {@link PumpAlarmEvent#pumpCode()} keeps the pump's own
 * wording (New Era {@code A?S}, Ultra prompt {@code *}).
 */
public enum PumpAlarm {
    /** Power was interrupted (New Era A?R): the pump is stopped, volatile state lost; reconcile before any start. */
    RESET,
    /** Motor stalled (New Era A?S, Ultra prompt *): occlusion, end of travel or force too high; the pump stopped. */
    STALL,
    /** The pump's communications watchdog expired (New Era A?T): it stopped itself because the host went silent. */
    COMM_TIMEOUT,
    /** The pump's own program failed (New Era A?E program error, A?O phase out of range). */
    PROGRAM_ERROR
}
