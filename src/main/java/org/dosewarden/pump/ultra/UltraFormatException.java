package org.dosewarden.pump.ultra;

import org.dosewarden.pump.line.WireFormatException;

/** Text that is not valid in the Ultra protocol (a reply line, a quantity, a request). */
public final class UltraFormatException extends WireFormatException {

    public UltraFormatException(String message) {
        super(message);
    }
}
