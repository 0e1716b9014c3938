package org.dosewarden.journal;

/**
 * A named consumer position, stored durably in the journal file: the sequence of the last record the
 * consumer has finished with (e.g. the MQTT outbox: the last publish the broker acknowledged). After a
 * restart the consumer resumes with {@code journal.readAfter(cursor.position(), n)}. Moves only forward and
 * never past the last durable record. Cheap to create; all instances of one name share the stored value.
 */
public final class JournalCursor {

    private final Journal journal;
    private final String name;

    JournalCursor(Journal journal, String name) {
        this.journal = journal;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The stored position: sequence of the last record consumed, 0 before the first. */
    public long position() throws JournalException {
        return journal.cursorPosition(name);
    }

    /**
     * Moves the cursor to {@code sequence} and waits until that is durable. Moving to the current position
     * is a no-op.
     *
     * @throws IllegalArgumentException when {@code sequence} is behind the current position or past the last
     *                                  durable record
     * @throws JournalWriteException    when the move is not durable
     */
    public void advanceTo(long sequence) throws JournalWriteException {
        GroupCommitWriter.await(journal.moveCursor(name, sequence));
    }

    @Override
    public String toString() {
        return "cursor " + name;
    }
}
