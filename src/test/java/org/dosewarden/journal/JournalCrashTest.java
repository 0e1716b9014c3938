package org.dosewarden.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.dosewarden.clock.ManualTimeSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process killed with SIGKILL at a random moment loses nothing it reported durable, and the
 * journal reopens as a consistent, verifiable prefix (SR-G1, SR-G2, SR-G3).
 */
class JournalCrashTest {

    private static final int ITERATIONS = 5;
    private static final int WRITERS = 4;

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("SR-G1/SR-G2: SIGKILL mid-append keeps every acknowledged record and a valid chain, 5 times over")
    void killedWriterLeavesAVerifiablePrefixWithEveryAcknowledgedRecord() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long previousHead = 0;
        for (int iteration = 1; iteration <= ITERATIONS; iteration++) {
            String where = "iteration " + iteration + " (seed " + seed + ")";
            int killAfter = 20 + random.nextInt(400);
            // The SQLite driver of a killed writer cannot delete the copy of its native library: it goes into the
            // test's own directory, not the machine's /tmp.
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dorg.sqlite.tmpdir=" + dataDir, "-cp", System.getProperty("java.class.path"),
                    JournalCrashWriter.class.getName(),
                    dataDir.toString(), Integer.toString(WRITERS))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            List<long[]> acknowledged = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line = out.readLine();
                assertEquals("open " + previousHead, line, where + ": the child reopened the journal after the crash");
                while (acknowledged.size() < killAfter && (line = out.readLine()) != null) {
                    String[] f = line.split(" ");
                    acknowledged.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
                }
                child.destroyForcibly();  // SIGKILL: no shutdown hooks, no close, mid-transaction
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), where + ": child did not die");
            }
            assertEquals(killAfter, acknowledged.size(), where + ": the child stopped writing early");
            assertEquals(137, child.exitValue(), where + ": killed by SIGKILL");

            try (Journal journal = Journal.open(dataDir, new ManualTimeSource())) {
                long head = journal.lastSequence();
                long maxAcknowledged = acknowledged.stream().mapToLong(a -> a[0]).max().orElseThrow();
                assertTrue(head >= maxAcknowledged, where + ": head " + head + " lost acknowledged " + maxAcknowledged);
                Verification.Intact intact = assertInstanceOf(Verification.Intact.class, journal.verify(), where);
                assertEquals(head, intact.records());

                for (long[] a : acknowledged) {
                    JournalEntry r = journal.readAfter(a[0] - 1, 1).getFirst();
                    assertEquals("ch" + a[1], r.channel(), where);
                    assertTrue(r.payload().startsWith("{\"writer\":" + a[1] + ",\"n\":" + a[2] + ","), where);
                }
                // Each writer appended one record at a time, so what survived of it is a gapless run 0..k.
                Map<String, Long> nextN = new HashMap<>();
                journal.forEachAfter(previousHead, r -> {
                    long n = Long.parseLong(r.payload().replaceAll(".*\"n\":(\\d+),.*", "$1"));
                    long expected = nextN.getOrDefault(r.channel(), 0L);
                    assertEquals(expected, n, where + ": " + r.channel() + " at record " + r.sequence());
                    nextN.put(r.channel(), n + 1);
                });
                previousHead = head;
            }
        }
    }
}
