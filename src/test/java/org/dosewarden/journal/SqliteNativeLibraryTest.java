package org.dosewarden.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/** The SQLite driver's native library kept in the start-up cache directory (SqliteNativeLibrary). */
class SqliteNativeLibraryTest {

    @TempDir
    Path cache;

    @Test
    @DisplayName("the copy is the jar's library byte for byte, kept from start to start, and a damaged one is replaced")
    void copyIsVerifiedAndRepaired() throws Exception {
        byte[] expected = libraryInJar();
        Path file = SqliteNativeLibrary.verifiedCopy(cache).orElseThrow();
        assertTrue(file.getFileName().toString().contains(SQLiteJDBCLoader.getVersion()), file.toString());
        assertArrayEquals(expected, Files.readAllBytes(file));

        FileTime written = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, written);
        assertEquals(file, SqliteNativeLibrary.verifiedCopy(cache).orElseThrow());
        assertEquals(written, Files.getLastModifiedTime(file), "an intact copy is not written again");

        byte[] damaged = expected.clone();
        damaged[damaged.length / 2] ^= 0x40;
        Files.write(file, damaged);
        SqliteNativeLibrary.verifiedCopy(cache).orElseThrow();
        assertArrayEquals(expected, Files.readAllBytes(file), "a copy differing in one byte is replaced");

        Files.write(file, new byte[] {1, 2, 3});
        SqliteNativeLibrary.verifiedCopy(cache).orElseThrow();
        assertArrayEquals(expected, Files.readAllBytes(file), "a truncated copy is replaced");
        try (var left = Files.list(cache)) {
            assertEquals(1, left.count(), "no partial file is left behind");
        }
    }

    @Test
    @DisplayName("a cache directory that cannot be written leaves the driver to extract its own library")
    void unusableDirectory() throws Exception {
        Path notADirectory = Files.writeString(cache.resolve("file"), "x");
        assertTrue(SqliteNativeLibrary.verifiedCopy(notADirectory).isEmpty());
    }

    private static byte[] libraryInJar() throws Exception {
        String folder = LibraryLoaderUtil.getNativeLibResourcePath();
        String resource = (folder.endsWith("/") ? folder : folder + "/") + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
