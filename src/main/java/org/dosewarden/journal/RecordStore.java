package org.dosewarden.journal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The read side over a pool of query-only SQLite connections (WAL lets them read while the writer
 * commits): records, sessions, cursor positions and verification, each through its own table's class.
 */
final class RecordStore implements JournalReader {

    static final String RECORD_COLUMNS = "seq, wall_nanos, mono_nanos, channel, type, payload, prev_hash, hash";

    private static final int STREAM_PAGE = 4096;

    private final Path file;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /**
     * Statements kept prepared per pooled connection for the reads made several times a second (the MQTT
     * outbox's); a connection is used by one thread at a time, so its own map needs no lock.
     */
    private final Map<Connection, Map<String, PreparedStatement>> prepared = new ConcurrentHashMap<>();
    private volatile boolean closed;

    RecordStore(Path file) {
        this.file = file;
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
                connection = JournalFile.connect(file, true);
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
        prepared.remove(connection); // closing the connection finalizes its statements
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
    public Optional<JournalEntry> newest(String channel, String type, Runnable progress) throws JournalException {
        String what = "look for the newest " + type + " record of channel " + channel;
        long below = Long.MAX_VALUE;
        while (true) {
            long bound = below;
            LookBack page = read(what, c -> lookBack(c, channel, type, bound));
            if (page.found() > 0) {
                return read(what, c -> records(c, "SELECT " + RECORD_COLUMNS + " FROM records WHERE seq = ?",
                        page.found())).stream().findFirst();
            }
            if (page.looked() < LOOK_BACK_PAGE) {
                return Optional.empty();
            }
            below = page.oldest();
            progress.run();
        }
    }

    /**
     * One page of {@link #newest}: of the channel's newest {@value #LOOK_BACK_PAGE} records below {@code below},
     * how many there were, the oldest one's sequence and the newest one's of {@code type} (0 when none). Each page is a
     * read of its own, so no read transaction stays open while the caller reports progress; records are never
     * changed, and those appended meanwhile are above every page.
     */
    private static LookBack lookBack(Connection c, String channel, String type, long below) throws SQLException {
        try (PreparedStatement statement = JournalFile.prepare(c, """
                SELECT count(*), min(seq), max(CASE WHEN type = ? THEN seq END) FROM (
                  SELECT seq, type FROM records WHERE channel = ? AND seq < ? ORDER BY seq DESC LIMIT ?)""",
                type, channel, below, LOOK_BACK_PAGE);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return new LookBack(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }

    private record LookBack(long looked, long oldest, long found) {
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
        return read("read cursor " + name, c -> CursorTable.position(c, name));
    }

    @Override
    public Optional<Session> session(String sessionId) throws JournalException {
        return read("read session " + sessionId, c -> SessionIndex.byId(c, sessionId));
    }

    @Override
    public List<Session> sessionsOfPatient(String patientId, Instant from, Instant to) throws JournalException {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("time window must have from < to, got from " + from + " to " + to);
        }
        return read("read sessions of patient " + patientId,
                c -> SessionIndex.ofPatient(c, patientId, clampedEpochNanos(from), clampedEpochNanos(to)));
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

    @Override
    public Verification verify() throws JournalException {
        return read("verify", ChainVerifier::verify);
    }

    /** Query bounds may be far outside what a record can hold (e.g. {@link Instant#MAX} for "no end"). */
    private static long clampedEpochNanos(Instant time) {
        if (time.isBefore(JournalFile.instantOf(Long.MIN_VALUE))) {
            return Long.MIN_VALUE;
        }
        if (time.isAfter(JournalFile.instantOf(Long.MAX_VALUE))) {
            return Long.MAX_VALUE;
        }
        return JournalFile.epochNanos(time);
    }
    @Override
    public List<JournalEntry> readRange(long afterSequence, long throughSequence, Set<String> excludedTypes,
            int limit) throws JournalException {
        checkLimit(limit);
        if (throughSequence <= afterSequence) {
            return List.of();
        }
        List<String> excluded = excludedTypes.stream().map(t -> t.toUpperCase(Locale.ROOT)).sorted().toList();
        String sql = "SELECT " + RECORD_COLUMNS + " FROM records WHERE seq > ? AND seq <= ?"
                + (excluded.isEmpty() ? "" : " AND upper(type) NOT IN (" + "?, ".repeat(excluded.size() - 1) + "?)")
                + " ORDER BY seq LIMIT ?";
        return read("read records", c -> {
            PreparedStatement statement = prepared.computeIfAbsent(c, k -> new HashMap<>()).get(sql);
            if (statement == null) {
                statement = c.prepareStatement(sql);
                prepared.get(c).put(sql, statement);
            }
            int i = 1;
            statement.setLong(i++, afterSequence);
            statement.setLong(i++, throughSequence);
            for (String type : excluded) {
                statement.setString(i++, type);
            }
            statement.setInt(i, limit);
            try (ResultSet rs = statement.executeQuery()) {
                return entries(rs);
            }
        });
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("page limit must be 1 to " + MAX_PAGE + " records, got " + limit);
        }
    }

    private static List<JournalEntry> records(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = JournalFile.prepare(c, sql, parameters);
             ResultSet rs = statement.executeQuery()) {
            return entries(rs);
        }
    }

    /** The rows of a query over {@link #RECORD_COLUMNS}, in order. */
    private static List<JournalEntry> entries(ResultSet rs) throws SQLException {
        List<JournalEntry> result = new ArrayList<>();
        while (rs.next()) {
            result.add(new JournalEntry(rs.getLong(1), JournalFile.instantOf(rs.getLong(2)), rs.getLong(3),
                    rs.getString(4), rs.getString(5), rs.getString(6),
                    ChainHash.hex(rs.getBytes(7)), ChainHash.hex(rs.getBytes(8))));
        }
        return result;
    }
}
