package org.dosewarden.pump;

/**
 * What the pump says it is doing, canonical across families. A family reports only the modes it can tell
 * apart: New Era never says TARGET_REACHED (its program simply stops), Ultra never says PAUSED or HOLDING.
 */
public enum PumpMode {
    STOPPED,
    /** Delivering into the patient line. */
    INFUSING,
    /** Drawing back into the syringe. */
    WITHDRAWING,
    /** Paused; resumes where it was (New Era STP while running). */
    PAUSED,
    /**
     * The pump's own program holds delivery for now and may go on by itself: a timed pause or a wait for a
     * trigger input (New Era pumping-program phases). Treated as paused by supervision.
     */
    HOLDING,
    /** Purging at maximum rate. */
    PURGING,
    /** Stopped by itself because the armed volume was delivered (Ultra prompt {@code T*}). */
    TARGET_REACHED;

    /** True when the motor may be moving (infusing, withdrawing, purging). */
    public boolean motorMayRun() {
        return this == INFUSING || this == WITHDRAWING || this == PURGING;
    }
}
