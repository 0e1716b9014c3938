package org.dosewarden.pump;

import java.time.Duration;

/** No valid reply arrived within the reply timeout, on every attempt. */
public final class PumpTimeoutException extends PumpException {

    private final int attempts;

    public PumpTimeoutException(String command, Duration timeout, int attempts, String detail) {
        super(command, "no valid reply to '" + command + "' within " + timeout.toMillis() + " ms (" + attempts
                + (attempts == 1 ? " attempt" : " attempts") + ")" + (detail.isEmpty() ? "" : "; " + detail), null);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
