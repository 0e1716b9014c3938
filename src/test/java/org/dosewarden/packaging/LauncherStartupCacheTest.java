package org.dosewarden.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which start-up cache the package's launcher ({@code packaging/dosewarden}) hands the daemon, run by
 * {@code /bin/sh} as on a board, with a stand-in {@code java} that writes down the arguments it was given: an AOT
 * cache on Java 25 (recorded by a start that has none, used once complete and made for this jar, runtime and
 * options, recorded again otherwise), the class-data archive on Java 21, nothing for the tools or when the cache
 * directory cannot be written. That the real JVM starts with a broken cache is {@code LauncherStartupCacheIT}.
 */
class LauncherStartupCacheTest {

    private static final Path LAUNCHER = Path.of("packaging/dosewarden").toAbsolutePath();
    private static final Path DEFAULTS = Path.of("packaging/etc/default").toAbsolutePath();

    @TempDir
    Path work;

    private Path cache;
    private Path jar;

    @BeforeEach
    void files() throws IOException {
        cache = Files.createDirectories(work.resolve("cache"));
        jar = Files.writeString(work.resolve("dosewarden.jar"), "a jar");
    }

    @Test
    @DisplayName("Java 25, no cache yet: the start records one, and writes the stamp of what it is made for")
    void firstStartOnJava25Records() throws Exception {
        List<String> args = launch(javaHome("25.0.1"), "serve");
        assertTrue(args.contains("-XX:AOTCacheOutput=" + cache.resolve("dosewarden.aot")), args.toString());
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:AOTCache=") || a.contains("SharedArchiveFile")),
                args.toString());
        assertTrue(Files.readString(cache.resolve("dosewarden.aot.stamp")).contains(jar.toString()));
        assertTrue(args.contains("-Xmx96m"), "the package's options are still given: " + args);
        assertEquals(List.of("-jar", jar.toString(), "serve"), args.subList(args.size() - 3, args.size()));
    }

    @Test
    @DisplayName("Java 25, a complete cache made for this jar, runtime and options: the start uses it")
    void completeCacheIsUsed() throws Exception {
        Path home = javaHome("25.0.1");
        launch(home, "serve");
        Files.writeString(cache.resolve("dosewarden.aot"), "a cache the stop wrote");
        List<String> args = launch(home, "serve");
        assertTrue(args.contains("-XX:AOTCache=" + cache.resolve("dosewarden.aot")), args.toString());
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:AOTCacheOutput")), args.toString());
        assertTrue(Files.exists(cache.resolve("dosewarden.aot")));
    }

    @Test
    @DisplayName("Java 25, the package upgraded (another jar): the stale cache is dropped and recorded again")
    void staleCacheAfterUpgradeIsRecordedAgain() throws Exception {
        Path home = javaHome("25.0.1");
        launch(home, "serve");
        Files.writeString(cache.resolve("dosewarden.aot"), "a cache for the old jar");
        Files.writeString(jar, "the upgraded jar, longer than before");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        List<String> args = launch(home, "serve");
        assertTrue(args.contains("-XX:AOTCacheOutput=" + cache.resolve("dosewarden.aot")), args.toString());
        assertFalse(Files.exists(cache.resolve("dosewarden.aot")), "the old cache is gone before the new recording");
    }

    @Test
    @DisplayName("Java 25, other JVM options or another runtime: the cache is recorded again")
    void otherOptionsOrRuntimeRecordAgain() throws Exception {
        Path home = javaHome("25.0.1");
        launch(home, "serve");
        Files.writeString(cache.resolve("dosewarden.aot"), "a cache");
        List<String> args = launch(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "aot", "DOSEWARDEN_SERVE_JAVA_OPTS", "-Xmx80m"), "serve");
        assertTrue(args.contains("-XX:AOTCacheOutput=" + cache.resolve("dosewarden.aot")), args.toString());

        Files.writeString(cache.resolve("dosewarden.aot"), "a cache");
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.2\"\nJAVA_RUNTIME_VERSION=\"25.0.2+7\"\n");
        Files.setLastModifiedTime(home.resolve("release"), FileTime.from(Instant.now().plusSeconds(60)));
        args = launch(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "aot", "DOSEWARDEN_SERVE_JAVA_OPTS", "-Xmx80m"), "serve");
        assertTrue(args.contains("-XX:AOTCacheOutput=" + cache.resolve("dosewarden.aot")),
                "an updated Java runtime: " + args);
    }

    @Test
    @DisplayName("Java 25, a stop cut short while the cache was written (its recording left behind): recorded again")
    void interruptedCacheWriteIsRecordedAgain() throws Exception {
        Path home = javaHome("25.0.1");
        launch(home, "serve");
        Files.writeString(cache.resolve("dosewarden.aot"), "half a cache");
        Files.writeString(cache.resolve("dosewarden.aot.config"), "the recording the JVM did not get to remove");
        List<String> args = launch(home, "serve");
        assertTrue(args.contains("-XX:AOTCacheOutput=" + cache.resolve("dosewarden.aot")), args.toString());
        assertFalse(Files.exists(cache.resolve("dosewarden.aot.config")));
        assertFalse(Files.exists(cache.resolve("dosewarden.aot")));
    }

    @Test
    @DisplayName("Java 25, two recordings that never became a cache: the class-data archive until the jar changes")
    void boardTooSlowToWriteTheCacheFallsBackToTheArchive() throws Exception {
        Path home = javaHome("25.0.1");
        Path recording = cache.resolve("dosewarden.aot.config");
        launch(home, "serve");
        Files.writeString(recording, "stop 1 killed while the cache was written");
        List<String> second = launch(home, "serve");
        assertTrue(second.contains("-XX:AOTCacheOutput=" + cache.resolve("dosewarden.aot")), second.toString());
        Files.writeString(recording, "stop 2 killed as well");
        for (int start = 3; start <= 4; start++) {
            List<String> args = launch(home, "serve");
            assertTrue(args.contains("-XX:SharedArchiveFile=" + cache.resolve("dosewarden.jsa")), start + ": " + args);
            assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:AOT")), start + ": " + args);
            Files.writeString(cache.resolve("dosewarden.jsa"), "the archive the JVM wrote");
        }
        assertTrue(Files.exists(cache.resolve("dosewarden.jsa")), "the archive is kept from start to start");

        Files.writeString(jar, "the upgraded jar, longer than before");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        List<String> upgraded = launch(home, "serve");
        assertTrue(upgraded.contains("-XX:AOTCacheOutput=" + cache.resolve("dosewarden.aot")), upgraded.toString());
    }

    @Test
    @DisplayName("Java 21: the class-data archive the JVM keeps up to date itself, and an AOT cache left over is removed")
    void java21GetsTheClassDataArchive() throws Exception {
        Files.writeString(cache.resolve("dosewarden.aot"), "left from a Java 25 that was replaced by 21");
        List<String> args = launch(javaHome("21.0.5"), "serve");
        assertTrue(args.contains("-XX:SharedArchiveFile=" + cache.resolve("dosewarden.jsa")), args.toString());
        assertTrue(args.contains("-XX:+AutoCreateSharedArchive"), args.toString());
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:AOT")), args.toString());
        assertFalse(Files.exists(cache.resolve("dosewarden.aot")));
    }

    @Test
    @DisplayName("the package's default on Java 25: the class-data archive, no AOT cache recorded")
    void packageDefaultIsTheArchive() throws Exception {
        List<String> args = launch(javaHome("25.0.1"), Map.of(), "serve");
        assertTrue(args.contains("-XX:SharedArchiveFile=" + cache.resolve("dosewarden.jsa")), args.toString());
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:AOT")), args.toString());
        assertFalse(Files.exists(cache.resolve("dosewarden.aot.stamp")));
    }

    @Test
    @DisplayName("DOSEWARDEN_STARTUP_CACHE=cds on Java 25 gives the archive; off gives no cache at all")
    void settingChoosesTheCache() throws Exception {
        Path home = javaHome("25.0.1");
        List<String> cds = launch(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "cds"), "serve");
        assertTrue(cds.contains("-XX:SharedArchiveFile=" + cache.resolve("dosewarden.jsa")), cds.toString());
        List<String> off = launch(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "off"), "serve");
        assertFalse(off.stream().anyMatch(a -> a.startsWith("-XX:AOT") || a.contains("SharedArchive")), off.toString());
    }

    @Test
    @DisplayName("the class-data archive is kept while the jar stays the same, and dropped after an upgrade (the JVM"
            + " would start without the stale one and never write a new one)")
    void staleArchiveIsDroppedAfterAnUpgrade() throws Exception {
        Path home = javaHome("25.0.1");
        Path archive = cache.resolve("dosewarden.jsa");
        launch(home, Map.of(), "serve");
        Files.writeString(archive, "the archive the JVM wrote at the first clean stop");
        List<String> second = launch(home, Map.of(), "serve");
        assertTrue(second.contains("-XX:SharedArchiveFile=" + archive), second.toString());
        assertTrue(Files.exists(archive), "the archive made for this jar is kept");

        Files.writeString(jar, "the upgraded jar, longer than before");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        List<String> upgraded = launch(home, Map.of(), "serve");
        assertTrue(upgraded.contains("-XX:SharedArchiveFile=" + archive), upgraded.toString());
        assertFalse(Files.exists(archive), "the archive of the old jar is gone, so the JVM writes a new one");
        assertTrue(Files.readString(cache.resolve("dosewarden.jsa.stamp")).contains(jar.toString()));
    }

    @Test
    @DisplayName("the daemon is told the cache directory for the SQLite native library; not with the cache off")
    void nativeLibraryCacheDirectory() throws Exception {
        Path home = javaHome("25.0.1");
        List<String> args = launch(home, Map.of(), "serve");
        assertTrue(args.contains("-Ddosewarden.native-cache=" + cache), args.toString());
        List<String> off = launch(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "off"), "serve");
        assertFalse(off.stream().anyMatch(a -> a.startsWith("-Ddosewarden.native-cache")), off.toString());
        List<String> tool = launch(home, Map.of(), "journal", "verify");
        assertFalse(tool.stream().anyMatch(a -> a.startsWith("-Ddosewarden.native-cache")), tool.toString());
    }

    @Test
    @DisplayName("no writable cache directory, or a tool command: the JVM is started without a cache")
    void noCacheWhereItCannotBeWritten() throws Exception {
        Path home = javaHome("25.0.1");
        Files.delete(cache);
        List<String> args = launch(home, "serve");
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:AOT") || a.contains("SharedArchive")), args.toString());
        assertEquals("serve", args.getLast());

        Files.createDirectories(cache);
        List<String> tool = launch(home, "journal", "verify");
        assertFalse(tool.stream().anyMatch(a -> a.startsWith("-XX:AOT") || a.contains("SharedArchiveFile")),
                tool.toString());
        assertFalse(Files.exists(cache.resolve("dosewarden.aot.stamp")), "a tool run leaves the daemon's cache alone");
    }

    @Test
    @DisplayName("a runtime without a release file: its version is asked from java -version")
    void versionFromJavaWhenNoReleaseFile() throws Exception {
        Path home = javaHome("25.0.1");
        Files.delete(home.resolve("release"));
        List<String> args = launch(home, "serve");
        assertTrue(args.contains("-XX:AOTCacheOutput=" + cache.resolve("dosewarden.aot")), args.toString());
    }

    @Test
    @DisplayName("java reached through a symbolic link (as /usr/bin/java is): the release file of the runtime it leads to"
            + " decides, and the stamp names that runtime")
    void javaThroughASymbolicLink() throws Exception {
        Path real = javaHome("25.0.1");
        // this runtime would answer 17 if asked: only its release file, found through the link, says 25
        Files.writeString(real.resolve("bin/java"), String.join("\n", "#!/bin/sh",
                "if [ \"$1\" = -version ]; then echo 'openjdk version \"17.0.2\" 2022-01-18' >&2; exit 0; fi",
                "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/../args\"", ""));
        Path linked = Files.createDirectories(work.resolve("usr/bin"));
        Files.createSymbolicLink(linked.resolve("java"), real.resolve("bin/java"));
        List<String> args = launch(work.resolve("usr"), "serve");
        assertTrue(args.contains("-XX:AOTCacheOutput=" + cache.resolve("dosewarden.aot")), args.toString());
        String stamp = Files.readString(cache.resolve("dosewarden.aot.stamp"));
        assertTrue(stamp.contains("java " + real.toRealPath() + ";"), stamp);
        assertTrue(stamp.contains(real.toRealPath().resolve("lib/server/libjvm.so") + " "), stamp);
    }

    /** A Java home whose bin/java writes its arguments to {@code args} beside it and answers -version. */
    private Path javaHome(String version) throws IOException {
        Path home = Files.createDirectories(work.resolve("jdk-" + version));
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib/server"));
        Files.writeString(home.resolve("lib/server/libjvm.so"), "a JVM " + version);
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, String.join("\n", "#!/bin/sh",
                "if [ \"$1\" = -version ]; then echo 'openjdk version \"" + version + "\" 2025-01-01' >&2; exit 0; fi",
                "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/../args\"", ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    /** The launcher with the AOT cache chosen (the package's default is the class-data archive). */
    private List<String> launch(Path home, String... command) throws Exception {
        return launch(home, Map.of("DOSEWARDEN_STARTUP_CACHE", "aot"), command);
    }

    private List<String> launch(Path home, Map<String, String> settings, String... command) throws Exception {
        Files.deleteIfExists(home.resolve("args"));
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().addAll(List.of("/bin/sh", LAUNCHER.toString()));
        pb.command().addAll(List.of(command));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("DOSEWARDEN_") || k.startsWith("JAVA"));
        env.put("JAVA_HOME", home.toString());
        env.put("DOSEWARDEN_JAR", jar.toString());
        env.put("DOSEWARDEN_CACHE_DIR", cache.toString());
        // the package's /etc/default/dosewarden, with the test's settings appended as an engineer would edit it
        Path defaults = work.resolve("default");
        StringBuilder file = new StringBuilder(Files.readString(DEFAULTS));
        settings.forEach((k, v) -> file.append('\n').append(k).append("=\"").append(v).append("\"\n"));
        Files.writeString(defaults, file);
        env.put("DOSEWARDEN_DEFAULTS", defaults.toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.exists(home.resolve("args")), "the launcher did not start java: " + out);
        return Files.readAllLines(home.resolve("args"));
    }
}
