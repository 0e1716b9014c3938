package org.dosewarden.journal;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.dosewarden.clock.TimeSource;

/**
 * The durable, hash-chained, append-only journal of everything the daemon does (DESIGN.md principle 4;
 * SR-G1, SR-G3, SR-C4), in one SQLite file, {@code <data-dir>/journal.db}.
 *
 * <h2>Guarantee</h2>
 * When {@link #append} returns (or its future completes normally) the record has been committed to the
 * SQLite write-ahead log and fsync'ed: it survives a process kill and a power loss. Only then may the caller
 * act on it or acknowledge it. If it could not be made durable the caller gets a
 * {@link JournalWriteException} and must raise the journal-failure alarm (SR-C4). After the first failed
 * write the journal latches: every later write fails too (see {@link #failure()}).
 *
 * <h2>Parts</h2>
 * The on-disk format and the crash and hardware assumptions are stated on {@link JournalFile} (file, schema and
 * the checks at open) and {@link ChainHash} (the record hash). {@link GroupCommitWriter} is the one writer
 * thread; {@link SessionIndex} and {@link CursorTable} are the tables beside the records; {@link RecordStore}
 * reads and {@link ChainVerifier} verifies. This class checks what callers hand in and ties the parts together.
 *
 * <h2>Threads</h2>
 * One named thread ({@code journal-writer}) owns the write connection. Writes from any thread are queued to
 * it; it commits whatever has queued up as one transaction (group commit) and then completes each caller.
 * Reads go through a pool of query-only connections and never wait for the writer.
 */
public final class Journal implements JournalReader {

    /** The journal's file name inside the data directory. */
    public static final String FILE_NAME = "journal.db";
    /** Record type written by {@link #openSession}; refused by {@link #append}. */
    public static final String SESSION_OPENED = "session.opened";
    /** Record type written by {@link #closeSession}; refused by {@link #append}. */
    public static final String SESSION_CLOSED = "session.closed";
    /** Largest payload, in UTF-8 bytes. */
    public static final int MAX_PAYLOAD_BYTES = 1 << 20;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9_.%/\\[\\]{}*^'-]{1,32}");
    private static final int MAX_ID_LENGTH = 128;

    private final JournalFile.Writable writable;
    private final GroupCommitWriter writer;
    private final RecordStore store;
    private volatile boolean closed;

    private Journal(JournalFile.Writable writable, GroupCommitWriter writer) {
        this.writable = writable;
        this.writer = writer;
        this.store = new RecordStore(writable.file());
    }

    // ---- opening ------------------------------------------------------------------------------------

    /**
     * Opens (creating if absent) the journal in {@code dataDir} for writing and starts its writer thread.
     * Refuses, with a message naming the file and what did not hold, when: another process has it open for
     * writing; WAL mode or {@code synchronous=FULL} do not read back; {@code PRAGMA quick_check} fails; the
     * file is not a dosewarden journal of this format; or the last record does not match its hash.
     *
     * @param clock stamps each record's wall and monotonic time when the writer assigns its sequence
     */
    public static Journal open(Path dataDir, TimeSource clock) throws JournalException {
        JournalFile.Writable writable = JournalFile.openForWriting(dataDir);
        try {
            GroupCommitWriter writer = new GroupCommitWriter(writable, clock);
            writer.start();
            return new Journal(writable, writer);
        } catch (SQLException | RuntimeException e) {
            JournalFile.closeQuietly(writable.connection(), writable.lock());
            throw new JournalException("cannot open journal " + writable.file() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing journal for reading only, beside a daemon that may be writing it (used by
     * {@code dosewarden journal verify} and {@code export}). Runs {@code PRAGMA quick_check} and checks the
     * format; never creates or changes the file.
     */
    public static JournalReader openForReading(Path dataDir) throws JournalException {
        Path file = dataDir.resolve(FILE_NAME);
        JournalFile.checkReadable(file);
        return new RecordStore(file);
    }

    // ---- writing ------------------------------------------------------------------------------------

    /**
     * Appends a record and waits until it is durable (SR-G1). Waits without reacting to interrupts, because
     * returning early would leave the caller unsure whether the record exists; the interrupt flag is kept.
     *
     * @param channel pump channel or other source, {@code [A-Za-z0-9][A-Za-z0-9_.:-]{0,63}}
     * @param type    what happened, same character rules; not {@code session.opened} / {@code session.closed}
     * @param payload one JSON object, at most {@value #MAX_PAYLOAD_BYTES} bytes of UTF-8
     * @return the record as stored, with its sequence, times and hash
     * @throws IllegalArgumentException when a field breaks its rule (nothing is written)
     * @throws JournalWriteException    when the record is not durable (raise SR-C4)
     */
    public JournalEntry append(String channel, String type, String payload) throws JournalWriteException {
        return GroupCommitWriter.await(appendAsync(channel, type, payload));
    }

    /**
     * As {@link #append}, without waiting: the future completes with the stored record once it is durable,
     * or exceptionally with {@link JournalWriteException}. Records are sequenced in the order their calls
     * reach the writer; calls made one after another from one thread keep their order.
     *
     * @throws IllegalArgumentException at once when a field breaks its rule (nothing is queued)
     */
    public CompletableFuture<JournalEntry> appendAsync(String channel, String type, String payload) {
        requireName("channel", channel);
        requireName("type", type);
        if (type.equals(SESSION_OPENED) || type.equals(SESSION_CLOSED)) {
            throw new IllegalArgumentException("record type '" + type + "' is written only by openSession/closeSession");
        }
        requirePayload(payload);
        return writer.submit(new GroupCommitWriter.Append(channel, type, payload, SessionIndex.NONE,
                new CompletableFuture<>()));
    }

    /**
     * Opens a session (course history, SR-K1): writes a {@code session.opened} record on {@code channel} and
     * the session row in one transaction, and waits until both are durable. A channel has at most one open
     * session, and session ids are never reused.
     *
     * @throws IllegalArgumentException when an id is empty, longer than 128 characters or holds control
     *                                  characters
     * @throws IllegalStateException    when the session id exists or the channel already has an open session
     * @throws JournalWriteException    when it is not durable (raise SR-C4)
     */
    public JournalEntry openSession(String channel, String sessionId, String patientId, String drugId)
            throws JournalWriteException {
        requireName("channel", channel);
        requireId("session id", sessionId);
        requireId("patient id", patientId);
        requireId("drug id", drugId);
        SessionIndex.Opening opening = new SessionIndex.Opening(sessionId, patientId, drugId);
        return GroupCommitWriter.await(writer.submit(new GroupCommitWriter.Append(channel, SESSION_OPENED,
                opening.payload(), opening, new CompletableFuture<>())));
    }

    /**
     * Closes the open session {@code sessionId} of {@code channel} with the amount delivered in it: writes a
     * {@code session.closed} record and updates the session row in one transaction, and waits until durable.
     *
     * @param deliveredValue amount delivered, an exact integer &ge; 0 in {@code deliveredUnit}
     * @param deliveredUnit  UCUM code, e.g. {@code ug} or {@code uL}
     * @throws IllegalStateException when the session is not open on that channel
     * @throws JournalWriteException when it is not durable (raise SR-C4)
     */
    public JournalEntry closeSession(String channel, String sessionId, long deliveredValue, String deliveredUnit)
            throws JournalWriteException {
        requireName("channel", channel);
        requireId("session id", sessionId);
        if (deliveredValue < 0) {
            throw new IllegalArgumentException("delivered amount must be >= 0, got " + deliveredValue);
        }
        if (!UNIT.matcher(deliveredUnit).matches()) {
            throw new IllegalArgumentException("delivered unit must be a UCUM code of 1 to 32 characters "
                    + "(e.g. ug, uL), got '" + deliveredUnit + "'");
        }
        SessionIndex.Closing closing = new SessionIndex.Closing(sessionId, deliveredValue, deliveredUnit);
        return GroupCommitWriter.await(writer.submit(new GroupCommitWriter.Append(channel, SESSION_CLOSED,
                closing.payload(), closing, new CompletableFuture<>())));
    }

    /**
     * A named, durable consumer position in this journal (e.g. {@code cursor("mqtt")} for the outbox). A new
     * name starts at 0 (before record 1).
     */
    public JournalCursor cursor(String name) {
        requireName("cursor name", name);
        return new JournalCursor(this, name);
    }

    /** The latched write failure, if a write has failed; while present every write fails (SR-C4). */
    public Optional<JournalWriteException> failure() {
        return Optional.ofNullable(writer.failure());
    }

    /**
     * Waits until a record after {@code sequence} is durable or {@code timeout} passes, so a consumer (the
     * MQTT outbox) can sleep instead of polling. Returns false on timeout, and at once when the journal has
     * failed or closed.
     */
    public boolean awaitRecordsAfter(long sequence, Duration timeout) throws InterruptedException {
        return writer.awaitRecordsAfter(sequence, timeout);
    }

    CompletableFuture<Long> moveCursor(String name, long sequence) {
        return writer.submit(new GroupCommitWriter.MoveCursor(name, sequence, new CompletableFuture<>()));
    }

    long cursorPosition(String name) throws JournalException {
        return store.cursorPosition(name);
    }

    // ---- reading (delegated) ------------------------------------------------------------------------

    @Override
    public Path file() {
        return writable.file();
    }

    /** The last durable sequence, from memory (no query). */
    @Override
    public long lastSequence() {
        return writer.durableHead();
    }

    @Override
    public List<JournalEntry> readAfter(long afterSequence, int limit) throws JournalException {
        return store.readAfter(afterSequence, limit);
    }

    @Override
    public List<JournalEntry> readAfter(String channel, long afterSequence, int limit) throws JournalException {
        return store.readAfter(channel, afterSequence, limit);
    }

    @Override
    public List<JournalEntry> readRange(long afterSequence, long throughSequence, Set<String> excludedTypes,
            int limit) throws JournalException {
        return store.readRange(afterSequence, throughSequence, excludedTypes, limit);
    }

    @Override
    public void forEachAfter(long afterSequence, Consumer<? super JournalEntry> action) throws JournalException {
        store.forEachAfter(afterSequence, action);
    }

    @Override
    public void forEachAfter(String channel, long afterSequence, Consumer<? super JournalEntry> action)
            throws JournalException {
        store.forEachAfter(channel, afterSequence, action);
    }

    @Override
    public Optional<JournalEntry> newest(String channel, String type, Runnable progress) throws JournalException {
        return store.newest(channel, type, progress);
    }

    @Override
    public Optional<Session> session(String sessionId) throws JournalException {
        return store.session(sessionId);
    }

    @Override
    public List<Session> sessionsOfPatient(String patientId, Instant from, Instant to) throws JournalException {
        return store.sessionsOfPatient(patientId, from, to);
    }

    @Override
    public List<JournalEntry> recordsOfSession(String sessionId) throws JournalException {
        return store.recordsOfSession(sessionId);
    }

    @Override
    public Verification verify() throws JournalException {
        return store.verify();
    }

    /**
     * Stops accepting writes, finishes every write already queued (each caller still learns its outcome),
     * then closes the file and releases the writer lock. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.stop();
        store.close();
        JournalFile.closeQuietly(writable.connection(), writable.lock());
    }

    // ---- validation ---------------------------------------------------------------------------------

    private static void requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 64 characters of letters, digits and _.:- "
                    + "starting with a letter or digit, got " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    private static void requireId(String what, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_ID_LENGTH || !value.strip().equals(value)
                || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX_ID_LENGTH + " characters without control "
                    + "characters or surrounding spaces, got " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    private static void requirePayload(String payload) {
        if (payload == null) {
            throw new IllegalArgumentException("payload must be a JSON object, got null");
        }
        // Cheap bound first (a UTF-16 char is at most 3 UTF-8 bytes), exact count only near the limit.
        if ((long) payload.length() * 3 > MAX_PAYLOAD_BYTES
                && payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload is larger than the limit of " + MAX_PAYLOAD_BYTES + " bytes");
        }
        String problem = Json.objectProblem(payload);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
