package org.dosewarden.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.dosewarden.clock.ManualTimeSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write the journal cannot make durable surfaces as {@link JournalWriteException} so the shell can raise
 * the journal-failure alarm (SR-C4). The failure is real: another process holds SQLite's write lock on the
 * file longer than the journal waits.
 */
class JournalWriteFailureTest {

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("SR-C4: a write that cannot be made durable fails typed, latches, and leaves the chain intact")
    void failedWriteIsTypedAndLatches() throws Exception {
        ManualTimeSource clock = new ManualTimeSource();
        try (Journal journal = Journal.open(dataDir, clock)) {
            journal.append("a", "infusion.started", "{}");

            try (Connection foreign = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Journal.FILE_NAME));
                 Statement s = foreign.createStatement()) {
                s.execute("BEGIN IMMEDIATE");  // takes the database's write lock and keeps it
                JournalWriteException blocked = assertThrows(JournalWriteException.class,
                        () -> journal.append("a", "pump.polled", "{\"deliveredUl\":10}"));
                assertTrue(blocked.getMessage().contains("records from 2 on were not stored"), blocked.getMessage());
                assertTrue(blocked.getMessage().contains("SQLITE_BUSY"), blocked.getMessage());
                s.execute("ROLLBACK");
            }

            // The lock is gone, but the journal stays failed until it is reopened (and checked) again.
            assertTrue(journal.failure().isPresent());
            CompletableFuture<JournalEntry> later = journal.appendAsync("a", "pump.polled", "{}");
            ExecutionException e = assertThrows(ExecutionException.class, later::get);
            assertSame(journal.failure().orElseThrow(), e.getCause());
            assertThrows(JournalWriteException.class, () -> journal.cursor("mqtt").advanceTo(1));
            assertThrows(JournalWriteException.class, () -> journal.openSession("a", "s1", "p", "d"));
            assertEquals(1, journal.lastSequence());
        }

        try (Journal reopened = Journal.open(dataDir, clock)) {
            assertEquals(1, reopened.lastSequence(), "nothing of the failed write reached the file");
            assertInstanceOf(Verification.Intact.class, reopened.verify());
            assertEquals(2, reopened.append("a", "daemon.started", "{}").sequence());
        }
    }
}
