package org.dosewarden.pump;

/**
 * The link to the pump is gone (unplugged, socket closed, port cannot be opened). Whether the last
 * command reached the pump is unknown. The driver reconnects (with backoff) on a later call and re-syncs
 * before sending anything else.
 */
public final class PumpLinkLostException extends PumpException {

    public PumpLinkLostException(String command, String message, Throwable cause) {
        super(command, message, cause);
    }
}
