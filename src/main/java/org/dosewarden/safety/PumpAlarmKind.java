package org.dosewarden.safety;

/** Alarms a pump reports about itself (New Era A?S, A?R, A?T, A?E/A?O), canonical. */
public enum PumpAlarmKind {
    /** Motor stalled: occlusion, end of travel, force too high. */
    STALL,
    /** The pump lost power or was reset; its volatile state is gone. */
    POWER_RESET,
    /** The pump-side communications watchdog expired and the pump stopped itself. */
    WATCHDOG_TIMEOUT,
    /** Pumping program error or phase out of range. */
    PROGRAM_ERROR,
    /** Any other alarm code the driver could not map. */
    OTHER
}
