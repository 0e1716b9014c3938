package org.dosewarden.journal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * <h2>On-disk format (format version 1)</h2>
 * A SQLite 3 database, {@code PRAGMA application_id = 0x44574A31} ("DWJ1"), {@code PRAGMA user_version = 1},
 * journal_mode WAL (so there are also {@code journal.db-wal} and {@code journal.db-shm} beside it), and:
 * <pre>
 * records(seq INTEGER PRIMARY KEY,    -- 1, 2, 3 ... gapless over all channels
 *         wall_nanos INTEGER,         -- wall time, nanoseconds since 1970-01-01T00:00Z
 *         mono_nanos INTEGER,         -- monotonic clock of the writing process (origin changes per run)
 *         channel TEXT, type TEXT,    -- [A-Za-z0-9][A-Za-z0-9_.:-]{0,63}
 *         payload TEXT,               -- one JSON object, as the caller wrote it, at most 1 MiB of UTF-8
 *         prev_hash BLOB,             -- 32 bytes: hash of record seq-1; 32 zero bytes for record 1
 *         hash BLOB)                  -- 32 bytes, see below
 * sessions(session_id TEXT PRIMARY KEY, channel, patient_id, drug_id, opened_seq, started_wall_nanos,
 *          closed_seq, ended_wall_nanos, delivered_value, delivered_unit)   -- course history (SR-K1)
 * cursors(name TEXT PRIMARY KEY, seq, updated_wall_nanos)                     -- consumer positions
 * </pre>
 * All tables are STRICT; triggers refuse UPDATE and DELETE on {@code records}. The record hash is
 * <pre>
 * SHA-256( prev_hash || int64be(seq) || int64be(wall_nanos) || int64be(mono_nanos)
 *          || uint32be(n) || channel || uint32be(n) || type || uint32be(n) || payload )
 * </pre>
 * where each text is its UTF-8 bytes preceded by their count {@code n}. The session table is an index of the
 * {@code session.opened} payload {@code {"sessionId","patientId","drugId"}} and the {@code session.closed}
 * payload {@code {"sessionId","delivered":{"value":<integer>,"unit":"<UCUM>"}}}, written in the same
 * transaction as its record; {@link JournalReader#verify()} re-derives it from the records.
 *
 * <h2>Crash and hardware assumptions</h2>
 * <ul>
 *   <li>fsync (SQLite {@code synchronous=FULL}) returns only once the data is on stable storage. A disk or
 *       SD card that acknowledges writes it has only cached can lose the last records on power loss; that
 *       is outside what software can fix. Both pragmas are read back at open and the journal refuses to open
 *       if they do not hold.</li>
 *   <li>Sector writes need not be atomic: a torn write-ahead-log frame fails SQLite's frame checksum and
 *       the incomplete transaction is discarded on the next open, leaving a consistent prefix. Every
 *       transaction holds whole records, so a prefix is always a valid chain.</li>
 *   <li>Exactly one process writes. A lock on {@code journal.db.lock} enforces it between journals;
 *       a foreign writer holding SQLite's lock longer than {@value #BUSY_TIMEOUT_MILLIS} ms makes our
 *       write fail (and the journal latch). Readers never block the writer.</li>
 *   <li>The chain detects edited, inserted and removed records, but not a chain rewritten from some record to
 *       the end by someone with the file, nor removal of the newest records. Both change the head hash:
 *       {@link Verification.Intact#headHash()} is meant to be kept elsewhere (e.g. published over MQTT);
 *       a cursor further than the last record is also reported.</li>
 *   <li>{@code PRAGMA quick_check} runs at every open; a damaged file is refused, never repaired or
 *       replaced.</li>
 * </ul>
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

    static final int APPLICATION_ID = 0x44574A31;
    static final int FORMAT_VERSION = 1;
    static final int BUSY_TIMEOUT_MILLIS = 1000;

    /** Most writes per transaction; bounds the time one commit holds its callers. */
    private static final int MAX_GROUP = 1024;
    private static final int SYNCHRONOUS_FULL = 2;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9_.%/\\[\\]{}*^'-]{1,32}");
    private static final int MAX_ID_LENGTH = 128;

    private final Path file;
    private final TimeSource clock;
    private final RecordStore store;
    private final FileChannel lockChannel;
    private final Connection writeConnection;
    private final BlockingQueue<WriteOp> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Object headMonitor = new Object();

    // Owned by the writer thread, except as noted.
    private long head;
    private byte[] headHash;
    private final ChainHash chain = new ChainHash();
    private PreparedStatement insertRecord;
    /** Last durable sequence, for readers on other threads; guarded by headMonitor for waiting. */
    private volatile long durableHead;
    private volatile JournalWriteException failure;
    private volatile boolean closed;

    private Journal(Path file, TimeSource clock, FileChannel lockChannel, Connection writeConnection,
            long head, byte[] headHash) {
        this.file = file;
        this.clock = clock;
        this.store = new RecordStore(file);
        this.lockChannel = lockChannel;
        this.writeConnection = writeConnection;
        this.head = head;
        this.headHash = headHash;
        this.durableHead = head;
        this.writer = Thread.ofPlatform().name("journal-writer").daemon(true).unstarted(this::writeLoop);
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
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel lockChannel = null;
        FileLock lock = null;
        Connection connection = null;
        try {
            Files.createDirectories(dataDir);
            Path lockFile = dataDir.resolve(FILE_NAME + ".lock");
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new JournalException("journal " + file + " is already open for writing (lock " + lockFile
                        + " is held); only one dosewarden daemon may write a journal");
            }
            // Nothing is changed in the file before it has passed its checks.
            boolean existed = Files.exists(file);
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
            connection = config.createConnection("jdbc:sqlite:" + file);
            RecordStore.quickCheck(connection, file);
            if (existed) {
                checkExistingFile(connection, file);
            }
            enableDurableWal(connection, file);
            if (!existed) {
                createSchema(connection);
            }
            long head = 0;
            byte[] headHash = ChainHash.GENESIS;
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT seq, wall_nanos, mono_nanos, channel, type, payload, prev_hash, "
                         + "hash FROM records ORDER BY seq DESC LIMIT 1")) {
                if (rs.next()) {
                    head = rs.getLong(1);
                    headHash = rs.getBytes(8);
                    byte[] computed = new ChainHash().hash(rs.getBytes(7), head, rs.getLong(2), rs.getLong(3),
                            rs.getString(4), rs.getString(5), rs.getString(6));
                    if (!java.util.Arrays.equals(computed, headHash)) {
                        throw new JournalException("journal " + file + ": the last record (" + head + ") does not match "
                                + "its hash, so the chain cannot be continued; run 'dosewarden journal verify'");
                    }
                }
            }
            Journal journal = new Journal(file, clock, lockChannel, connection, head, headHash);
            journal.insertRecord = connection.prepareStatement(
                    "INSERT INTO records (seq, wall_nanos, mono_nanos, channel, type, payload, prev_hash, hash) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            journal.writer.start();
            return journal;
        } catch (SQLException | IOException | JournalException | RuntimeException e) {
            closeQuietly(connection, lockChannel);
            if (e instanceof JournalException je) {
                throw je;
            }
            throw new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing journal for reading only, beside a daemon that may be writing it (used by
     * {@code dosewarden journal verify} and {@code export}). Runs {@code PRAGMA quick_check} and checks the
     * format; never creates or changes the file.
     */
    public static JournalReader openForReading(Path dataDir) throws JournalException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new JournalException("no journal at " + file + " (is --data-dir right?)");
        }
        try (Connection connection = RecordStore.connect(file, true)) {
            RecordStore.quickCheck(connection, file);
            RecordStore.checkFormat(connection, file);
        } catch (SQLException e) {
            throw new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
        }
        return new RecordStore(file);
    }

    /** Sets WAL and synchronous=FULL and reads both back: the durability promise rests on them. */
    private static void enableDurableWal(Connection connection, Path file) throws SQLException, JournalException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            String mode;
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                mode = rs.next() ? rs.getString(1) : "";
            }
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new JournalException("journal " + file + ": journal_mode reads back '" + mode + "', not 'wal' "
                        + "(does the file system support shared memory and locks?); refusing to run without it");
            }
            long synchronous = RecordStore.pragmaLong(connection, "synchronous");
            if (synchronous != SYNCHRONOUS_FULL) {
                throw new JournalException("journal " + file + ": synchronous reads back " + synchronous + ", not "
                        + SYNCHRONOUS_FULL + " (FULL); refusing to run without durable commits");
            }
        }
    }

    /** A file that exists must be a journal: one that lost its content is not started over. */
    private static void checkExistingFile(Connection c, Path file) throws SQLException, JournalException {
        long tables;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            tables = rs.next() ? rs.getLong(1) : 0;
        }
        if (tables == 0 && RecordStore.pragmaLong(c, "application_id") == 0) {
            throw new JournalException("journal " + file + " exists but is empty; refusing to start a new journal "
                    + "over it, since that would hide lost history. Keep it for investigation; move it away to "
                    + "start a new journal");
        }
        RecordStore.checkFormat(c, file);
    }

    private static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("""
                    CREATE TABLE records (
                      seq INTEGER PRIMARY KEY,
                      wall_nanos INTEGER NOT NULL,
                      mono_nanos INTEGER NOT NULL,
                      channel TEXT NOT NULL,
                      type TEXT NOT NULL,
                      payload TEXT NOT NULL,
                      prev_hash BLOB NOT NULL,
                      hash BLOB NOT NULL) STRICT""");
            s.execute("CREATE INDEX records_by_channel ON records (channel, seq)");
            s.execute("""
                    CREATE TRIGGER records_are_append_only_update BEFORE UPDATE ON records
                    BEGIN SELECT RAISE(ABORT, 'journal records are append-only'); END""");
            s.execute("""
                    CREATE TRIGGER records_are_append_only_delete BEFORE DELETE ON records
                    BEGIN SELECT RAISE(ABORT, 'journal records are append-only'); END""");
            s.execute("""
                    CREATE TABLE sessions (
                      session_id TEXT PRIMARY KEY,
                      channel TEXT NOT NULL,
                      patient_id TEXT NOT NULL,
                      drug_id TEXT NOT NULL,
                      opened_seq INTEGER NOT NULL,
                      started_wall_nanos INTEGER NOT NULL,
                      closed_seq INTEGER,
                      ended_wall_nanos INTEGER,
                      delivered_value INTEGER,
                      delivered_unit TEXT) STRICT""");
            s.execute("CREATE INDEX sessions_by_patient ON sessions (patient_id, started_wall_nanos)");
            s.execute("""
                    CREATE TABLE cursors (
                      name TEXT PRIMARY KEY,
                      seq INTEGER NOT NULL,
                      updated_wall_nanos INTEGER NOT NULL) STRICT""");
            s.execute("PRAGMA application_id = " + APPLICATION_ID);
            s.execute("PRAGMA user_version = " + FORMAT_VERSION);
            s.execute("COMMIT");
        }
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
        return await(appendAsync(channel, type, payload));
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
        return submit(new Append(channel, type, payload, NO_SESSION_CHANGE, new CompletableFuture<>()));
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
        ObjectNode payload = Json.object().put("sessionId", sessionId).put("patientId", patientId).put("drugId", drugId);
        return await(submit(new Append(channel, SESSION_OPENED, Json.write(payload),
                new Opening(sessionId, patientId, drugId), new CompletableFuture<>())));
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
        ObjectNode payload = Json.object().put("sessionId", sessionId);
        payload.putObject("delivered").put("value", deliveredValue).put("unit", deliveredUnit);
        return await(submit(new Append(channel, SESSION_CLOSED, Json.write(payload),
                new Closing(sessionId, deliveredValue, deliveredUnit), new CompletableFuture<>())));
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
        return Optional.ofNullable(failure);
    }

    /**
     * Waits until a record after {@code sequence} is durable or {@code timeout} passes, so a consumer (the
     * MQTT outbox) can sleep instead of polling. Returns false on timeout, and at once when the journal has
     * failed or closed.
     */
    public boolean awaitRecordsAfter(long sequence, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (headMonitor) {
            while (durableHead <= sequence) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed || failure != null) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(headMonitor, left);
            }
            return true;
        }
    }

    CompletableFuture<Long> moveCursor(String name, long sequence) {
        return submit(new MoveCursor(name, sequence, new CompletableFuture<>()));
    }

    long cursorPosition(String name) throws JournalException {
        return store.cursorPosition(name);
    }

    static <T> T await(CompletableFuture<T> future) throws JournalWriteException {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            // Re-thrown as new exceptions so the trace shows the caller, not only the writer thread.
            switch (cause) {
                case JournalWriteException write -> throw new JournalWriteException(write.getMessage(), write);
                case IllegalArgumentException bad -> throw new IllegalArgumentException(bad.getMessage(), bad);
                case IllegalStateException refused -> throw new IllegalStateException(refused.getMessage(), refused);
                case RuntimeException runtime -> throw runtime;
                default -> { }
            }
            throw new JournalWriteException("journal write failed: " + cause, cause);
        }
    }

    private <T> CompletableFuture<T> submit(WriteOp op) {
        JournalWriteException latched = failure;
        if (latched != null) {
            op.done().completeExceptionally(latched);
        } else if (closed) {
            op.done().completeExceptionally(new JournalWriteException("journal " + file + " is closed"));
        } else {
            queue.add(op);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<T> done = (CompletableFuture<T>) op.done();
        return done;
    }

    private void writeLoop() {
        List<WriteOp> batch = new ArrayList<>(MAX_GROUP);
        try {
            while (true) {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch, MAX_GROUP - 1);
                boolean stop = batch.removeIf(op -> op instanceof Stop);
                if (!batch.isEmpty()) {
                    if (failure != null) {
                        batch.forEach(op -> op.done().completeExceptionally(failure));
                    } else {
                        writeGroup(batch);
                    }
                }
                if (stop) {
                    break;
                }
            }
        } catch (Throwable t) {
            // An unexpected error in the writer: fail closed, nothing further is written.
            latch(new JournalWriteException("journal writer stopped unexpectedly: " + t, t));
            batch.forEach(op -> op.done().completeExceptionally(failure));
        } finally {
            for (WriteOp op; (op = queue.poll()) != null; ) {
                op.done().completeExceptionally(failure != null ? failure
                        : new JournalWriteException("journal " + file + " is closed"));
            }
            synchronized (headMonitor) {
                headMonitor.notifyAll();
            }
        }
    }

    /** One transaction for the whole group; callers complete only after COMMIT returned. */
    private void writeGroup(List<WriteOp> group) {
        long seq = head;
        byte[] previous = headHash;
        List<Runnable> completions = new ArrayList<>(group.size());
        try (Statement s = writeConnection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            for (WriteOp op : group) {
                switch (op) {
                    case Append append -> {
                        String refusal = checkSessionChange(append);
                        if (refusal != null) {
                            append.done().completeExceptionally(new IllegalStateException(refusal));
                            continue;
                        }
                        seq++;
                        Instant wall = clock.wallTime();
                        long wallNanos = epochNanos(wall);
                        long mono = clock.monotonicNanos();
                        byte[] hash = chain.hash(previous, seq, wallNanos, mono, append.channel(), append.type(),
                                append.payload());
                        insertRecord.setLong(1, seq);
                        insertRecord.setLong(2, wallNanos);
                        insertRecord.setLong(3, mono);
                        insertRecord.setString(4, append.channel());
                        insertRecord.setString(5, append.type());
                        insertRecord.setString(6, append.payload());
                        insertRecord.setBytes(7, previous);
                        insertRecord.setBytes(8, hash);
                        insertRecord.executeUpdate();
                        applySessionChange(append, seq, wallNanos);
                        JournalEntry stored = new JournalEntry(seq, wall, mono, append.channel(), append.type(),
                                append.payload(), ChainHash.hex(previous), ChainHash.hex(hash));
                        completions.add(() -> append.done().complete(stored));
                        previous = hash;
                    }
                    case MoveCursor move -> {
                        String refusal = moveCursorInTransaction(move, seq);
                        if (refusal != null) {
                            move.done().completeExceptionally(new IllegalArgumentException(refusal));
                        } else {
                            completions.add(() -> move.done().complete(move.sequence()));
                        }
                    }
                    case Stop stop -> throw new IllegalStateException("stop is handled by the write loop");
                }
            }
            s.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            long first = head + 1;
            latch(new JournalWriteException("journal " + file + ": write failed, records from " + first
                    + " on were not stored and the journal accepts no more writes until restarted: " + e.getMessage(), e));
            group.forEach(op -> op.done().completeExceptionally(failure));
            return;
        }
        head = seq;
        headHash = previous;
        synchronized (headMonitor) {
            durableHead = seq;
            headMonitor.notifyAll();
        }
        completions.forEach(Runnable::run);
    }

    private void latch(JournalWriteException e) {
        if (failure == null) {
            failure = e;
        }
        synchronized (headMonitor) {
            headMonitor.notifyAll();
        }
    }

    private void rollbackQuietly() {
        try (Statement s = writeConnection.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction open (BEGIN failed) or the connection is gone: nothing to undo.
        }
    }

    /** Null when the session change may be applied, otherwise why not. Sees this group's earlier writes. */
    private String checkSessionChange(Append append) throws SQLException {
        return switch (append.sessionChange()) {
            case NoSessionChange none -> null;
            case Opening opening -> {
                if (!RecordStore.sessions(writeConnection, "SELECT " + RecordStore.SESSION_COLUMNS
                        + " FROM sessions WHERE session_id = ?", opening.sessionId()).isEmpty()) {
                    yield "session '" + opening.sessionId() + "' already exists; session ids are never reused";
                }
                List<Session> openOnChannel = RecordStore.sessions(writeConnection, "SELECT " + RecordStore.SESSION_COLUMNS
                        + " FROM sessions WHERE channel = ? AND closed_seq IS NULL", append.channel());
                yield openOnChannel.isEmpty() ? null : "channel " + append.channel() + " already has open session '"
                        + openOnChannel.getFirst().sessionId() + "'; close it first";
            }
            case Closing closing -> {
                List<Session> found = RecordStore.sessions(writeConnection, "SELECT " + RecordStore.SESSION_COLUMNS
                        + " FROM sessions WHERE session_id = ?", closing.sessionId());
                if (found.isEmpty()) {
                    yield "no session '" + closing.sessionId() + "' to close";
                }
                Session session = found.getFirst();
                if (session instanceof Session.Closed) {
                    yield "session '" + closing.sessionId() + "' is already closed";
                }
                yield session.channel().equals(append.channel()) ? null : "session '" + closing.sessionId()
                        + "' belongs to channel " + session.channel() + ", not " + append.channel();
            }
        };
    }

    private void applySessionChange(Append append, long seq, long wallNanos) throws SQLException {
        switch (append.sessionChange()) {
            case NoSessionChange none -> {
            }
            case Opening o -> {
                try (PreparedStatement p = writeConnection.prepareStatement("INSERT INTO sessions (session_id, channel, "
                        + "patient_id, drug_id, opened_seq, started_wall_nanos) VALUES (?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, o.sessionId());
                    p.setString(2, append.channel());
                    p.setString(3, o.patientId());
                    p.setString(4, o.drugId());
                    p.setLong(5, seq);
                    p.setLong(6, wallNanos);
                    p.executeUpdate();
                }
            }
            case Closing c -> {
                try (PreparedStatement p = writeConnection.prepareStatement("UPDATE sessions SET closed_seq = ?, "
                        + "ended_wall_nanos = ?, delivered_value = ?, delivered_unit = ? WHERE session_id = ?")) {
                    p.setLong(1, seq);
                    p.setLong(2, wallNanos);
                    p.setLong(3, c.deliveredValue());
                    p.setString(4, c.deliveredUnit());
                    p.setString(5, c.sessionId());
                    p.executeUpdate();
                }
            }
        }
    }

    /** Null when moved (or already there), otherwise why not. {@code head} includes this group's records. */
    private String moveCursorInTransaction(MoveCursor move, long headInGroup) throws SQLException {
        if (move.sequence() > headInGroup) {
            return "cursor '" + move.name() + "' cannot move to record " + move.sequence()
                    + ": the journal ends at record " + headInGroup;
        }
        long current = 0;
        try (PreparedStatement p = writeConnection.prepareStatement("SELECT seq FROM cursors WHERE name = ?")) {
            p.setString(1, move.name());
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    current = rs.getLong(1);
                }
            }
        }
        if (move.sequence() < current) {
            return "cursor '" + move.name() + "' is at record " + current + " and moves only forward, asked to go to "
                    + move.sequence();
        }
        if (move.sequence() == current) {
            return null;
        }
        try (PreparedStatement p = writeConnection.prepareStatement("INSERT INTO cursors (name, seq, updated_wall_nanos) "
                + "VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, "
                + "updated_wall_nanos = excluded.updated_wall_nanos")) {
            p.setString(1, move.name());
            p.setLong(2, move.sequence());
            p.setLong(3, epochNanos(clock.wallTime()));
            p.executeUpdate();
        }
        return null;
    }

    // ---- reading (delegated) ------------------------------------------------------------------------

    @Override
    public Path file() {
        return file;
    }

    /** The last durable sequence, from memory (no query). */
    @Override
    public long lastSequence() {
        return durableHead;
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
    public void forEachAfter(long afterSequence, Consumer<? super JournalEntry> action) throws JournalException {
        store.forEachAfter(afterSequence, action);
    }

    @Override
    public void forEachAfter(String channel, long afterSequence, Consumer<? super JournalEntry> action)
            throws JournalException {
        store.forEachAfter(channel, afterSequence, action);
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
        queue.add(new Stop());
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        store.close();
        closeQuietly(writeConnection, lockChannel);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection connection, FileChannel lockChannel) {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // Closing after the last commit; nothing durable depends on it.
        }
        try {
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // The lock goes with the process anyway.
        }
    }

    // ---- validation and time ------------------------------------------------------------------------

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

    static long epochNanos(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
    }

    static Instant instantOf(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    // ---- the writer's queue -------------------------------------------------------------------------

    private sealed interface WriteOp permits Append, MoveCursor, Stop {
        CompletableFuture<?> done();
    }

    private record Append(String channel, String type, String payload, SessionChange sessionChange,
            CompletableFuture<JournalEntry> done) implements WriteOp {
    }

    private record MoveCursor(String name, long sequence, CompletableFuture<Long> done) implements WriteOp {
    }

    private record Stop() implements WriteOp {
        @Override
        public CompletableFuture<?> done() {
            return CompletableFuture.completedFuture(null);
        }
    }

    private sealed interface SessionChange permits NoSessionChange, Opening, Closing {
    }

    private record NoSessionChange() implements SessionChange {
    }

    private static final SessionChange NO_SESSION_CHANGE = new NoSessionChange();

    private record Opening(String sessionId, String patientId, String drugId) implements SessionChange {
    }

    private record Closing(String sessionId, long deliveredValue, String deliveredUnit) implements SessionChange {
    }
}
