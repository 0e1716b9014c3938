package org.dosewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dosewarden.Dosewarden;
import org.dosewarden.channel.RecordedOrdersJournal;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalCrashWriter;
import org.dosewarden.journal.JournalReader;
import org.dosewarden.journal.Session;
import org.dosewarden.journal.Verification;
import org.dosewarden.testing.CandidateLibraries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dosewarden library impact} (SR-L1) through the real command line, on a journal written by real channel
 * supervisors ({@link RecordedOrdersJournal}: P-001 twice at 1.2 mg/kg/h 48 h apart, P-002 at 0.6 mg/kg/h still
 * running).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LibraryImpactCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    Path dataDir;
    /** Session ids of the three orders, in journal order (P-001, P-001, P-002). */
    List<Session> sessions;
    Path lowerHardMax;
    Path longerInterval;
    Path sameLimits;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeAll
    void journalAndCandidates() throws Exception {
        dataDir = work.resolve("data");
        Files.createDirectories(dataDir);
        RecordedOrdersJournal.write(dataDir);
        try (JournalReader journal = Journal.openForReading(dataDir)) {
            sessions = List.of(journal.sessionsOfPatient("P-001", java.time.Instant.MIN, java.time.Instant.MAX).get(0),
                    journal.sessionsOfPatient("P-001", java.time.Instant.MIN, java.time.Instant.MAX).get(1),
                    journal.sessionsOfPatient("P-002", java.time.Instant.MIN, java.time.Instant.MAX).get(0));
        }
        lowerHardMax = CandidateLibraries.write(work, "rate.yaml", CandidateLibraries.candidate("2026.1-rate",
                CandidateLibraries.KETAMINE_RATE, "doseRate: {unit: mg/kg/h, softMin: 0.3, softMax: 0.9, hardMax: 1.0}"));
        longerInterval = CandidateLibraries.write(work, "interval.yaml", CandidateLibraries.candidate("2026.1-interval",
                CandidateLibraries.KETAMINE_INTERVAL, "interval: {hardMin: PT72H, softMin: PT96H}"));
        sameLimits = CandidateLibraries.write(work, "same.yaml", CandidateLibraries.candidate("2026.1-same"));
    }

    @Test
    @DisplayName("SR-L1: --json lists exactly the programs a lower hard maximum would refuse, with the limit; exit 3")
    void jsonNamesEveryChangedProgram() throws Exception {
        assertEquals(LibraryCommand.EXIT_CHANGES, run("library", "impact", "--library", lowerHardMax.toString(),
                "--data-dir", dataDir.toString(), "--json"), err.toString());
        JsonNode expected = JSON.readTree("""
                {"library":{"current":"2025.1-designed","candidate":"2026.1-rate"},"programs":3,"changed":[
                 {"sessionId":"%s","channel":"a","drug":"ketamine-psych","programmedAt":"%s","before":"ALLOWED",
                  "after":"REFUSED","limits":["doseRate.hardMax"]},
                 {"sessionId":"%s","channel":"a","drug":"ketamine-psych","programmedAt":"%s","before":"ALLOWED",
                  "after":"REFUSED","limits":["doseRate.hardMax"]}]}
                """.formatted(sessions.get(0).sessionId(), programmedAt(0), sessions.get(1).sessionId(), programmedAt(1)));
        assertEquals(expected, JSON.readTree(out.toString()));
    }

    @Test
    @DisplayName("SR-L1, SR-K1: a longer minimum interval refuses only the session that came 48 h after the last, "
            + "and the text names the limit and what the clinician would read; exit 3")
    void textWithCourseHistory() {
        assertEquals(LibraryCommand.EXIT_CHANGES, run("library", "impact", "--library", longerInterval.toString(),
                "--data-dir", dataDir.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("Candidate drug library 2026.1-interval against 3 recorded program orders (library in "
                + "force: 2025.1-designed)\n1 program would change:\n"), text);
        assertTrue(text.contains("  session " + sessions.get(1).sessionId() + ", channel a, ketamine-psych for patient "
                + "P-001, programmed "), text);
        assertTrue(text.contains("    ALLOWED -> REFUSED, limits: course.interval.hardMin\n    - "), text);
        assertTrue(!text.contains(sessions.get(0).sessionId()), "the first session had no earlier one: " + text);
    }

    @Test
    @DisplayName("SR-L1: a candidate with the same limits changes nothing: exit 0")
    void nothingChanges() {
        assertEquals(LibraryCommand.EXIT_CLEAN, run("library", "impact", "--library", sameLimits.toString(),
                "--data-dir", dataDir.toString()), err.toString());
        assertTrue(out.toString().endsWith("No recorded program would change.\n"), out.toString());
    }

    @Test
    @DisplayName("SR-L1: bad input is exit 2 naming it: no candidate file, an invalid candidate (its lint errors), no journal")
    void badInput() {
        assertEquals(LibraryCommand.EXIT_BAD_INPUT, run("library", "impact", "--library", work.resolve("none.yaml")
                .toString(), "--data-dir", dataDir.toString()));
        assertTrue(err.toString().contains("no drug-library file at"), err.toString());
        Path invalid = CandidateLibraries.write(work, "invalid.yaml", CandidateLibraries.candidate("bad",
                CandidateLibraries.KETAMINE_RATE, "doseRate: {unit: mg/kg/h, softMin: 0.3, softMax: 2.0, hardMax: 1.6}"));
        assertEquals(LibraryCommand.EXIT_BAD_INPUT, run("library", "impact", "--library", invalid.toString(),
                "--data-dir", dataDir.toString()));
        assertTrue(err.toString().contains("ERROR psychiatry/ketamine-psych doseRate"), err.toString());
        assertTrue(err.toString().contains("is not a valid drug library (1 error)"), err.toString());
        assertEquals(LibraryCommand.EXIT_BAD_INPUT, run("library", "impact", "--library", sameLimits.toString(),
                "--data-dir", work.resolve("nowhere").toString()));
        assertTrue(err.toString().contains("no journal at"), err.toString());
    }

    @Test
    @DisplayName("SR-L1: runs read-only beside a process that holds the journal open and keeps writing: same answer, "
            + "the writer is never held up, the chain verifies afterwards")
    void besideARunningWriter() throws Exception {
        Path copy = work.resolve("live");
        Files.createDirectories(copy);
        RecordedOrdersJournal.write(copy);
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.sqlite.tmpdir=" + work, "-cp", System.getProperty("java.class.path"),
                JournalCrashWriter.class.getName(), copy.toString(), "2")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicLong durable = new AtomicLong();
        Thread reader = Thread.ofPlatform().name("impact-writer-out").start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("durable ")) {
                        durable.incrementAndGet();
                    }
                }
            } catch (java.io.IOException e) {
                // the writer was killed
            }
        });
        try {
            awaitDurable(durable, 50);
            for (int i = 0; i < 3; i++) {
                long before = durable.get();
                assertEquals(LibraryCommand.EXIT_CHANGES, run("library", "impact", "--library", lowerHardMax.toString(),
                        "--data-dir", copy.toString(), "--json"), err.toString());
                JsonNode answer = JSON.readTree(out.toString());
                assertEquals(3, answer.path("programs").asInt(), answer.toString());
                assertEquals(2, answer.path("changed").size(), answer.toString());
                awaitDurable(durable, before + 50);
            }
            assertTrue(writer.isAlive(), "the writer kept running");
        } finally {
            writer.destroyForcibly();
            writer.waitFor(30, TimeUnit.SECONDS);
            reader.join(Duration.ofSeconds(10));
        }
        try (JournalReader journal = Journal.openForReading(copy)) {
            Verification verification = journal.verify();
            assertTrue(verification instanceof Verification.Intact, verification.toString());
        }
    }

    /** Waits (bounded) until the writer process has reported {@code count} durable appends. */
    private static void awaitDurable(AtomicLong durable, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (durable.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writer process stalled at " + durable.get() + " durable appends");
            }
            Thread.sleep(5);
        }
    }

    private String programmedAt(int index) throws Exception {
        // The order is loaded just before its session opens, on the same virtual clock: read it from the journal.
        try (JournalReader journal = Journal.openForReading(dataDir)) {
            List<String> at = new java.util.ArrayList<>();
            journal.forEachAfter(0, e -> {
                if (e.type().equals("PROGRAM_ORDER")) {
                    try {
                        at.add(JSON.readTree(e.payload()).path("at").asText());
                    } catch (java.io.IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                }
            });
            return at.get(index);
        }
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = Dosewarden.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
