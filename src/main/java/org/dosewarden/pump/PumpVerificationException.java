package org.dosewarden.pump;

/**
 * A setting was accepted but reading it back gave something else (or the pump did not reach the
 * expected mode). The pump's configuration is uncertain and must not be trusted (SR-D2).
 */
public final class PumpVerificationException extends PumpException {

    public PumpVerificationException(String command, String message) {
        super(command, message, null);
    }
}
