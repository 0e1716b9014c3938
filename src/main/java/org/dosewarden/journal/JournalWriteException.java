package org.dosewarden.journal;

/**
 * A record, session change or cursor move was <em>not</em> made durable. The caller must treat the fact as
 * unjournaled: not act on it, not acknowledge it, and raise the journal-failure alarm (SR-C4: high
 * priority, no new starts).
 *
 * <p>The journal latches after its first failed write (see {@link Journal#failure()}): every later write
 * fails with this exception too, naming the first failure, until the daemon restarts and the journal is
 * opened (and checked) again. A half-known disk state is never written on top of.
 */
public final class JournalWriteException extends JournalException {

    public JournalWriteException(String message) {
        super(message);
    }

    public JournalWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
