package org.dosewarden.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Temporary directories for test contexts made before JUnit's {@code @TempDir} exists (Micronaut's
 * {@code TestPropertyProvider}, {@code @BeforeAll}), deleted with everything in them when the test JVM exits,
 * after the contexts using them have closed. Without it every suite run left its data directories (journals,
 * user files) in the machine's temporary directory.
 */
public final class TempDirs {

    private static final List<Path> MADE = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "test-temp-dirs"));
    }

    private TempDirs() {
    }

    /** A new directory named {@code prefix...} in the temporary directory, deleted at exit. */
    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            synchronized (MADE) {
                MADE.add(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteAll() {
        synchronized (MADE) {
            MADE.forEach(TempDirs::deleteTree);
        }
    }

    /** Deletes {@code dir} and what is in it, as far as it can: a test JVM's exit is no place to fail. */
    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the machine's own clean-up
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // already gone, or unreadable: nothing more to do
        }
    }
}
