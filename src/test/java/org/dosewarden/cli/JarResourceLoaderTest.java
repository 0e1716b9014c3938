package org.dosewarden.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.io.scan.ClassPathResourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's class-path resource loader reads a file in a jar from its entry and answers everything else as
 * Micronaut's own loader does: the same bytes for a file, nothing for a directory or a missing name, the same
 * answer for a name with "..", a leading slash or outside any jar.
 */
class JarResourceLoaderTest {

    @TempDir
    Path work;

    @Test
    @DisplayName("a file in the jar, a directory, a missing name and odd names read as Micronaut's loader reads them")
    void sameAnswersAsMicronaut() throws IOException {
        Path jar = work.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "application.yml", "micronaut:\n  application:\n    name: dosewarden\n");
            out.putNextEntry(new JarEntry("config/"));
            out.closeEntry();
            put(out, "config/ward.yml", "ward: 3\n");
            out.putNextEntry(new JarEntry("empty/"));
            out.closeEntry();
        }
        Path dir = Files.createDirectories(work.resolve("classes"));
        Files.writeString(dir.resolve("outside.yml"), "outside: true\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL(), dir.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            ClassPathResourceLoader micronaut = ClassPathResourceLoader.defaultLoader(loader);
            JarResourceLoader daemon = new JarResourceLoader(loader);
            assertEquals("micronaut:\n  application:\n    name: dosewarden\n", read(daemon.getResourceAsStream("application.yml")));
            for (String name : new String[] {"application.yml", "config/ward.yml", "outside.yml", "/application.yml",
                    "config/../application.yml", "config", "config/", "empty", "missing.yml", "config/missing.yml"}) {
                Optional<InputStream> expected = micronaut.getResourceAsStream(name);
                Optional<InputStream> actual = daemon.getResourceAsStream(name);
                assertEquals(expected.isPresent(), actual.isPresent(), name);
                if (expected.isPresent()) {
                    assertArrayEquals(expected.get().readAllBytes(), actual.get().readAllBytes(), name);
                    expected.get().close();
                    actual.get().close();
                }
            }
            assertFalse(daemon.getResourceAsStream("config").isPresent(), "a directory is not a file");
            assertTrue(daemon.getResourceAsStream("outside.yml").isPresent(), "a file outside the jar still reads");
            assertEquals(micronaut.getResource("config/ward.yml"), daemon.getResource("config/ward.yml"));
        }
    }

    private static void put(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    private static String read(Optional<InputStream> in) throws IOException {
        assertTrue(in.isPresent());
        try (InputStream s = in.get()) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
