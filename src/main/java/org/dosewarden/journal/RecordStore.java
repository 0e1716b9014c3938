package org.dosewarden.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The read side over a pool of query-only SQLite connections (WAL lets them read while the writer
 * commits). Also the file checks both open paths share.
 */
final class RecordStore implements JournalReader {

    private static final int STREAM_PAGE = 4096;
    private static final String RECORD_COLUMNS =
            "seq, wall_nanos, mono_nanos, channel, type, payload, prev_hash, hash";
    static final String SESSION_COLUMNS = "session_id, channel, patient_id, drug_id, opened_seq, "
            + "started_wall_nanos, closed_seq, ended_wall_nanos, delivered_value, delivered_unit";

    private final Path file;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    RecordStore(Path file) {
        this.file = file;
    }

    // ---- shared file checks -------------------------------------------------------------------------

    /** A connection to an existing journal file (never creates one). */
    static Connection connect(Path file, boolean queryOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout(Journal.BUSY_TIMEOUT_MILLIS);
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
        if (applicationId != Journal.APPLICATION_ID) {
            throw new JournalException("file " + file + " is not a dosewarden journal (SQLite application_id is 0x"
                    + Long.toHexString(applicationId) + ", a journal has 0x" + Long.toHexString(Journal.APPLICATION_ID) + ")");
        }
        if (version != Journal.FORMAT_VERSION) {
            throw new JournalException("journal " + file + " has format version " + version + "; this build reads only "
                    + "format " + Journal.FORMAT_VERSION);
        }
    }

    static long pragmaLong(Connection connection, String pragma) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    // ---- connection pool ----------------------------------------------------------------------------

    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException, JournalException;
    }

    private <T> T read(String what, SqlWork<T> work) throws JournalException {
        if (closed) {
            throw new JournalException("journal " + file + " is closed; cannot " + what);
        }
        Connection connection = idle.poll();
        try {
            if (connection == null) {
                connection = connect(file, true);
                open.add(connection);
            }
            T result = work.run(connection);
            idle.add(connection);
            if (closed) {
                closeAll();
            }
            return result;
        } catch (SQLException e) {
            discard(connection);
            throw new JournalException("could not " + what + " from journal " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException | JournalException e) {
            discard(connection);
            throw e;
        }
    }

    private void discard(Connection connection) {
        if (connection == null) {
            return;
        }
        open.remove(connection);
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Already failing; the original error is what the caller needs.
        }
    }

    private void closeAll() {
        for (Connection c; (c = idle.poll()) != null; ) {
            discard(c);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeAll();
    }

    // ---- reads --------------------------------------------------------------------------------------

    @Override
    public Path file() {
        return file;
    }

    @Override
    public long lastSequence() throws JournalException {
        return read("read the last sequence", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(seq) FROM records")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public List<JournalEntry> readAfter(long afterSequence, int limit) throws JournalException {
        checkLimit(limit);
        return read("read records", c -> records(c,
                "SELECT " + RECORD_COLUMNS + " FROM records WHERE seq > ? ORDER BY seq LIMIT ?",
                afterSequence, limit));
    }

    @Override
    public List<JournalEntry> readAfter(String channel, long afterSequence, int limit) throws JournalException {
        checkLimit(limit);
        return read("read records of channel " + channel, c -> records(c,
                "SELECT " + RECORD_COLUMNS + " FROM records WHERE channel = ? AND seq > ? ORDER BY seq LIMIT ?",
                channel, afterSequence, limit));
    }

    @Override
    public void forEachAfter(long afterSequence, Consumer<? super JournalEntry> action) throws JournalException {
        forEachPage(afterSequence, after -> readAfter(after, STREAM_PAGE), action);
    }

    @Override
    public void forEachAfter(String channel, long afterSequence, Consumer<? super JournalEntry> action)
            throws JournalException {
        forEachPage(afterSequence, after -> readAfter(channel, after, STREAM_PAGE), action);
    }

    private interface PageAfter {
        List<JournalEntry> read(long afterSequence) throws JournalException;
    }

    /** Page by page, so no read transaction stays open while {@code action} runs. */
    private static void forEachPage(long afterSequence, PageAfter pages, Consumer<? super JournalEntry> action)
            throws JournalException {
        long after = afterSequence;
        List<JournalEntry> page;
        do {
            page = pages.read(after);
            page.forEach(action);
            after = page.isEmpty() ? after : page.getLast().sequence();
        } while (page.size() == STREAM_PAGE);
    }

    /** Where the named cursor stands; 0 for a name never moved. */
    long cursorPosition(String name) throws JournalException {
        return read("read cursor " + name, c -> {
            try (PreparedStatement p = prepare(c, "SELECT seq FROM cursors WHERE name = ?", name);
                 ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public Optional<Session> session(String sessionId) throws JournalException {
        return read("read session " + sessionId, c -> {
            List<Session> found = sessions(c, "SELECT " + SESSION_COLUMNS + " FROM sessions WHERE session_id = ?", sessionId);
            return found.stream().findFirst();
        });
    }

    @Override
    public List<Session> sessionsOfPatient(String patientId, Instant from, Instant to) throws JournalException {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("time window must have from < to, got from " + from + " to " + to);
        }
        return read("read sessions of patient " + patientId, c -> sessions(c,
                "SELECT " + SESSION_COLUMNS + " FROM sessions WHERE patient_id = ? AND started_wall_nanos < ? "
                        + "AND (ended_wall_nanos IS NULL OR ended_wall_nanos > ?) ORDER BY started_wall_nanos, opened_seq",
                patientId, clampedEpochNanos(to), clampedEpochNanos(from)));
    }

    @Override
    public List<JournalEntry> recordsOfSession(String sessionId) throws JournalException {
        Session session = session(sessionId).orElseThrow(
                () -> new IllegalArgumentException("no session '" + sessionId + "' in journal " + file));
        long last = session instanceof Session.Closed closedSession ? closedSession.closedSequence() : Long.MAX_VALUE;
        return read("read records of session " + sessionId, c -> records(c,
                "SELECT " + RECORD_COLUMNS + " FROM records WHERE channel = ? AND seq >= ? AND seq <= ? ORDER BY seq",
                session.channel(), session.openedSequence(), last));
    }

    /** Query bounds may be far outside what a record can hold (e.g. {@link Instant#MAX} for "no end"). */
    private static long clampedEpochNanos(Instant time) {
        if (time.isBefore(Journal.instantOf(Long.MIN_VALUE))) {
            return Long.MIN_VALUE;
        }
        if (time.isAfter(Journal.instantOf(Long.MAX_VALUE))) {
            return Long.MAX_VALUE;
        }
        return Journal.epochNanos(time);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("page limit must be 1 to " + MAX_PAGE + " records, got " + limit);
        }
    }

    private static List<JournalEntry> records(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, parameters); ResultSet rs = statement.executeQuery()) {
            List<JournalEntry> result = new ArrayList<>();
            while (rs.next()) {
                result.add(new JournalEntry(rs.getLong(1), Journal.instantOf(rs.getLong(2)), rs.getLong(3),
                        rs.getString(4), rs.getString(5), rs.getString(6),
                        ChainHash.hex(rs.getBytes(7)), ChainHash.hex(rs.getBytes(8))));
            }
            return result;
        }
    }

    static List<Session> sessions(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, parameters); ResultSet rs = statement.executeQuery()) {
            List<Session> result = new ArrayList<>();
            while (rs.next()) {
                String id = rs.getString(1);
                String channel = rs.getString(2);
                String patient = rs.getString(3);
                String drug = rs.getString(4);
                long openedSeq = rs.getLong(5);
                Instant started = Journal.instantOf(rs.getLong(6));
                long closedSeq = rs.getLong(7);
                if (rs.wasNull()) {
                    result.add(new Session.Open(id, channel, patient, drug, started, openedSeq));
                } else {
                    result.add(new Session.Closed(id, channel, patient, drug, started, openedSeq,
                            Journal.instantOf(rs.getLong(8)), closedSeq, rs.getLong(9), rs.getString(10)));
                }
            }
            return result;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    // ---- verify -------------------------------------------------------------------------------------

    @Override
    public Verification verify() throws JournalException {
        return read("verify", c -> {
            try (Statement s = c.createStatement()) {
                // One read transaction: the chain, sessions and cursors are checked in the same snapshot.
                s.execute("BEGIN");
                try {
                    return verifyInSnapshot(c);
                } finally {
                    s.execute("COMMIT");
                }
            }
        });
    }

    private Verification verifyInSnapshot(Connection c) throws SQLException {
        ChainHash chain = new ChainHash();
        byte[] previous = ChainHash.GENESIS;
        long expected = 1;
        Map<String, Long> byChannel = new TreeMap<>();
        Map<String, Session> sessionsFromRecords = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + RECORD_COLUMNS + " FROM records ORDER BY seq")) {
            while (rs.next()) {
                long intact = expected - 1;
                Object seqValue = rs.getObject(1);
                if (!(seqValue instanceof Number seqNumber)) {
                    return new Verification.Broken(expected, Verification.Problem.UNPARSEABLE,
                            "the record after " + intact + " has no integer sequence (" + seqValue + ")", intact);
                }
                long seq = seqNumber.longValue();
                if (seq != expected) {
                    String detail = seq > expected
                            ? "record " + seq + " follows record " + intact + ": records " + expected
                                    + (seq - 1 > expected ? ".." + (seq - 1) : "") + " are missing"
                            : "record " + seq + " appears where record " + expected + " should be";
                    return new Verification.Broken(expected, Verification.Problem.GAP, detail, intact);
                }
                Object[] row = new Object[8];
                for (int column = 2; column <= 8; column++) {
                    row[column - 1] = rs.getObject(column);
                }
                String unparseable = unparseableField(row);
                if (unparseable != null) {
                    return new Verification.Broken(seq, Verification.Problem.UNPARSEABLE,
                            "record " + seq + ": " + unparseable, intact);
                }
                byte[] previousHash = (byte[]) row[6];
                byte[] hash = (byte[]) row[7];
                if (!Arrays.equals(previousHash, previous)) {
                    return new Verification.Broken(seq, Verification.Problem.CHAIN_BROKEN,
                            "record " + seq + " says the previous hash is " + ChainHash.hex(previousHash)
                                    + " but record " + intact + " hashes to " + ChainHash.hex(previous)
                                    + ": a record before it was replaced or the chain was rewritten", intact);
                }
                long wall = ((Number) row[1]).longValue();
                long mono = ((Number) row[2]).longValue();
                String channel = (String) row[3];
                String type = (String) row[4];
                String payload = (String) row[5];
                byte[] computed = chain.hash(previousHash, seq, wall, mono, channel, type, payload);
                if (!Arrays.equals(computed, hash)) {
                    return new Verification.Broken(seq, Verification.Problem.HASH_MISMATCH,
                            "record " + seq + " (" + channel + ", " + type + ") stores hash " + ChainHash.hex(hash)
                                    + " but its fields hash to " + ChainHash.hex(computed) + ": the record was changed",
                            intact);
                }
                String payloadProblem = Json.objectProblem(payload);
                if (payloadProblem != null) {
                    return new Verification.Broken(seq, Verification.Problem.UNPARSEABLE,
                            "record " + seq + ": " + payloadProblem, intact);
                }
                String sessionProblem = replaySession(sessionsFromRecords, seq, wall, channel, type, payload);
                if (sessionProblem != null) {
                    return new Verification.Broken(seq, Verification.Problem.UNPARSEABLE,
                            "record " + seq + ": " + sessionProblem, intact);
                }
                byChannel.merge(channel, 1L, Long::sum);
                previous = hash;
                expected++;
            }
        }
        long head = expected - 1;
        Verification.Broken indexProblem = checkSessionTable(c, sessionsFromRecords, head);
        if (indexProblem == null) {
            indexProblem = checkCursors(c, head);
        }
        if (indexProblem != null) {
            return indexProblem;
        }
        return new Verification.Intact(head, head, ChainHash.hex(previous), byChannel, sessionsFromRecords.size(),
                count(c, "cursors"));
    }

    /** Null when every field (columns 2..8 at index 1..7) has its stored type; a re-created table could hold anything. */
    private static String unparseableField(Object[] row) {
        String[] names = {"wall time", "monotonic time", "channel", "type", "payload", "previous hash", "hash"};
        for (int i = 1; i <= 7; i++) {
            Object value = row[i];
            boolean ok = switch (i) {
                case 1, 2 -> value instanceof Long || value instanceof Integer;
                case 3, 4, 5 -> value instanceof String;
                default -> value instanceof byte[] bytes && bytes.length == ChainHash.LENGTH;
            };
            if (!ok) {
                return names[i - 1] + " is " + (value == null ? "missing" : "not of its stored type (" + describe(value) + ")");
            }
        }
        return null;
    }

    private static String describe(Object value) {
        return value instanceof byte[] bytes ? bytes.length + " bytes" : value.getClass().getSimpleName() + " " + value;
    }

    /** Rebuilds the session table row a session record implies; null when the record is well-formed. */
    private static String replaySession(Map<String, Session> sessions, long seq, long wall, String channel,
            String type, String payload) {
        if (!type.equals(Journal.SESSION_OPENED) && !type.equals(Journal.SESSION_CLOSED)) {
            return null;
        }
        try {
            JsonNode node = Json.read(payload);
            String id = node.path("sessionId").asText("");
            if (id.isEmpty()) {
                return type + " payload has no sessionId";
            }
            if (type.equals(Journal.SESSION_OPENED)) {
                if (sessions.containsKey(id)) {
                    return "session " + id + " is opened a second time";
                }
                sessions.put(id, new Session.Open(id, channel, node.path("patientId").asText(),
                        node.path("drugId").asText(), Journal.instantOf(wall), seq));
                return null;
            }
            if (!(sessions.get(id) instanceof Session.Open open) || !open.channel().equals(channel)) {
                return "closes session " + id + ", which is not open on channel " + channel;
            }
            JsonNode delivered = node.path("delivered");
            if (!delivered.path("value").canConvertToExactIntegral() || !delivered.path("unit").isTextual()) {
                return "session.closed payload has no integer delivered.value and text delivered.unit";
            }
            sessions.put(id, new Session.Closed(id, channel, open.patientId(), open.drugId(), open.startedAt(),
                    open.openedSequence(), Journal.instantOf(wall), seq, delivered.path("value").asLong(),
                    delivered.path("unit").asText()));
            return null;
        } catch (IOException e) {
            return "session payload is not JSON: " + e.getMessage();
        }
    }

    private static Verification.Broken checkSessionTable(Connection c, Map<String, Session> expected, long head)
            throws SQLException {
        Map<String, Session> table = new HashMap<>();
        for (Session s : sessions(c, "SELECT " + SESSION_COLUMNS + " FROM sessions")) {
            table.put(s.sessionId(), s);
        }
        for (Session fromRecords : expected.values()) {
            Session row = table.remove(fromRecords.sessionId());
            if (!fromRecords.equals(row)) {
                long seq = fromRecords instanceof Session.Closed closedSession
                        ? closedSession.closedSequence() : fromRecords.openedSequence();
                return new Verification.Broken(seq, Verification.Problem.INDEX_MISMATCH,
                        "sessions table " + (row == null ? "lacks session " + fromRecords.sessionId()
                                : "says " + row) + " but the records say " + fromRecords, head);
            }
        }
        if (!table.isEmpty()) {
            Session extra = table.values().iterator().next();
            return new Verification.Broken(extra.openedSequence(), Verification.Problem.INDEX_MISMATCH,
                    "sessions table has " + extra + " but no record opened it", head);
        }
        return null;
    }

    private static Verification.Broken checkCursors(Connection c, long head) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, seq FROM cursors ORDER BY name")) {
            while (rs.next()) {
                long position = rs.getLong(2);
                if (position > head || position < 0) {
                    return new Verification.Broken(position, Verification.Problem.INDEX_MISMATCH,
                            "cursor '" + rs.getString(1) + "' is at record " + position + " but the journal ends at record "
                                    + head + ": records at the end were removed", head);
                }
            }
        }
        return null;
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
