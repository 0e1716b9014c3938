package org.dosewarden.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.dosewarden.clock.ManualTimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal over a real SQLite file: appends, reads, sessions, cursors, refusals. */
class JournalTest {

    @TempDir
    Path dataDir;

    private final ManualTimeSource clock = new ManualTimeSource();
    private Journal journal;

    @BeforeEach
    void open() throws JournalException {
        journal = Journal.open(dataDir, clock);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    @Test
    @DisplayName("SR-G1/SR-G3: appends get gapless sequences, the clock's times and a SHA-256 chain, and read back")
    void appendsAreSequencedChainedAndReadBack() throws JournalException {
        JournalEntry first = journal.append("a", "infusion.programmed", "{\"rate\":1}");
        clock.advance(Duration.ofMillis(250));
        JournalEntry second = journal.append("b", "pump.polled", "{\"deliveredUl\":12}");
        clock.advance(Duration.ofMillis(250));
        JournalEntry third = journal.append("a", "infusion.started", "{}");

        assertEquals(List.of(1L, 2L, 3L), List.of(first.sequence(), second.sequence(), third.sequence()));
        assertEquals("0".repeat(64), first.previousHash());
        assertEquals(first.hash(), second.previousHash());
        assertEquals(second.hash(), third.previousHash());
        assertEquals(Instant.parse("2026-01-01T08:00:00.500Z"), third.wallTime());
        assertEquals(500_000_000L, third.monotonicNanos());
        assertEquals(3, journal.lastSequence());
        assertEquals(List.of(first, second, third), journal.readAfter(0, 10));
        assertEquals(List.of(third), journal.readAfter(2, 10));
        assertEquals(List.of(first, third), journal.readAfter("a", 0, 10));
        assertEquals(List.of(first), journal.readAfter("a", 0, 1));
    }

    @Test
    @DisplayName("SR-G1: records survive close and reopen, and the chain continues across runs")
    void recordsSurviveReopenAndTheChainContinues() throws JournalException {
        journal.append("a", "x", "{\"n\":1}");
        JournalEntry before = journal.append("a", "x", "{\"n\":2}");
        journal.close();

        journal = Journal.open(dataDir, new ManualTimeSource(Instant.parse("2026-01-02T00:00:00Z")));
        assertEquals(2, journal.lastSequence());
        assertEquals(before, journal.readAfter(1, 1).getFirst());
        JournalEntry after = journal.append("a", "x", "{\"n\":3}");
        assertEquals(3, after.sequence());
        assertEquals(before.hash(), after.previousHash());
        Verification.Intact intact = assertInstanceOf(Verification.Intact.class, journal.verify());
        assertEquals(3, intact.records());
        assertEquals(after.hash(), intact.headHash());
    }

    @Test
    @DisplayName("SR-G1: 8 threads appending at once get a gapless sequence, each caller its own durable record")
    void concurrentAppendersGetGaplessSequences() throws Exception {
        int threads = 8;
        int each = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<JournalEntry>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String channel = "ch" + t;
            results.add(pool.submit(() -> {
                List<JournalEntry> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    mine.add(journal.append(channel, "poll", "{\"i\":" + i + "}"));
                }
                return mine;
            }));
        }
        List<Long> sequences = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<JournalEntry> mine = results.get(t).get();
            for (int i = 0; i < each; i++) {
                assertEquals("ch" + t, mine.get(i).channel());
                assertEquals("{\"i\":" + i + "}", mine.get(i).payload());
                if (i > 0) {
                    assertTrue(mine.get(i).sequence() > mine.get(i - 1).sequence(), "one caller's order is kept");
                }
                sequences.add(mine.get(i).sequence());
            }
        }
        pool.shutdown();
        assertEquals(LongStream.rangeClosed(1, threads * each).boxed().toList(), sequences.stream().sorted().toList());
        assertEquals(threads * each, assertInstanceOf(Verification.Intact.class, journal.verify()).records());
    }

    @Test
    @DisplayName("replay streams more than a page in order, for all records and for one channel")
    void forEachAfterStreamsPageByPage() throws Exception {
        List<CompletableFuture<JournalEntry>> pending = new ArrayList<>();
        for (int i = 1; i <= 9000; i++) {
            pending.add(journal.appendAsync(i % 3 == 0 ? "b" : "a", "poll", "{\"i\":" + i + "}"));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();

        List<Long> all = new ArrayList<>();
        journal.forEachAfter(100, r -> all.add(r.sequence()));
        assertEquals(LongStream.rangeClosed(101, 9000).boxed().toList(), all);

        List<Long> ofB = new ArrayList<>();
        journal.forEachAfter("b", 0, r -> ofB.add(r.sequence()));
        assertEquals(LongStream.rangeClosed(1, 3000).map(i -> i * 3).boxed().toList(), ofB);
    }

    @Test
    @DisplayName("SR-G2: the newest record of a type is looked for page by page, newest first, with a report after "
            + "each page looked at in vain")
    void newestLooksBackPageByPage() throws Exception {
        List<CompletableFuture<JournalEntry>> pending = new ArrayList<>();
        for (int i = 1; i <= 6000; i++) {
            String type = i == 10 || i == 5997 ? "mark" : "poll";
            pending.add(journal.appendAsync(i % 3 == 0 ? "b" : "a", type, "{\"i\":" + i + "}"));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        int page = JournalReader.LOOK_BACK_PAGE;

        // a: 4,000 records; its mark (record 10) has 3,993 of a's records after it, so it is on the fourth page
        int[] reports = {0};
        JournalEntry mark = journal.newest("a", "mark", () -> reports[0]++).orElseThrow();
        assertEquals(List.of(10L, "a", "mark", "{\"i\":10}"),
                List.of(mark.sequence(), mark.channel(), mark.type(), mark.payload()));
        assertTrue(JournalReader.matchesItsHash(mark));
        assertEquals(3993 / page, reports[0]);

        // b's mark is its newest record but two: found on the first page, nothing to report
        reports[0] = 0;
        assertEquals(5997L, journal.newest("b", "mark", () -> reports[0]++).orElseThrow().sequence());
        assertEquals(0, reports[0]);

        // none of the type: the channel's whole history is looked at, a report after every full page
        reports[0] = 0;
        assertTrue(journal.newest("a", "checkpoint", () -> reports[0]++).isEmpty());
        assertEquals(4000 / page, reports[0]);
        reports[0] = 0;
        assertTrue(journal.newest("b", "checkpoint", () -> reports[0]++).isEmpty());
        assertEquals(2000 / page, reports[0]);
        assertTrue(journal.newest("nobody", "mark", () -> reports[0]++).isEmpty());
        assertEquals(2000 / page, reports[0]);
    }

    @Test
    @DisplayName("bad input is refused at once with what was wrong and the limit, and nothing is written")
    void badInputIsRefused() throws JournalException {
        assertMessage("channel must be 1 to 64 characters", () -> journal.append("", "x", "{}"));
        assertMessage("channel must be 1 to 64 characters", () -> journal.append("a b", "x", "{}"));
        assertMessage("type must be 1 to 64 characters", () -> journal.append("a", "x".repeat(65), "{}"));
        assertMessage("written only by openSession", () -> journal.append("a", Journal.SESSION_OPENED, "{}"));
        assertMessage("payload must be a JSON object, found [", () -> journal.append("a", "x", "[1]"));
        assertMessage("payload must be one JSON object, found more", () -> journal.append("a", "x", "{} {}"));
        assertMessage("payload is not valid JSON", () -> journal.append("a", "x", "{\"a\":"));
        assertMessage("payload must be a JSON object, got null", () -> journal.append("a", "x", null));
        String huge = "{\"a\":\"" + "x".repeat(Journal.MAX_PAYLOAD_BYTES) + "\"}";
        assertMessage("larger than the limit of 1048576 bytes", () -> journal.append("a", "x", huge));
        assertMessage("page limit must be 1 to 10000", () -> journal.readAfter(0, 0));
        assertMessage("delivered amount must be >= 0", () -> journal.closeSession("a", "s1", -1, "ug"));
        assertMessage("delivered unit must be a UCUM code", () -> journal.closeSession("a", "s1", 1, "m g"));
        assertMessage("patient id must be 1 to 128", () -> journal.openSession("a", "s1", " p1", "ketamine"));
        assertEquals(0, journal.lastSequence());
    }

    @Test
    @DisplayName("SR-K1: sessions open and close atomically with their records and are found by patient and window")
    void sessionsFormTheCourseHistory() throws JournalException {
        Instant t0 = clock.wallTime();
        JournalEntry opened = journal.openSession("a", "s1", "patient-7", "ketamine");
        journal.append("b", "pump.polled", "{}");
        clock.advance(Duration.ofMinutes(40));
        JournalEntry poll = journal.append("a", "pump.polled", "{\"deliveredUl\":35000}");
        JournalEntry closed = journal.closeSession("a", "s1", 35_000, "ug");
        clock.advance(Duration.ofDays(2));
        journal.openSession("b", "s2", "patient-7", "ketamine");
        journal.openSession("a", "s3", "patient-8", "ketamine");

        assertEquals("{\"sessionId\":\"s1\",\"patientId\":\"patient-7\",\"drugId\":\"ketamine\"}", opened.payload());
        assertEquals("{\"sessionId\":\"s1\",\"delivered\":{\"value\":35000,\"unit\":\"ug\"}}", closed.payload());
        Session.Closed s1 = new Session.Closed("s1", "a", "patient-7", "ketamine", t0, 1,
                t0.plus(Duration.ofMinutes(40)), closed.sequence(), 35_000, "ug");
        assertEquals(s1, journal.session("s1").orElseThrow());
        Session s2 = journal.session("s2").orElseThrow();
        assertInstanceOf(Session.Open.class, s2);

        assertEquals(List.of(s1, s2), journal.sessionsOfPatient("patient-7", t0, t0.plus(Duration.ofDays(7))));
        assertEquals(List.of(s2), journal.sessionsOfPatient("patient-7", t0.plus(Duration.ofHours(1)),
                t0.plus(Duration.ofDays(7))), "s1 ended before the window");
        assertEquals(List.of(s1), journal.sessionsOfPatient("patient-7", t0.minus(Duration.ofDays(1)),
                t0.plus(Duration.ofMinutes(1))), "s2 starts after the window");
        assertEquals(List.of(), journal.sessionsOfPatient("patient-9", t0, t0.plus(Duration.ofDays(7))));
        assertEquals(List.of(s1, s2), journal.sessionsOfPatient("patient-7", Instant.MIN, Instant.MAX), "whole course");
        assertEquals(List.of(opened, poll, closed), journal.recordsOfSession("s1"), "only channel a, opened..closed");

        Verification.Intact intact = assertInstanceOf(Verification.Intact.class, journal.verify());
        assertEquals(3, intact.sessions());
    }

    @Test
    @DisplayName("SR-K1: session misuse is refused and writes nothing")
    void sessionMisuseIsRefused() throws JournalException {
        journal.openSession("a", "s1", "p", "ketamine");
        assertMessage("channel a already has open session 's1'", () -> journal.openSession("a", "s2", "p", "ketamine"));
        assertMessage("session 's1' already exists", () -> journal.openSession("b", "s1", "p", "ketamine"));
        assertMessage("belongs to channel a, not b", () -> journal.closeSession("b", "s1", 1, "ug"));
        assertMessage("no session 'nope' to close", () -> journal.closeSession("a", "nope", 1, "ug"));
        journal.closeSession("a", "s1", 1, "ug");
        assertMessage("session 's1' is already closed", () -> journal.closeSession("a", "s1", 1, "ug"));
        assertMessage("no session 'nope'", () -> journal.recordsOfSession("nope"));
        assertEquals(2, journal.lastSequence());
        assertInstanceOf(Verification.Intact.class, journal.verify());
    }

    @Test
    @DisplayName("a named cursor is durable, moves only forward and never past the last record")
    void cursorsAreDurableAndMoveForwardOnly() throws JournalException {
        for (int i = 0; i < 5; i++) {
            journal.append("a", "x", "{}");
        }
        JournalCursor mqtt = journal.cursor("mqtt");
        assertEquals(0, mqtt.position());
        mqtt.advanceTo(3);
        mqtt.advanceTo(3);
        assertEquals(3, journal.cursor("mqtt").position());
        assertEquals(0, journal.cursor("other").position());
        assertMessage("cursor 'mqtt' is at record 3 and moves only forward, asked to go to 2", () -> mqtt.advanceTo(2));
        assertMessage("the journal ends at record 5", () -> mqtt.advanceTo(6));
        journal.close();

        journal = Journal.open(dataDir, clock);
        assertEquals(3, journal.cursor("mqtt").position());
        assertEquals(List.of(4L, 5L), journal.readAfter(journal.cursor("mqtt").position(), 100).stream()
                .map(JournalEntry::sequence).toList());
        assertEquals(1, assertInstanceOf(Verification.Intact.class, journal.verify()).cursors());
    }

    @Test
    @DisplayName("a consumer can wait for the next durable record instead of polling")
    void awaitRecordsAfterWakesOnAppend() throws Exception {
        assertFalse(journal.awaitRecordsAfter(0, Duration.ofMillis(20)));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return journal.awaitRecordsAfter(0, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        journal.append("a", "x", "{}");
        assertTrue(waiting.get());
        assertTrue(journal.awaitRecordsAfter(0, Duration.ZERO));
    }

    @Test
    @DisplayName("SR-C4: writes after close fail with the typed journal-write exception")
    void writesAfterCloseFail() {
        journal.close();
        JournalWriteException e = assertThrows(JournalWriteException.class, () -> journal.append("a", "x", "{}"));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }

    @Test
    @DisplayName("only one writer: a second open of the same journal is refused while the first is open")
    void secondWriterIsRefused() {
        JournalException e = assertThrows(JournalException.class, () -> Journal.open(dataDir, clock));
        assertTrue(e.getMessage().contains("already open for writing"), e.getMessage());
    }

    @Test
    @DisplayName("a reader opened beside the writer sees every durable record and verifies")
    void readerBesideTheWriter() throws JournalException {
        journal.append("a", "x", "{}");
        try (JournalReader reader = Journal.openForReading(dataDir)) {
            assertEquals(1, reader.lastSequence());
            journal.append("a", "x", "{}");
            assertEquals(2, reader.lastSequence());
            assertInstanceOf(Verification.Intact.class, reader.verify());
        }
    }

    @Test
    @DisplayName("fail closed at open: missing, foreign, emptied and garbage files are refused with a clear message")
    void unusableFilesAreRefused() throws Exception {
        Path empty = Files.createDirectory(dataDir.resolve("empty"));
        assertMessage("no journal at", () -> Journal.openForReading(empty));

        Path foreign = Files.createDirectory(dataDir.resolve("foreign"));
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + foreign.resolve(Journal.FILE_NAME));
             var s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)");
        }
        assertMessage("is not a dosewarden journal", () -> Journal.open(foreign, clock));
        assertMessage("is not a dosewarden journal", () -> Journal.openForReading(foreign));
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + foreign.resolve(Journal.FILE_NAME));
             var s = c.createStatement(); var rs = s.executeQuery("PRAGMA journal_mode")) {
            assertEquals("delete", rs.getString(1), "a refused file is left as it was");
        }

        Path emptied = Files.createDirectory(dataDir.resolve("emptied"));
        Files.createFile(emptied.resolve(Journal.FILE_NAME));
        assertMessage("exists but is empty; refusing to start a new journal", () -> Journal.open(emptied, clock));

        Path garbage = Files.createDirectory(dataDir.resolve("garbage"));
        Files.write(garbage.resolve(Journal.FILE_NAME), "this is not a database at all, not even close".repeat(200).getBytes());
        assertMessage("file is not a database", () -> Journal.open(garbage, clock));
    }

    static void assertMessage(String expectedPart, org.junit.jupiter.api.function.Executable call) {
        Throwable e = assertThrows(Throwable.class, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(expectedPart),
                "expected a message containing '" + expectedPart + "' but got " + e);
    }
}
