package org.dosewarden.journal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Read side of the journal: what HTTP, MQTT, export and replay need. Obtained from a writing
 * {@link Journal} (which implements it) or from {@link Journal#openForReading(Path)}, which works beside a
 * running daemon. Thread-safe. Readers see only durable (committed) records.
 */
public interface JournalReader extends AutoCloseable {

    /** Largest read page, so one call never holds an unbounded list. */
    int MAX_PAGE = 10_000;

    /** The journal file. */
    Path file();

    /** Sequence of the last durable record; 0 when the journal is empty. */
    long lastSequence() throws JournalException;

    /**
     * Up to {@code limit} records with a sequence greater than {@code afterSequence}, in sequence order.
     *
     * @param limit 1 to {@link #MAX_PAGE}
     */
    List<JournalEntry> readAfter(long afterSequence, int limit) throws JournalException;

    /** As {@link #readAfter(long, int)}, only the records of {@code channel}. */
    List<JournalEntry> readAfter(String channel, long afterSequence, int limit) throws JournalException;

    /**
     * Up to {@code limit} records with a sequence greater than {@code afterSequence} and at most
     * {@code throughSequence}, leaving out those whose type is one of {@code excludedTypes} (compared ignoring
     * ASCII case), in sequence order. A reader that passes over whole kinds of record, like the MQTT outbox
     * skipping the per-poll ones, gets only what it uses; when fewer than {@code limit} come back, every
     * record through {@code throughSequence} was looked at.
     *
     * @param limit 1 to {@link #MAX_PAGE}
     */
    List<JournalEntry> readRange(long afterSequence, long throughSequence, Set<String> excludedTypes, int limit)
            throws JournalException;

    /**
     * Streams every record after {@code afterSequence} to {@code action}, in sequence order, a page at a
     * time, so a journal of millions of records replays in bounded memory. Records that become durable while
     * this runs may or may not be included; the last one handed over says where to continue.
     */
    void forEachAfter(long afterSequence, Consumer<? super JournalEntry> action) throws JournalException;

    /** As {@link #forEachAfter(long, Consumer)}, only the records of {@code channel} (e.g. channel replay). */
    void forEachAfter(String channel, long afterSequence, Consumer<? super JournalEntry> action)
            throws JournalException;

    /** How many records of a channel {@link #newest(String, String, Runnable)} looks at between two reports. */
    int LOOK_BACK_PAGE = 1024;

    /**
     * The newest record of {@code channel} with this {@code type}, if any (a checkpoint, SR-G2). Looked for through
     * the channel's index, newest first, {@value #LOOK_BACK_PAGE} records at a time, so it costs the records of the
     * channel written after it, and all of the channel's records when there is none. {@code progress} runs on the
     * calling thread after each page looked at in vain (it must return at once): a channel of years without such a
     * record takes a while, and a watchdog must be able to tell that from a stuck caller. Its hash is not checked
     * here: see {@link #matchesItsHash}.
     */
    Optional<JournalEntry> newest(String channel, String type, Runnable progress) throws JournalException;

    /** True when the record's hash is the SHA-256 of its own fields and the hash before it (SR-G3), as verify checks. */
    static boolean matchesItsHash(JournalEntry entry) {
        return entry.hashMatchesContent(new ChainHash());
    }

    /** The session with this id, if any. */
    Optional<Session> session(String sessionId) throws JournalException;

    /**
     * Sessions of one patient that overlap {@code [from, to)}: started before {@code to} and not ended by
     * {@code from} (open sessions always overlap from their start on), ordered by start. The whole course is
     * {@code sessionsOfPatient(id, Instant.MIN, Instant.MAX)}. An {@link Session.Open} session has no delivered
     * amount here yet: course limits must count it from the channel's own records or treat it as unknown.
     */
    List<Session> sessionsOfPatient(String patientId, Instant from, Instant to) throws JournalException;

    /**
     * Every record of a session: the records of its channel from its {@code session.opened} record through
     * its {@code session.closed} record (or through the latest record while it is open).
     *
     * @throws IllegalArgumentException when there is no such session
     */
    List<JournalEntry> recordsOfSession(String sessionId) throws JournalException;

    /**
     * Walks the whole chain from record 1 in one consistent snapshot and reports the first broken record, or
     * that all records are intact and the session and cursor tables agree with them (SR-G3). Takes seconds
     * for millions of records; safe to run while the daemon writes.
     */
    Verification verify() throws JournalException;

    /** Releases the read connections. */
    @Override
    void close();
}
