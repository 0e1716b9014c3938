package org.dosewarden.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The cursor table: named consumer positions ({@link JournalCursor}), each the sequence of the last record the
 * consumer has finished with. Moves are written by the writer thread in its transactions; a cursor moves only
 * forward and never past the last record, so a cursor beyond the end tells verify that records were cut off.
 */
final class CursorTable {

    private CursorTable() {
    }

    /** Where the named cursor stands; 0 for a name never moved. */
    static long position(Connection c, String name) throws SQLException {
        try (PreparedStatement p = JournalFile.prepare(c, "SELECT seq FROM cursors WHERE name = ?", name);
             ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    /**
     * Moves {@code name} to {@code sequence} inside the writer's transaction.
     *
     * @param headInGroup the last record, including those of this transaction
     * @param wallNanos   when, for the row's {@code updated_wall_nanos}
     * @return null when moved (or already there), otherwise why not
     */
    static String move(Connection c, String name, long sequence, long headInGroup, long wallNanos)
            throws SQLException {
        if (sequence > headInGroup) {
            return "cursor '" + name + "' cannot move to record " + sequence + ": the journal ends at record "
                    + headInGroup;
        }
        long current = position(c, name);
        if (sequence < current) {
            return "cursor '" + name + "' is at record " + current + " and moves only forward, asked to go to "
                    + sequence;
        }
        if (sequence == current) {
            return null;
        }
        try (PreparedStatement p = JournalFile.prepare(c, "INSERT INTO cursors (name, seq, updated_wall_nanos) "
                + "VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, "
                + "updated_wall_nanos = excluded.updated_wall_nanos", name, sequence, wallNanos)) {
            p.executeUpdate();
        }
        return null;
    }

    /** Null when every cursor lies within {@code [0, head]}, otherwise the first that does not. */
    static Verification.Broken outOfRange(Connection c, long head) throws SQLException {
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

    static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM cursors")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
