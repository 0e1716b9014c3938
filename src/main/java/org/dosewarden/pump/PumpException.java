package org.dosewarden.pump;

/**
 * A pump operation did not complete as asked. The subtype says why; the message says it in words an
 * operator can act on (which pump, which command, what limit or code). After any of these the caller
 * treats the pump's state as uncertain until a status read settles it (SR-D2).
 */
public abstract sealed class PumpException extends Exception
        permits PumpTimeoutException, PumpRefusedException, PumpAlarmException, PumpLinkLostException,
                PumpProtocolException, PumpVerificationException {

    private final String command;

    protected PumpException(String command, String message, Throwable cause) {
        super(message, cause);
        this.command = command;
    }

    /** The command (wire text without framing or address) the failure belongs to, empty for a status query. */
    public String command() {
        return command;
    }
}
