package org.dosewarden.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.dosewarden.clock.TimeSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JournalBackup}: a consistent, verified copy of a journal that is being written (SR-S2, SR-G3). */
class JournalBackupTest {

    /** Enough pages (several MB) that copying them takes many of the writer's commits. */
    private static final int PREFILLED = 20_000;
    private static final String PADDING = "x".repeat(300);

    @TempDir
    Path dataDir;

    @TempDir
    Path backups;

    @Test
    @DisplayName("SR-S2, SR-G3: a backup taken while another thread keeps appending is a verified prefix of the live journal")
    void backupBesideAnAppendingWriter() throws Exception {
        Path copyFile = backups.resolve("journal-copy.db");
        long before;
        long after;
        JournalBackup.Copy copy;
        try (Journal journal = Journal.open(dataDir, TimeSource.system())) {
            prefill(journal);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong appended = new AtomicLong();
            AtomicReference<Throwable> appenderFailed = new AtomicReference<>();
            Thread appender = Thread.ofPlatform().name("test-appender").start(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        if (i % 50 == 0) {
                            journal.openSession("b", "s" + i, "patient-" + i, "ketamine");
                            journal.append("b", "pump.polled", "{\"i\":" + i + "}");
                            journal.closeSession("b", "s" + i, i, "ug");
                        } else {
                            journal.append("a", "pump.polled", "{\"i\":" + i + ",\"pad\":\"" + PADDING + "\"}");
                        }
                        if (i % 100 == 0) {
                            journal.cursor("mqtt-outbox").advanceTo(journal.lastSequence());
                        }
                        appended.incrementAndGet();
                    }
                } catch (Throwable t) {
                    appenderFailed.set(t);
                }
            });
            while (appended.get() < 200) {
                Thread.onSpinWait();
            }
            before = journal.lastSequence();
            copy = JournalBackup.copy(dataDir, copyFile, Instant.now());
            after = journal.lastSequence();
            while (journal.lastSequence() < after + 50 && appenderFailed.get() == null) {
                Thread.onSpinWait();
            }
            stop.set(true);
            appender.join();
            assertEquals(null, appenderFailed.get(), "the appender ran without failing");

            Verification.Intact intact = copy.verification();
            long copied = intact.records();
            assertTrue(copied >= before && copied <= after,
                    "the copy holds " + copied + " records; the live journal had " + before + " when the backup began "
                            + "and " + after + " when it ended");
            // The copy is exactly the live journal up to some commit: same records, same hashes.
            JournalEntry liveAtCopyHead = journal.readAfter(copied - 1, 1).getFirst();
            assertEquals(liveAtCopyHead.hash(), intact.headHash());
            try (RecordStore copyReader = new RecordStore(copyFile)) {
                List<JournalEntry> copiedTail = copyReader.readAfter(copied - 500, 500);
                assertEquals(journal.readAfter(copied - 500, 500), copiedTail);
                assertInstanceOf(Verification.Intact.class, journal.verify());
            }
        }
        assertEquals(copyFile, copy.file());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(copyFile)), "the copy names patients: owner only");
        assertEquals(List.of("journal-copy.db"), filesIn(backups), "one self-contained file, nothing beside it");
        System.out.println("backup beside an appending writer: " + before + " records when it began, "
                + copy.verification().records() + " copied, " + after + " when it ended ("
                + Files.size(copyFile) / 1024 + " KiB)");
    }

    @Test
    @DisplayName("SR-S2: a backup restored into an empty data directory opens, verifies and continues its chain")
    void restoredBackupContinuesTheChain() throws Exception {
        try (Journal journal = Journal.open(dataDir, TimeSource.system())) {
            journal.openSession("a", "s1", "patient-7", "ketamine");
            journal.append("a", "pump.polled", "{\"deliveredUl\":10}");
            journal.cursor("mqtt-outbox").advanceTo(2);
            JournalBackup.copy(dataDir, backups.resolve("b.db"), Instant.now());
        }
        Path restored = backups.resolve("restored");
        Files.createDirectories(restored);
        Files.copy(backups.resolve("b.db"), restored.resolve(Journal.FILE_NAME));
        try (Journal journal = Journal.open(restored, TimeSource.system())) {
            assertEquals(2, journal.cursor("mqtt-outbox").position());
            assertInstanceOf(Session.Open.class, journal.session("s1").orElseThrow());
            journal.closeSession("a", "s1", 10, "uL");
            Verification.Intact intact = assertInstanceOf(Verification.Intact.class, journal.verify());
            assertEquals(3, intact.records());
            assertEquals(1, intact.sessions());
        }
    }

    @Test
    @DisplayName("SR-S2: a directory as destination receives a file dated in UTC")
    void directoryGetsADatedFile() throws Exception {
        try (Journal journal = Journal.open(dataDir, TimeSource.system())) {
            journal.append("a", "x", "{}");
        }
        JournalBackup.Copy copy = JournalBackup.copy(dataDir, backups, Instant.parse("2026-03-04T05:06:07.8Z"));
        assertEquals(backups.resolve("journal-20260304-050607Z.db"), copy.file());
        assertEquals(1, copy.verification().records());
    }

    @Test
    @DisplayName("SR-S2: a backup never overwrites, and says which destination it cannot use")
    void unusableDestinationsAreRefused() throws Exception {
        try (Journal journal = Journal.open(dataDir, TimeSource.system())) {
            journal.append("a", "x", "{}");
        }
        Path existing = backups.resolve("taken.db");
        Files.writeString(existing, "an older backup");
        JournalBackup.UnusableDestination exists = assertThrows(JournalBackup.UnusableDestination.class,
                () -> JournalBackup.copy(dataDir, existing, Instant.now()));
        assertTrue(exists.getMessage().contains(existing + " already exists"), exists.getMessage());
        assertEquals("an older backup", Files.readString(existing));

        Path nowhere = backups.resolve("no-such-dir").resolve("b.db");
        JournalBackup.UnusableDestination missing = assertThrows(JournalBackup.UnusableDestination.class,
                () -> JournalBackup.copy(dataDir, nowhere, Instant.now()));
        assertTrue(missing.getMessage().contains("directory " + nowhere.getParent() + " does not exist"),
                missing.getMessage());

        JournalBackup.UnusableDestination beside = assertThrows(JournalBackup.UnusableDestination.class,
                () -> JournalBackup.copy(dataDir, dataDir.resolve("journal.db-wal2"), Instant.now()));
        assertTrue(beside.getMessage().contains("among the live journal's own files"), beside.getMessage());

        Files.writeString(backups.resolve("b.db.partial"), "");
        JournalBackup.UnusableDestination running = assertThrows(JournalBackup.UnusableDestination.class,
                () -> JournalBackup.copy(dataDir, backups.resolve("b.db"), Instant.now()));
        assertTrue(running.getMessage().contains("another backup"), running.getMessage());
        assertFalse(Files.exists(backups.resolve("b.db")));
    }

    @Test
    @DisplayName("SR-S2, SR-G3: no journal is a clear error; a damaged journal's copy is reported and not kept")
    void missingOrDamagedSource() throws Exception {
        JournalException none = assertThrows(JournalException.class,
                () -> JournalBackup.copy(dataDir.resolve("empty"), backups.resolve("b.db"), Instant.now()));
        assertTrue(none.getMessage().contains("no journal at"), none.getMessage());

        try (Journal journal = Journal.open(dataDir, TimeSource.system())) {
            for (int i = 0; i < 5; i++) {
                journal.append("a", "pump.polled", "{\"i\":" + i + "}");
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Journal.FILE_NAME));
             Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER records_are_append_only_update");
            s.executeUpdate("UPDATE records SET payload = '{\"i\":40}' WHERE seq = 4");
        }
        JournalBackup.CopyDoesNotVerify damaged = assertThrows(JournalBackup.CopyDoesNotVerify.class,
                () -> JournalBackup.copy(dataDir, backups.resolve("b.db"), Instant.now()));
        assertEquals(4, damaged.broken().sequence());
        assertEquals(Verification.Problem.HASH_MISMATCH, damaged.broken().problem());
        assertTrue(damaged.getMessage().contains("first broken record 4"), damaged.getMessage());
        assertEquals(List.of(), filesIn(backups), "nothing is left that could pass for a backup");
    }

    private static void prefill(Journal journal) throws Exception {
        List<CompletableFuture<JournalEntry>> pending = new ArrayList<>();
        for (int i = 0; i < PREFILLED; i++) {
            pending.add(journal.appendAsync("a", "pump.polled", "{\"i\":" + i + ",\"pad\":\"" + PADDING + "\"}"));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    private static List<String> filesIn(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
