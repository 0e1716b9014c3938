package org.dosewarden.pump.profile;

/**
 * A device profile is unknown, unreadable or invalid. The channel that names it stays disabled (fail
 * closed, STYLE.md rule 7); the message names the profile, the file and every problem found.
 */
public final class DeviceProfileException extends Exception {

    public DeviceProfileException(String message) {
        super(message);
    }

    public DeviceProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
