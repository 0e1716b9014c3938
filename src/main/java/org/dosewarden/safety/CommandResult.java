package org.dosewarden.safety;

/** How a pump command ended, as the channel thread saw it. */
public enum CommandResult {
    /** The pump acknowledged the command. What it then does is still read back. */
    CONFIRMED,
    /** The pump answered with an error (New Era ?, ?NA, ?OOR ...): it did not do it. */
    REFUSED,
    /** No valid answer in time: the outcome is unknown (SR-D2 UNCERTAIN). */
    TIMED_OUT,
    /**
     * Not sent: an earlier command of the same decision was not confirmed (the pump refused it, or its outcome is
     * unknown), and this one would have started the pump on settings it had not confirmed (SR-D2). The pump was
     * not asked to do it.
     */
    WITHHELD
}
