package org.dosewarden.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start of the packaged jar that records an AOT cache (the package's launcher with {@code aot}) ends the
 * recording once the daemon is ready: the cache is complete while the daemon still runs, and the next start uses
 * it. No stop is needed to get the cache.
 */
class StartupCacheRecordingIT {

    @TempDir
    Path work;

    @Test
    @DisplayName("the AOT cache is written while the recording daemon runs, after it is ready, and the next start uses it")
    void cacheWrittenAfterReady() throws Exception {
        Path cache = Files.createDirectories(work.resolve("cache"));
        Path aot = cache.resolve("dosewarden.aot");
        Path recording = cache.resolve("dosewarden.aot.config");

        PackagedDaemon first = PackagedDaemon.startReady(work, "first");
        try {
            assertTrue(first.args().contains("-XX:AOTCacheOutput=" + aot), first.args().toString());
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!(Files.exists(aot) && !Files.exists(recording)) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(first.process().isAlive(), "the recording daemon still runs");
            assertTrue(Files.exists(aot) && Files.size(aot) > 1_000_000 && !Files.exists(recording),
                    "the cache is complete before any stop: " + Files.readString(work.resolve("first/daemon.log")));
        } finally {
            first.stop();
        }

        PackagedDaemon second = PackagedDaemon.startReady(work, "second");
        try {
            assertTrue(second.args().contains("-XX:AOTCache=" + aot), second.args().toString());
        } finally {
            second.stop();
        }
    }
}
