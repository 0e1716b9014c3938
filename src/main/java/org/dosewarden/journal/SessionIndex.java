package org.dosewarden.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The session table: an index of the {@code session.opened} and {@code session.closed} records for the course
 * history (SR-K1), written in the same transaction as its record and re-derivable from the records alone.
 *
 * <p>The payloads it indexes are part of the format: {@code session.opened} is
 * {@code {"sessionId","patientId","drugId"}}, {@code session.closed} is
 * {@code {"sessionId","delivered":{"value":<integer>,"unit":"<UCUM>"}}}.
 */
final class SessionIndex {

    static final String COLUMNS = "session_id, channel, patient_id, drug_id, opened_seq, "
            + "started_wall_nanos, closed_seq, ended_wall_nanos, delivered_value, delivered_unit";

    private SessionIndex() {
    }

    /** What a record does to the session table. */
    sealed interface Change permits None, Opening, Closing {
    }

    /** An ordinary record: the table is not touched. */
    record None() implements Change {
    }

    static final Change NONE = new None();

    record Opening(String sessionId, String patientId, String drugId) implements Change {

        String payload() {
            return Json.write(Json.object().put("sessionId", sessionId).put("patientId", patientId)
                    .put("drugId", drugId));
        }
    }

    record Closing(String sessionId, long deliveredValue, String deliveredUnit) implements Change {

        String payload() {
            var payload = Json.object().put("sessionId", sessionId);
            payload.putObject("delivered").put("value", deliveredValue).put("unit", deliveredUnit);
            return Json.write(payload);
        }
    }

    // ---- writing (writer thread, inside its transaction) --------------------------------------------

    /** Null when the change may be applied, otherwise why not. Sees the transaction's earlier writes. */
    static String refusal(Connection c, String channel, Change change) throws SQLException {
        return switch (change) {
            case None none -> null;
            case Opening opening -> {
                if (byId(c, opening.sessionId()).isPresent()) {
                    yield "session '" + opening.sessionId() + "' already exists; session ids are never reused";
                }
                List<Session> openOnChannel = sessions(c, "SELECT " + COLUMNS
                        + " FROM sessions WHERE channel = ? AND closed_seq IS NULL", channel);
                yield openOnChannel.isEmpty() ? null : "channel " + channel + " already has open session '"
                        + openOnChannel.getFirst().sessionId() + "'; close it first";
            }
            case Closing closing -> {
                Optional<Session> found = byId(c, closing.sessionId());
                if (found.isEmpty()) {
                    yield "no session '" + closing.sessionId() + "' to close";
                }
                Session session = found.get();
                if (session instanceof Session.Closed) {
                    yield "session '" + closing.sessionId() + "' is already closed";
                }
                yield session.channel().equals(channel) ? null : "session '" + closing.sessionId()
                        + "' belongs to channel " + session.channel() + ", not " + channel;
            }
        };
    }

    /** Writes the row the record {@code seq} implies, in the record's transaction. */
    static void apply(Connection c, String channel, Change change, long seq, long wallNanos) throws SQLException {
        switch (change) {
            case None none -> {
            }
            case Opening o -> {
                try (PreparedStatement p = JournalFile.prepare(c, "INSERT INTO sessions (session_id, channel, "
                        + "patient_id, drug_id, opened_seq, started_wall_nanos) VALUES (?, ?, ?, ?, ?, ?)",
                        o.sessionId(), channel, o.patientId(), o.drugId(), seq, wallNanos)) {
                    p.executeUpdate();
                }
            }
            case Closing cl -> {
                try (PreparedStatement p = JournalFile.prepare(c, "UPDATE sessions SET closed_seq = ?, "
                        + "ended_wall_nanos = ?, delivered_value = ?, delivered_unit = ? WHERE session_id = ?",
                        seq, wallNanos, cl.deliveredValue(), cl.deliveredUnit(), cl.sessionId())) {
                    p.executeUpdate();
                }
            }
        }
    }

    // ---- reading ------------------------------------------------------------------------------------

    static Optional<Session> byId(Connection c, String sessionId) throws SQLException {
        return sessions(c, "SELECT " + COLUMNS + " FROM sessions WHERE session_id = ?", sessionId).stream()
                .findFirst();
    }

    /** Sessions of a patient overlapping {@code [fromNanos, toNanos)}, by start. */
    static List<Session> ofPatient(Connection c, String patientId, long fromNanos, long toNanos) throws SQLException {
        return sessions(c, "SELECT " + COLUMNS + " FROM sessions WHERE patient_id = ? AND started_wall_nanos < ? "
                        + "AND (ended_wall_nanos IS NULL OR ended_wall_nanos > ?) ORDER BY started_wall_nanos, opened_seq",
                patientId, toNanos, fromNanos);
    }

    private static List<Session> sessions(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = JournalFile.prepare(c, sql, parameters);
             ResultSet rs = statement.executeQuery()) {
            List<Session> result = new ArrayList<>();
            while (rs.next()) {
                String id = rs.getString(1);
                String channel = rs.getString(2);
                String patient = rs.getString(3);
                String drug = rs.getString(4);
                long openedSeq = rs.getLong(5);
                Instant started = JournalFile.instantOf(rs.getLong(6));
                long closedSeq = rs.getLong(7);
                if (rs.wasNull()) {
                    result.add(new Session.Open(id, channel, patient, drug, started, openedSeq));
                } else {
                    result.add(new Session.Closed(id, channel, patient, drug, started, openedSeq,
                            JournalFile.instantOf(rs.getLong(8)), closedSeq, rs.getLong(9), rs.getString(10)));
                }
            }
            return result;
        }
    }

    // ---- verification -------------------------------------------------------------------------------

    /**
     * Rebuilds, into {@code sessions}, the row a session record implies; null when the record is well-formed
     * (or not a session record), otherwise what is wrong with it.
     */
    static String replay(Map<String, Session> sessions, long seq, long wall, String channel, String type,
            String payload) {
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
                        node.path("drugId").asText(), JournalFile.instantOf(wall), seq));
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
                    open.openedSequence(), JournalFile.instantOf(wall), seq, delivered.path("value").asLong(),
                    delivered.path("unit").asText()));
            return null;
        } catch (IOException e) {
            return "session payload is not JSON: " + e.getMessage();
        }
    }

    /** Null when the table holds exactly the sessions the records imply, otherwise the first disagreement. */
    static Verification.Broken disagreement(Connection c, Map<String, Session> expected, long head)
            throws SQLException {
        Map<String, Session> table = new HashMap<>();
        for (Session s : sessions(c, "SELECT " + COLUMNS + " FROM sessions")) {
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
}
