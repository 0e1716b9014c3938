package org.dosewarden.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's {@code dosewarden startup-cache} on the packaged jar and this JDK, as
 * dosewarden-startup-cache.service runs it: it records the AOT cache in a daemon of its own (on simulated pumps),
 * the daemon's next start uses the cache, and a cache damaged afterwards in a way the launcher cannot see (the same
 * size of file, garbage inside) still lets the daemon start and report ready, only without it.
 */
class StartupCacheRecordingIT {

    @TempDir
    Path work;

    @Test
    @DisplayName("startup-cache records the AOT cache, the next start uses it, and a damaged cache still lets the daemon"
            + " start")
    void recordUseAndSurviveDamage() throws Exception {
        assertTrue(Runtime.version().feature() >= 25, "the build's JDK (25) has the AOT cache; this is "
                + Runtime.version());
        Path cache = Files.createDirectories(work.resolve("cache"));
        Path aot = cache.resolve("dosewarden.aot");

        int code = PackagedDaemon.recordStartupCache(work, "record");
        String out = Files.readString(work.resolve("record.log"));
        assertEquals(0, code, out);
        assertTrue(out.contains("recorded " + aot), out);
        assertTrue(Files.size(aot) > 1_000_000, "a real cache: " + Files.size(aot) + " bytes");
        assertTrue(Files.readString(cache.resolve("dosewarden.aot.stamp")).contains(PackagedDaemon.jar().toString()));
        try (var left = Files.list(cache)) {
            assertEquals(java.util.List.of(), left.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("dosewarden.aot.recording")).toList(), "no recording left behind");
        }

        PackagedDaemon first = PackagedDaemon.startReady(work, "first");
        try {
            assertTrue(first.args().contains("-XX:AOTCache=" + aot), first.args().toString());
            assertFalse(first.args().stream().anyMatch(a -> a.startsWith("-XX:AOTCacheOutput")), first.args().toString());
        } finally {
            first.stop();
        }

        byte[] garbage = new byte[(int) Files.size(aot)];
        new Random(15).nextBytes(garbage);
        Files.write(aot, garbage);
        PackagedDaemon second = PackagedDaemon.startReady(work, "second");
        try {
            assertTrue(second.args().contains("-XX:AOTCache=" + aot), "the launcher cannot tell; the JVM must: "
                    + second.args());
        } finally {
            second.stop();
        }
    }
}
