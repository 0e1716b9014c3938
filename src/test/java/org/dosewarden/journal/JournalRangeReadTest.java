package org.dosewarden.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.dosewarden.clock.ManualTimeSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JournalReader#readRange}: the MQTT outbox's read, over a real SQLite journal. */
class JournalRangeReadTest {

    @TempDir
    Path dir;

    private static List<Long> sequences(List<JournalEntry> entries) {
        return entries.stream().map(JournalEntry::sequence).toList();
    }

    @Test
    @DisplayName("a range read keeps to its bounds and its limit and leaves out the excluded types, ignoring case")
    void boundsLimitAndExclusions() throws Exception {
        try (Journal journal = Journal.open(dir, new ManualTimeSource())) {
            for (int i = 1; i <= 12; i++) {
                journal.append("a", i % 3 == 0 ? "ALARM_RAISED" : i % 3 == 1 ? "EVENT" : "volume_counted", "{}");
            }
            Set<String> perPoll = Set.of("event", "VOLUME_COUNTED");
            assertEquals(List.of(3L, 6L, 9L, 12L), sequences(journal.readRange(0, 12, perPoll, 100)));
            assertEquals(List.of(6L, 9L), sequences(journal.readRange(3, 11, perPoll, 100)), "after 3, through 11");
            assertEquals(List.of(3L, 6L), sequences(journal.readRange(0, 12, perPoll, 2)), "the limit");
            assertEquals(List.of(4L, 5L, 6L), sequences(journal.readRange(3, 6, Set.of(), 100)), "nothing excluded");
            assertEquals(List.of(), journal.readRange(12, 12, perPoll, 100), "an empty range");
            assertEquals(List.of(), journal.readRange(12, 40, perPoll, 100), "beyond the last record");
            JournalEntry nine = journal.readRange(8, 9, perPoll, 1).get(0);
            assertEquals(journal.readAfter(8, 1).get(0), nine, "the same record as the plain read, hashes and all");
            IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                    () -> journal.readRange(0, 12, perPoll, JournalReader.MAX_PAGE + 1));
            assertEquals("page limit must be 1 to 10000 records, got 10001", tooMany.getMessage());
        }
    }

    @Test
    @DisplayName("SR-G1: the range read's statement, kept prepared between reads, holds no snapshot that would keep "
            + "the write-ahead log from being checkpointed")
    void keptStatementHoldsNoSnapshot() throws Exception {
        try (Journal journal = Journal.open(dir, new ManualTimeSource())) {
            for (int i = 0; i < 50; i++) {
                journal.append("a", "ALARM_RAISED", "{\"n\":" + i + "}");
            }
            assertEquals(50, journal.readRange(0, 50, Set.of("EVENT"), 100).size());
            assertEquals(1, journal.readRange(0, 50, Set.of("EVENT"), 1).size()); // a read that stops early too
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + journal.file());
                 Statement s = other.createStatement();
                 ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "checkpoint blocked: a reader still holds a snapshot");
            }
            journal.append("a", "ALARM_RAISED", "{\"n\":50}");
            assertEquals(List.of(51L), sequences(journal.readRange(50, 51, Set.of("EVENT"), 100)),
                    "the kept statement reads what was written after the checkpoint");
        }
    }
}
