package org.dosewarden.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.journal.Journal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox over a real SQLite journal. */
class JournalOutboxTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("excluded record types are passed over, and a long run of them does not hide later events")
    void excludedTypesArePassedOver() throws Exception {
        try (Journal journal = Journal.open(dir, new ManualTimeSource())) {
            JournalOutbox outbox = new JournalOutbox(journal, Set.of("volume_counted"));
            journal.append("a", "STATE_CHANGED", "{\"to\":\"RUNNING\"}");
            for (int i = 0; i < 600; i++) {
                journal.append("a", "VOLUME_COUNTED", "{}");
            }
            long alarm = journal.append("a", "ALARM_RAISED", "{\"type\":\"OVER_INFUSION\"}").sequence();

            EventOutbox.Batch first = outbox.eventsAfter(0, 1);
            assertEquals(1, first.events().size());
            assertEquals("STATE_CHANGED", first.events().get(0).type());
            assertEquals(1, first.scannedUpTo());

            EventOutbox.Batch second = outbox.eventsAfter(1, 10);
            assertEquals(1, second.events().size());
            assertEquals(alarm, second.events().get(0).seq());
            assertEquals("a", second.events().get(0).channel());
            assertTrue(second.events().get(0).payloadJson().contains("OVER_INFUSION"));
            assertEquals(alarm, second.scannedUpTo());

            assertEquals(0, outbox.acknowledgedUpTo());
            outbox.acknowledge(alarm);
            assertEquals(alarm, outbox.acknowledgedUpTo());
        }
    }

    @Test
    @DisplayName("one read looks at no more than 4,096 records, so a long backlog of per-poll records is passed over in "
            + "bounded steps and the event after it still goes out")
    void longBacklogIsScannedInBoundedSteps() throws Exception {
        try (Journal journal = Journal.open(dir, new ManualTimeSource())) {
            JournalOutbox outbox = new JournalOutbox(journal, JournalOutbox.DEFAULT_EXCLUDED_TYPES);
            java.util.concurrent.CompletableFuture<?> last = null;
            for (int i = 0; i < 5_000; i++) {
                last = journal.appendAsync("a", "EVENT", "{}"); // group commits: a test, not 5,000 fsyncs
            }
            last.join();
            long opened = journal.append("a", "infusion.started", "{}").sequence();

            EventOutbox.Batch first = outbox.eventsAfter(0, 64);
            assertEquals(0, first.events().size());
            assertEquals(4_096, first.scannedUpTo());
            EventOutbox.Batch second = outbox.eventsAfter(first.scannedUpTo(), 64);
            assertEquals(1, second.events().size());
            assertEquals(opened, second.events().get(0).seq());
            assertEquals("infusion.started", second.events().get(0).type());
            assertEquals(opened, second.scannedUpTo());
            assertEquals(0, outbox.eventsAfter(opened, 64).events().size());
            assertEquals(opened, outbox.eventsAfter(opened, 64).scannedUpTo());
        }
    }
}
