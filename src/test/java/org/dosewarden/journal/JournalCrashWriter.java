package org.dosewarden.journal;

import java.nio.file.Path;
import org.dosewarden.clock.TimeSource;

/**
 * Child process for {@link JournalCrashTest}: appends from several threads until it is killed, printing
 * {@code durable <seq> <writer> <n>} after each append returned (i.e. after the journal said it is durable).
 */
public final class JournalCrashWriter {

    private JournalCrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int writers = Integer.parseInt(args[1]);
        Journal journal = Journal.open(dataDir, TimeSource.system());
        System.out.println("open " + journal.lastSequence());
        System.out.flush();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread.ofPlatform().name("crash-writer-" + w).start(() -> {
                try {
                    for (long n = 0; ; n++) {
                        JournalEntry r = journal.append("ch" + writer, "pump.polled",
                                "{\"writer\":" + writer + ",\"n\":" + n + ",\"pad\":\"" + "x".repeat(200) + "\"}");
                        synchronized (System.out) {
                            System.out.println("durable " + r.sequence() + " " + writer + " " + n);
                            System.out.flush();
                        }
                    }
                } catch (JournalWriteException e) {
                    System.err.println(e.getMessage());
                }
            });
        }
    }
}
