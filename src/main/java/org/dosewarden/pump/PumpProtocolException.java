package org.dosewarden.pump;

/** The pump answered, but with something the driver cannot understand (malformed data, wrong address). */
public final class PumpProtocolException extends PumpException {

    public PumpProtocolException(String command, String message) {
        super(command, message, null);
    }
}
