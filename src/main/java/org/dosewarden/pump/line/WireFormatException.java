package org.dosewarden.pump.line;

/**
 * Text that does not follow a family's wire grammar (a reply, a request, a number or a data field). Each family
 * names its own ({@code NeFormatException}, {@code UltraFormatException}); the shared exchange catches them here.
 */
public abstract class WireFormatException extends Exception {

    protected WireFormatException(String message) {
        super(message);
    }
}
