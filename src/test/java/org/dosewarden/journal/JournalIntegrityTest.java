package org.dosewarden.journal;

import static org.dosewarden.journal.JournalTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.dosewarden.clock.ManualTimeSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage done to the SQLite file behind the journal's back (as someone with the file could) is found by
 * verify (SR-G3), and a torn write-ahead-log tail leaves a consistent, verifiable prefix.
 */
class JournalIntegrityTest {

    private static final int RECORDS = 10;

    @TempDir
    Path dataDir;

    private final ManualTimeSource clock = new ManualTimeSource();

    @BeforeEach
    void writeTenRecords() throws JournalException {
        try (Journal journal = Journal.open(dataDir, clock)) {
            for (int i = 1; i <= RECORDS; i++) {
                journal.append(i % 2 == 0 ? "a" : "b", "pump.polled", "{\"deliveredUl\":" + (i * 100) + "}");
            }
        }
    }

    @Test
    @DisplayName("SR-G3: the file itself refuses UPDATE and DELETE of records")
    void triggersRefuseChangesToRecords() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            SQLException update = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE records SET payload = '{}' WHERE seq = 5"));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            SQLException delete = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM records WHERE seq = 5"));
            assertTrue(delete.getMessage().contains("append-only"), delete.getMessage());
        }
    }

    @Test
    @DisplayName("SR-G3: a tampered payload is a hash mismatch at that record")
    void tamperedPayloadIsFound() throws Exception {
        sql("UPDATE records SET payload = '{\"deliveredUl\":1}' WHERE seq = 5");
        Verification.Broken broken = verifyBroken();
        assertEquals(5, broken.sequence());
        assertEquals(Verification.Problem.HASH_MISMATCH, broken.problem());
        assertEquals(4, broken.intactRecords());
        assertTrue(broken.detail().contains("record 5 (b, pump.polled) stores hash"), broken.detail());
    }

    @Test
    @DisplayName("SR-G3: a record rewritten with a recomputed hash breaks the chain at the next record")
    void rewrittenRecordBreaksTheChain() throws Exception {
        JournalEntry original;
        try (JournalReader reader = Journal.openForReading(dataDir)) {
            original = reader.readAfter(4, 1).getFirst();
        }
        String forged = "{\"deliveredUl\":1}";
        byte[] forgedHash = new ChainHash().hash(ChainHash.fromHex(original.previousHash()), 5,
                JournalFile.epochNanos(original.wallTime()), original.monotonicNanos(), original.channel(), original.type(), forged);
        try (Connection c = connect()) {
            dropTriggers(c);
            try (PreparedStatement p = c.prepareStatement("UPDATE records SET payload = ?, hash = ? WHERE seq = 5")) {
                p.setString(1, forged);
                p.setBytes(2, forgedHash);
                p.executeUpdate();
            }
        }
        Verification.Broken broken = verifyBroken();
        assertEquals(6, broken.sequence());
        assertEquals(Verification.Problem.CHAIN_BROKEN, broken.problem());
    }

    @Test
    @DisplayName("SR-G3: a deleted record is a gap naming the missing sequence")
    void deletedRecordIsAGap() throws Exception {
        sql("DELETE FROM records WHERE seq IN (4, 5)");
        Verification.Broken broken = verifyBroken();
        assertEquals(4, broken.sequence());
        assertEquals(Verification.Problem.GAP, broken.problem());
        assertEquals("record 6 follows record 3: records 4..5 are missing", broken.detail());
    }

    @Test
    @DisplayName("SR-G3: a field of the wrong shape is reported as unparseable")
    void wrongShapedFieldIsUnparseable() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            dropTriggers(c);
            s.executeUpdate("UPDATE records SET hash = x'0102' WHERE seq = 7");
        }
        Verification.Broken broken = verifyBroken();
        assertEquals(7, broken.sequence());
        assertEquals(Verification.Problem.UNPARSEABLE, broken.problem());
        assertEquals("record 7: hash is not of its stored type (2 bytes)", broken.detail());
    }

    @Test
    @DisplayName("SR-G3: a payload that is not JSON, even with a matching hash, is unparseable")
    void nonJsonPayloadIsUnparseable() throws Exception {
        JournalEntry last;
        try (JournalReader reader = Journal.openForReading(dataDir)) {
            last = reader.readAfter(RECORDS - 1, 1).getFirst();
        }
        byte[] hash = new ChainHash().hash(ChainHash.fromHex(last.previousHash()), RECORDS,
                JournalFile.epochNanos(last.wallTime()), last.monotonicNanos(), last.channel(), last.type(), "garbled");
        try (Connection c = connect()) {
            dropTriggers(c);
            try (PreparedStatement p = c.prepareStatement("UPDATE records SET payload = 'garbled', hash = ? WHERE seq = ?")) {
                p.setBytes(1, hash);
                p.setLong(2, RECORDS);
                p.executeUpdate();
            }
        }
        Verification.Broken broken = verifyBroken();
        assertEquals(RECORDS, broken.sequence());
        assertEquals(Verification.Problem.UNPARSEABLE, broken.problem());
        assertTrue(broken.detail().startsWith("record 10: payload is not valid JSON"), broken.detail());
    }

    @Test
    @DisplayName("SR-G3: records cut off the end are found through a cursor that points past the new end")
    void cutOffTailIsFoundThroughACursor() throws Exception {
        try (Journal journal = Journal.open(dataDir, clock)) {
            journal.cursor("mqtt").advanceTo(RECORDS);
        }
        sql("DELETE FROM records WHERE seq > 8");
        Verification.Broken broken = verifyBroken();
        assertEquals(Verification.Problem.INDEX_MISMATCH, broken.problem());
        assertEquals("cursor 'mqtt' is at record 10 but the journal ends at record 8: records at the end were removed",
                broken.detail());
    }

    @Test
    @DisplayName("SR-K1/SR-G3: an edited course-history row disagrees with its chained records")
    void editedSessionRowIsFound() throws Exception {
        try (Journal journal = Journal.open(dataDir, clock)) {
            journal.openSession("a", "s1", "patient-7", "ketamine");
            journal.closeSession("a", "s1", 35_000, "ug");
        }
        sql("UPDATE sessions SET delivered_value = 3500 WHERE session_id = 's1'");
        Verification.Broken broken = verifyBroken();
        assertEquals(Verification.Problem.INDEX_MISMATCH, broken.problem());
        assertEquals(12, broken.sequence());
        assertTrue(broken.detail().contains("deliveredValue=3500"), broken.detail());
    }

    @Test
    @DisplayName("SR-G3: the journal will not extend a chain whose last record does not match its hash")
    void openRefusesABrokenHead() throws Exception {
        sql("UPDATE records SET payload = '{\"deliveredUl\":0}' WHERE seq = " + RECORDS);
        assertMessage("the last record (10) does not match its hash", () -> Journal.open(dataDir, clock));
    }

    @Test
    @DisplayName("fail closed: a file that fails PRAGMA quick_check is refused at open")
    void damagedFileIsRefused() throws Exception {
        Path file = dataDir.resolve(Journal.FILE_NAME);
        long pageSize;
        try (Connection c = connect(); Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA page_size")) {
            pageSize = rs.getLong(1);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            // Page 2 is the records table's root (a b-tree page); scribble over its header and cell pointers.
            raf.seek(pageSize + 1);
            raf.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0x7f, 0x7f, 0x7f});
        }
        assertMessage("quick_check", () -> Journal.open(dataDir, clock));
        assertMessage("quick_check", () -> Journal.openForReading(dataDir));
    }

    @Test
    @DisplayName("SR-G2: a torn write-ahead-log tail (crash mid-write) drops only the torn transaction; the prefix verifies")
    void tornWalTailLeavesAVerifiablePrefix() throws Exception {
        Path crashed = Files.createDirectory(dataDir.resolve("crashed"));
        try (Journal journal = Journal.open(dataDir, clock)) {
            for (int i = 0; i < 20; i++) {
                journal.append("a", "pump.polled", "{\"i\":" + i + "}");
            }
            // Every append above is committed and fsync'ed: copying the files now is what a power cut would
            // leave on disk. The shared-memory index is not copied; SQLite rebuilds it from the log.
            Files.copy(dataDir.resolve(Journal.FILE_NAME), crashed.resolve(Journal.FILE_NAME));
            Files.copy(dataDir.resolve(Journal.FILE_NAME + "-wal"), crashed.resolve(Journal.FILE_NAME + "-wal"));
        }
        Path wal = crashed.resolve(Journal.FILE_NAME + "-wal");
        long walSize = Files.size(wal);
        assertTrue(walSize > 4096, "the last transactions are still in the write-ahead log: " + walSize);
        try (RandomAccessFile raf = new RandomAccessFile(wal.toFile(), "rw")) {
            // Cut the last frame in half: the final commit was only partly written.
            raf.setLength(walSize - 2000);
        }

        try (Journal reopened = Journal.open(crashed, clock)) {
            assertEquals(RECORDS + 19, reopened.lastSequence(), "exactly the torn last transaction is gone");
            Verification.Intact intact = assertInstanceOf(Verification.Intact.class, reopened.verify());
            assertEquals(RECORDS + 19, intact.records());
            JournalEntry next = reopened.append("a", "daemon.started", "{}");
            assertEquals(RECORDS + 20, next.sequence(), "the chain continues from the surviving prefix");
            assertInstanceOf(Verification.Intact.class, reopened.verify());
        }
    }

    private Verification.Broken verifyBroken() throws JournalException {
        try (JournalReader reader = Journal.openForReading(dataDir)) {
            return assertInstanceOf(Verification.Broken.class, reader.verify());
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Journal.FILE_NAME));
    }

    /** Tampering as someone with the file would: the append-only triggers go first. */
    private void sql(String statement) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            dropTriggers(c);
            s.executeUpdate(statement);
        }
    }

    private static void dropTriggers(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS records_are_append_only_update");
            s.execute("DROP TRIGGER IF EXISTS records_are_append_only_delete");
        }
    }
}
