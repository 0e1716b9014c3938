package org.dosewarden.pump;

import java.io.IOException;

/** The link to the pump is gone (unplugged, closed, I/O error); the owner must close and reopen it. */
public class LinkLostException extends IOException {

    public LinkLostException(String message) {
        super(message);
    }

    public LinkLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
