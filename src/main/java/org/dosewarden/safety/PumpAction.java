package org.dosewarden.safety;

/** What an alarm does to delivery (SR-C1). */
public enum PumpAction {
    /** Stop the pump now. */
    STOP,
    /** Pause the pump (rate 0), resumable by a clinician. */
    PAUSE,
    /** Delivery continues; the alarm informs. */
    CONTINUE
}
