package org.dosewarden.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The SQLite driver's native library, kept in the daemon's start-up cache directory instead of extracted anew at
 * every start.
 *
 * <p>Left alone, the driver copies its native library out of the jar into the temporary directory under a new
 * random name at every start, then reads both back one byte at a time to compare them: about a tenth of a second
 * of CPU of the daemon's start (docs/benchmarks-footprint.md, fourth round). Here the copy is made once, in a
 * directory only the service writes ({@code /var/cache/dosewarden}, the launcher passes it), named after the
 * driver's version and the platform, and at every start compared whole with the library in the jar before the
 * driver is told to load it ({@code org.sqlite.lib.path}). A copy that differs (a damaged file, a hand-placed one)
 * is replaced. When anything fails the driver is left to extract its library as before: the cache only ever
 * saves time, it never stops the journal from opening.
 */
public final class SqliteNativeLibrary {

    private SqliteNativeLibrary() {
    }

    /**
     * Points the driver at a verified copy of its native library in {@code cacheDir}, making the copy when it is
     * missing or differs from the one in the jar. Must run before the first SQLite connection of the process.
     *
     * @return the library file the driver will load, or empty when the driver extracts its own (a library path
     *         already set, no library for this platform in the jar, or the directory not writable)
     */
    public static Optional<Path> useCache(Path cacheDir) {
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return Optional.empty();
        }
        Optional<Path> file = verifiedCopy(cacheDir);
        file.ifPresent(f -> {
            System.setProperty("org.sqlite.lib.path", f.getParent().toAbsolutePath().toString());
            System.setProperty("org.sqlite.lib.name", f.getFileName().toString());
        });
        return file;
    }

    /**
     * The copy of the driver's native library for this platform in {@code cacheDir}, byte for byte the one in the
     * jar: kept when it is, written anew (atomically, under a name of its own until complete) when it is missing or
     * differs. Empty when the jar has no library for this platform or the copy cannot be made.
     */
    static Optional<Path> verifiedCopy(Path cacheDir) {
        try {
            String folder = LibraryLoaderUtil.getNativeLibResourcePath();
            String name = LibraryLoaderUtil.getNativeLibName();
            String resource = (folder.endsWith("/") ? folder : folder + "/") + name;
            byte[] library;
            try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return Optional.empty();
                }
                library = in.readAllBytes();
            }
            String platform = folder.replaceFirst("^/?org/sqlite/native/", "").replace('/', '-');
            Path file = cacheDir.resolve("sqlite-" + SQLiteJDBCLoader.getVersion() + "-" + platform + "-" + name);
            if (!Files.isRegularFile(file) || Files.size(file) != library.length
                    || !Arrays.equals(Files.readAllBytes(file), library)) {
                Path partial = Files.createTempFile(cacheDir, file.getFileName().toString(), ".partial");
                try {
                    Files.write(partial, library);
                    try {
                        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            return Optional.of(file);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
