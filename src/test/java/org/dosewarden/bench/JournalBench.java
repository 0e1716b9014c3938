package org.dosewarden.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.JournalReader;
import org.dosewarden.journal.Verification;

/**
 * Journal benchmark (issue 5, "Journal: durable append p50/p99; replay time for 1,000,000 records"). Prints
 * numbers, judges nothing. Runs on a real file (default under {@code target/}, i.e. the project's disk).
 *
 * <pre>
 * java -cp ... org.dosewarden.bench.JournalBench [--records N] [--dir DIR] [--keep]
 * </pre>
 */
public final class JournalBench {

    /** A typical poll record of a channel (what dominates the journal by count). */
    private static final String PAYLOAD = "{\"event\":\"VOLUME_COUNTED\",\"state\":\"RUNNING\",\"rateUlPerH\":21000,"
            + "\"pumpDeliveredUl\":1234567,\"deliveredUl\":1234567,\"deliveredUg\":12345670,\"step\":1,"
            + "\"monotonicMs\":123456789}";

    /**
     * Hook for the integrator: replay through the safety core. Given the journal, it should rebuild every
     * channel's state (e.g. {@code forEachAfter(channel, 0, ...)} mapping each entry to its core event and
     * folding {@code SafetyCore.decide}). While it is null the bench prints that core replay is not wired.
     */
    static Consumer<JournalReader> coreReplay = null;

    private JournalBench() {
    }

    public static void main(String[] args) throws Exception {
        long records = 1_000_000;
        Path dir = Path.of("target", "bench", "journal-" + ProcessHandle.current().pid());
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --records N, --dir DIR, --keep)");
            }
        }
        if (Files.exists(dir.resolve(Journal.FILE_NAME))) {
            throw new IllegalArgumentException(dir + " already holds a journal; give an empty --dir");
        }
        Files.createDirectories(dir);
        System.out.printf("journal bench: file %s (%s), %,d records for the read/verify part%n",
                dir.resolve(Journal.FILE_NAME), Files.getFileStore(dir).type(), records);
        try {
            run(dir, records);
        } finally {
            if (!keep) {
                deleteTree(dir);
            }
        }
    }

    private static void run(Path dir, long records) throws Exception {
        try (Journal journal = Journal.open(dir, TimeSource.system())) {
            // Warm-up: JIT, SQLite page cache, WAL file allocated.
            for (int i = 0; i < 300; i++) {
                journal.append("warm", "VOLUME_COUNTED", PAYLOAD);
            }
            singleAppender(journal, 2000);
            concurrentAppenders(journal, 8, 400);
            bulkFill(journal, records - journal.lastSequence());
        }
        long size = Files.size(dir.resolve(Journal.FILE_NAME));

        long c0 = cpu();
        long t0 = System.nanoTime();
        try (Journal reopened = Journal.open(dir, TimeSource.system())) {
            long openNanos = System.nanoTime() - t0;
            System.out.printf(Locale.ROOT, "open (quick_check + head check) of %,d records, %.1f MB: %.0f ms (%.0f ms CPU)%n",
                    reopened.lastSequence(), size / 1e6, openNanos / 1e6, (cpu() - c0) / 1e6);
        }

        try (JournalReader reader = Journal.openForReading(dir)) {
            long count = reader.lastSequence();
            c0 = cpu();
            t0 = System.nanoTime();
            Verification v = reader.verify();
            report("verify (read + SHA-256 chain + JSON check + index check)", count, System.nanoTime() - t0, cpu() - c0);
            if (!(v instanceof Verification.Intact)) {
                System.out.println("  UNEXPECTED: " + v);
            }

            AtomicLong seen = new AtomicLong();
            c0 = cpu();
            t0 = System.nanoTime();
            reader.forEachAfter(0, e -> seen.incrementAndGet());
            report("raw read (forEachAfter, all channels)", seen.get(), System.nanoTime() - t0, cpu() - c0);

            ObjectMapper mapper = new ObjectMapper();
            AtomicLong parsed = new AtomicLong();
            c0 = cpu();
            t0 = System.nanoTime();
            reader.forEachAfter(0, e -> {
                try {
                    parsed.addAndGet(mapper.readTree(e.payload()).size());
                } catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            report("read + parse payload (Jackson tree)", seen.get(), System.nanoTime() - t0, cpu() - c0);

            AtomicLong ofChannel = new AtomicLong();
            c0 = cpu();
            t0 = System.nanoTime();
            reader.forEachAfter("bulk-3", 0, e -> ofChannel.incrementAndGet());
            report("raw read of one channel of 8 (forEachAfter(channel))", ofChannel.get(), System.nanoTime() - t0,
                    cpu() - c0);

            if (coreReplay == null) {
                System.out.println("replay through the safety core: not wired yet (hook: JournalBench.coreReplay)");
            } else {
                c0 = cpu();
                t0 = System.nanoTime();
                coreReplay.accept(reader);
                report("replay through the safety core", count, System.nanoTime() - t0, cpu() - c0);
            }
        }
    }

    private static void singleAppender(Journal journal, int n) throws JournalException {
        long[] latencies = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            journal.append("single", "VOLUME_COUNTED", PAYLOAD);
            latencies[i] = System.nanoTime() - t;
        }
        long total = System.nanoTime() - start;
        printLatencies("durable append, 1 appender", latencies, n, total);
    }

    private static void concurrentAppenders(Journal journal, int threads, int each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            String channel = "conc-" + t;
            futures.add(pool.submit(() -> {
                long[] mine = new long[each];
                for (int i = 0; i < each; i++) {
                    long s = System.nanoTime();
                    journal.append(channel, "VOLUME_COUNTED", PAYLOAD);
                    mine[i] = System.nanoTime() - s;
                }
                return mine;
            }));
        }
        long[] all = new long[threads * each];
        for (int t = 0; t < threads; t++) {
            System.arraycopy(futures.get(t).get(), 0, all, t * each, each);
        }
        long total = System.nanoTime() - start;
        pool.shutdown();
        printLatencies("durable append, " + threads + " concurrent appenders (group commit)", all, all.length, total);
    }

    private static void bulkFill(Journal journal, long n) throws Exception {
        if (n <= 0) {
            return;
        }
        Semaphore window = new Semaphore(16_384);
        CompletableFuture<?>[] last = new CompletableFuture<?>[1];
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            window.acquire();
            CompletableFuture<JournalEntry> f = journal.appendAsync("bulk-" + (i % 8), "VOLUME_COUNTED", PAYLOAD);
            f.whenComplete((r, e) -> window.release());
            last[0] = f;
        }
        last[0].join();
        window.acquire(16_384);
        report("bulk fill with appendAsync (16k in flight)", n, System.nanoTime() - start);
    }

    private static void printLatencies(String what, long[] nanos, int n, long totalNanos) {
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms, %.0f appends/s%n",
                what, n, pct(sorted, 50) / 1e6, pct(sorted, 90) / 1e6, pct(sorted, 99) / 1e6, sorted[n - 1] / 1e6,
                n / (totalNanos / 1e9));
    }

    private static long pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void report(String what, long count, long nanos) {
        System.out.printf(Locale.ROOT, "%s: %,d records in %.2f s (%.0f records/s)%n", what, count, nanos / 1e9,
                count / (nanos / 1e9));
    }

    /** For phases run on this thread: CPU time too, which a machine shared with other work distorts less. */
    private static void report(String what, long count, long nanos, long cpuNanos) {
        System.out.printf(Locale.ROOT, "%s: %,d records in %.2f s (%.0f records/s; %.2f s CPU on this thread)%n",
                what, count, nanos / 1e9, count / (nanos / 1e9), cpuNanos / 1e9);
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
