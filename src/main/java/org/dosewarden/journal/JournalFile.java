package org.dosewarden.journal;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The journal's SQLite file: its format, its schema, and the checks every open makes before anything reads
 * or writes it.
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
 *         hash BLOB)                  -- 32 bytes, see {@link ChainHash}
 * sessions(session_id TEXT PRIMARY KEY, channel, patient_id, drug_id, opened_seq, started_wall_nanos,
 *          closed_seq, ended_wall_nanos, delivered_value, delivered_unit)   -- course history (SR-K1)
 * cursors(name TEXT PRIMARY KEY, seq, updated_wall_nanos)                     -- consumer positions
 * </pre>
 * All tables are STRICT; triggers refuse UPDATE and DELETE on {@code records}. The session table is an index
 * of the session records ({@link SessionIndex}), the cursor table holds consumer positions
 * ({@link CursorTable}); {@link ChainVerifier} re-derives both from the records.
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
 */
final class JournalFile {

    static final int APPLICATION_ID = 0x44574A31;
    static final int FORMAT_VERSION = 1;
    static final int BUSY_TIMEOUT_MILLIS = 1000;

    private static final int SYNCHRONOUS_FULL = 2;

    private JournalFile() {
    }

    /**
     * The file opened for writing: locked against a second writer, checked, durable, and its last record
     * matching its hash. The caller owns the lock and the connection.
     *
     * @param head     sequence of the last record, 0 when empty
     * @param headHash hash of that record, {@link ChainHash#GENESIS} when empty
     */
    record Writable(Path file, FileChannel lock, Connection connection, long head, byte[] headHash) {
    }

    /** Opens (creating if absent) the journal file in {@code dataDir} for the one writer; see {@link Journal#open}. */
    static Writable openForWriting(Path dataDir) throws JournalException {
        Path file = dataDir.resolve(Journal.FILE_NAME);
        FileChannel lockChannel = null;
        FileLock lock = null;
        Connection connection = null;
        try {
            Files.createDirectories(dataDir);
            Path lockFile = dataDir.resolve(Journal.FILE_NAME + ".lock");
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
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
            config.setGetGeneratedKeys(false); // no record is looked up by rowid: spares a query per insert
            connection = config.createConnection("jdbc:sqlite:" + file);
            quickCheck(connection, file);
            if (existed) {
                checkExistingFile(connection, file);
            }
            enableDurableWal(connection, file);
            if (!existed) {
                createSchema(connection);
            }
            return headOf(file, lockChannel, connection);
        } catch (SQLException | IOException | JournalException | RuntimeException e) {
            closeQuietly(connection, lockChannel);
            if (e instanceof JournalException je) {
                throw je;
            }
            throw new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Checks an existing journal file for reading beside a writer; never creates or changes it. */
    static void checkReadable(Path file) throws JournalException {
        if (!Files.isRegularFile(file)) {
            throw new JournalException("no journal at " + file + " (is --data-dir right?)");
        }
        try (Connection connection = connect(file, true)) {
            quickCheck(connection, file);
            checkFormat(connection, file);
        } catch (SQLException e) {
            throw new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** The writer continues the chain only from a last record that matches its hash. */
    private static Writable headOf(Path file, FileChannel lock, Connection connection)
            throws SQLException, JournalException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, wall_nanos, mono_nanos, channel, type, payload, prev_hash, "
                     + "hash FROM records ORDER BY seq DESC LIMIT 1")) {
            if (!rs.next()) {
                return new Writable(file, lock, connection, 0, ChainHash.GENESIS);
            }
            long head = rs.getLong(1);
            byte[] headHash = rs.getBytes(8);
            byte[] computed = new ChainHash().hash(rs.getBytes(7), head, rs.getLong(2), rs.getLong(3),
                    rs.getString(4), rs.getString(5), rs.getString(6));
            if (!Arrays.equals(computed, headHash)) {
                throw new JournalException("journal " + file + ": the last record (" + head + ") does not match "
                        + "its hash, so the chain cannot be continued; run 'dosewarden journal verify'");
            }
            return new Writable(file, lock, connection, head, headHash);
        }
    }

    /** A connection to an existing journal file (never creates one). */
    static Connection connect(Path file, boolean queryOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setGetGeneratedKeys(false);
        Connection connection = config.createConnection("jdbc:sqlite:" + file);
        if (queryOnly) {
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA query_only = 1");
            }
        }
        return connection;
    }

    /** Refuses a file that SQLite's structural check does not pass. */
    static void quickCheck(Connection connection, Path file) throws SQLException, JournalException {
        List<String> problems = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(10)")) {
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
        } catch (SQLException e) {
            // Damage bad enough that the check itself cannot walk the file.
            problems.add(e.getMessage());
        }
        if (!problems.equals(List.of("ok"))) {
            throw new JournalException("journal " + file + " failed SQLite's PRAGMA quick_check, so it is damaged and "
                    + "will not be used; keep the file for investigation. First findings: " + String.join("; ", problems));
        }
    }

    /** Reads the format markers; refuses files that are not a dosewarden journal of a known format. */
    static void checkFormat(Connection connection, Path file) throws SQLException, JournalException {
        long applicationId = pragmaLong(connection, "application_id");
        long version = pragmaLong(connection, "user_version");
        if (applicationId != APPLICATION_ID) {
            throw new JournalException("file " + file + " is not a dosewarden journal (SQLite application_id is 0x"
                    + Long.toHexString(applicationId) + ", a journal has 0x" + Long.toHexString(APPLICATION_ID) + ")");
        }
        if (version != FORMAT_VERSION) {
            throw new JournalException("journal " + file + " has format version " + version + "; this build reads only "
                    + "format " + FORMAT_VERSION);
        }
    }

    static long pragmaLong(Connection connection, String pragma) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
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
            long synchronous = pragmaLong(connection, "synchronous");
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
        if (tables == 0 && pragmaLong(c, "application_id") == 0) {
            throw new JournalException("journal " + file + " exists but is empty; refusing to start a new journal "
                    + "over it, since that would hide lost history. Keep it for investigation; move it away to "
                    + "start a new journal");
        }
        checkFormat(c, file);
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

    /** A statement with its parameters bound in order; the caller closes it. */
    static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    static void closeQuietly(Connection connection, FileChannel lockChannel) {
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

    /** Time columns hold nanoseconds since 1970-01-01T00:00Z. */
    static long epochNanos(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
    }

    static Instant instantOf(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
