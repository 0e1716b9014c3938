package org.dosewarden.packaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started by the package's launcher on this JDK, as systemd starts it: the first start records
 * an AOT cache, written by the time it has stopped (once it is ready, StartupCacheRecordingIT); a cache damaged afterwards in a way the launcher cannot see (the
 * same size of file, garbage inside) still lets the daemon start and report ready, only without the cache.
 */
class LauncherStartupCacheIT {

    @TempDir
    Path work;

    @Test
    @DisplayName("the daemon's first start records its AOT cache, and a later start is ready with a damaged cache")
    void recordsThenStartsWithADamagedCache() throws Exception {
        assertTrue(Runtime.version().feature() >= 25, "the build's JDK (25) has the AOT cache; this is "
                + Runtime.version());
        Path cache = Files.createDirectories(work.resolve("cache"));
        Path aot = cache.resolve("dosewarden.aot");

        PackagedDaemon first = PackagedDaemon.startReady(work, "first");
        assertTrue(first.args().contains("-XX:AOTCacheOutput=" + aot), first.args().toString());
        first.stop();
        assertTrue(Files.size(aot) > 1_000_000, "the first start wrote the cache: " + first.log());
        assertFalse(Files.exists(cache.resolve("dosewarden.aot.config")), "and removed its recording");

        byte[] garbage = new byte[(int) Files.size(aot)];
        new java.util.Random(15).nextBytes(garbage);
        Files.write(aot, garbage);
        PackagedDaemon second = PackagedDaemon.startReady(work, "second");
        assertTrue(second.args().contains("-XX:AOTCache=" + aot), "the launcher cannot tell; the JVM must: "
                + second.args());
        second.stop();
    }
}
