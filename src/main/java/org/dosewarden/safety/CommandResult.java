package org.dosewarden.safety;

/** How a pump command ended, as the channel thread saw it. */
public enum CommandResult {
    /** The pump acknowledged the command. What it then does is still read back. */
    CONFIRMED,
    /** The pump answered with an error (New Era ?, ?NA, ?OOR ...): it did not do it. */
    REFUSED,
    /** No valid answer in time: the outcome is unknown (SR-D2 UNCERTAIN). */
    TIMED_OUT
}
