package org.dosewarden.pump.newera;

import org.dosewarden.pump.line.WireFormatException;

/** Text that does not follow the New Era grammar (a reply, request, number or data field). */
public final class NeFormatException extends WireFormatException {

    public NeFormatException(String message) {
        super(message);
    }
}
