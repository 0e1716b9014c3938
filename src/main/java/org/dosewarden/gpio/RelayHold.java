package org.dosewarden.gpio;

/** A reason that keeps the pump power relay de-energised. Any one of them is enough. */
public enum RelayHold {
    /** The emergency-stop input has not yet read stable since start: nothing known, so no power. */
    EMERGENCY_STOP_NOT_YET_READ,
    /** The emergency stop is pressed or its wire is broken. */
    EMERGENCY_STOP_PRESSED,
    /**
     * The emergency stop was pressed and is released again but no clinician has reset it. Latched because some
     * pumps resume delivery on their own when power returns (New Era "power failure" mode).
     */
    EMERGENCY_STOP_AWAITING_RESET,
    /** A channel is in FAULT and the relay is configured to de-energise on a fault. */
    CHANNEL_FAULT,
    /** The GPIO poll loop failed; released by the next good poll. */
    GPIO_LOOP_FAILURE,
    /** The daemon is shutting down. */
    SHUTDOWN
}
