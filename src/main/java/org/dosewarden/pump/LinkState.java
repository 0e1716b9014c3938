package org.dosewarden.pump;

/** The driver's view of its link (OpenICE-style explicit states). */
public enum LinkState {
    /** Not open; the next operation tries to connect once the backoff has passed. */
    DISCONNECTED,
    /** Transport open, re-synchronising (status query, framing detection). */
    CONNECTING,
    /** The pump answered; commands may be sent. */
    CONNECTED
}
