package org.dosewarden.gpio;

/** How a request for a bedside confirmation ended. Only {@link #permitsAction()} outcomes may proceed. */
public enum ConfirmationOutcome {
    /** Someone pressed the confirm button at the bedside after the request was made. */
    CONFIRMED(true),
    /** The confirm button is not enabled: no bedside confirmation is required. */
    NOT_REQUIRED(true),
    /** No press within the configured timeout: refuse the action. */
    TIMED_OUT(false),
    /** Another request is already waiting for the button; one press must never confirm two actions. Refuse. */
    BUSY(false),
    /** GPIO is misconfigured, failed to start, or is shutting down: the button cannot be read. Refuse. */
    UNAVAILABLE(false);

    private final boolean permitsAction;

    ConfirmationOutcome(boolean permitsAction) {
        this.permitsAction = permitsAction;
    }

    /** Whether the start or rate increase may go ahead. */
    public boolean permitsAction() {
        return permitsAction;
    }
}
