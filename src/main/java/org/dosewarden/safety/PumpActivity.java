package org.dosewarden.safety;

/** What the pump says it is doing, in canonical terms (New Era status characters map onto these). */
public enum PumpActivity {
    INFUSING,
    PAUSED,
    STOPPED,
    /** Withdrawing, purging, waiting for a trigger, a timed pause phase: never what dosewarden asked for. */
    OTHER
}
