package org.dosewarden.journal;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;

/**
 * What the journal's first open costs only because the JVM is new, done ahead of it on another thread: loading the
 * SQLite driver's native library, the driver's connection settings (their date formats) and the hash chain's
 * SHA-256 digest (the Java security providers behind it). The daemon's start runs this beside Micronaut's, so the
 * journal's open on the start's main thread finds them ready (docs/benchmarks-footprint.md, twelfth round).
 *
 * <p>It only moves work: nothing is kept from it but the JVM's own state (a loaded library, initialized classes, the
 * driver's cache of date formats). A failure here is dropped; the journal's open meets it again and reports it.
 */
public final class JournalWarmUp {

    private JournalWarmUp() {
    }

    /** Runs the warm-up; after {@link SqliteNativeLibrary#useCache} when the library comes from the cache. */
    public static void run() {
        try {
            SQLiteJDBCLoader.initialize();
            new SQLiteConfig();
            new ChainHash();
        } catch (Exception | LinkageError e) {
            // the open fails the same way where it needs the driver, and says so there
        }
    }
}
