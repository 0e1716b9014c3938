package org.dosewarden.pump.ultra;

/** Text that is not valid in the Ultra protocol (a reply line, a quantity, a request). */
public final class UltraFormatException extends Exception {

    public UltraFormatException(String message) {
        super(message);
    }
}
