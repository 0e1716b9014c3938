package org.dosewarden.journal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Walks the whole chain from record 1 in one read snapshot (SR-G3): gapless sequences, every field of its
 * stored type, every previous-hash the hash of the record before, every hash the hash of its fields, every
 * payload one JSON object; then the session and cursor tables against what the records imply. Reports the
 * first thing wrong, or the head hash a reader should keep elsewhere.
 */
final class ChainVerifier {

    private static final String[] FIELD_NAMES =
            {"wall time", "monotonic time", "channel", "type", "payload", "previous hash", "hash"};

    private ChainVerifier() {
    }

    /** Verifies in one read transaction on {@code c}, a query-only connection. */
    static Verification verify(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // One read transaction: the chain, sessions and cursors are checked in the same snapshot.
            s.execute("BEGIN");
            try {
                return verifyInSnapshot(c);
            } finally {
                s.execute("COMMIT");
            }
        }
    }

    private static Verification verifyInSnapshot(Connection c) throws SQLException {
        ChainHash chain = new ChainHash();
        byte[] previous = ChainHash.GENESIS;
        long expected = 1;
        Map<String, Long> byChannel = new TreeMap<>();
        Map<String, Session> sessionsFromRecords = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + RecordStore.RECORD_COLUMNS + " FROM records ORDER BY seq")) {
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
                String sessionProblem = SessionIndex.replay(sessionsFromRecords, seq, wall, channel, type, payload);
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
        Verification.Broken indexProblem = SessionIndex.disagreement(c, sessionsFromRecords, head);
        if (indexProblem == null) {
            indexProblem = CursorTable.outOfRange(c, head);
        }
        if (indexProblem != null) {
            return indexProblem;
        }
        return new Verification.Intact(head, head, ChainHash.hex(previous), byChannel, sessionsFromRecords.size(),
                CursorTable.count(c));
    }

    /** Null when every field (columns 2..8 at index 1..7) has its stored type; a re-created table could hold anything. */
    private static String unparseableField(Object[] row) {
        for (int i = 1; i <= 7; i++) {
            Object value = row[i];
            boolean ok = switch (i) {
                case 1, 2 -> value instanceof Long || value instanceof Integer;
                case 3, 4, 5 -> value instanceof String;
                default -> value instanceof byte[] bytes && bytes.length == ChainHash.LENGTH;
            };
            if (!ok) {
                return FIELD_NAMES[i - 1] + " is "
                        + (value == null ? "missing" : "not of its stored type (" + describe(value) + ")");
            }
        }
        return null;
    }

    private static String describe(Object value) {
        return value instanceof byte[] bytes ? bytes.length + " bytes" : value.getClass().getSimpleName() + " " + value;
    }
}
