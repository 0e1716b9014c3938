package org.dosewarden.cli;

import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.dosewarden.journal.JournalWarmUp;
import org.dosewarden.journal.SqliteNativeLibrary;

/**
 * The SQLite driver's native library from the start-up cache ({@link SqliteNativeLibrary#useCache}), checked on a
 * thread of its own while Micronaut reads its configuration and bean definitions, instead of before them on the
 * start's main thread (a tenth of a second of it, docs/benchmarks-footprint.md, fifth round).
 *
 * <p>This bean is the first eager bean the context makes ({@link Ordered#HIGHEST_PRECEDENCE}), and it waits for
 * the check: no other bean, so not the journal either, is made before the driver has been pointed at its library.
 * In a context the daemon's start did not set up (tests), there is nothing to wait for. The same thread then does
 * the journal's warm-up, so the journal's first open does not load the library on the main thread either.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
final class NativeLibraryGate {

    private static volatile CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

    NativeLibraryGate() {
        pending.join();
    }

    /**
     * Starts the check of the cached library in {@code cacheDir}, then the journal's warm-up (the library loaded,
     * {@link JournalWarmUp}); the gate bean waits for both.
     */
    static void start(Path cacheDir) {
        start(() -> {
            SqliteNativeLibrary.useCache(cacheDir);
            JournalWarmUp.run();
        });
    }

    /** Starts {@code check} on a thread of its own; the gate bean waits for it to end. */
    static void start(Runnable check) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending = done;
        Thread thread = new Thread(() -> {
            try {
                check.run();
            } finally {
                done.complete(null);
            }
        }, "sqlite-native-cache");
        thread.setDaemon(true);
        thread.start();
    }
}
