package org.dosewarden.pump.newera;

/** Text that does not follow the New Era grammar (a reply, request, number or data field). */
public final class NeFormatException extends Exception {

    public NeFormatException(String message) {
        super(message);
    }
}
