package org.dosewarden.journal;

/**
 * The journal cannot be opened, read or written. The message names the file and what did not hold.
 * A failed <em>write</em> is the subclass {@link JournalWriteException}, which is what the shell turns into
 * the journal-failure alarm (SR-C4).
 */
public class JournalException extends Exception {

    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
