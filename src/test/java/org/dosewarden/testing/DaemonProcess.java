package org.dosewarden.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.dosewarden.cli.ServeCommand;

/**
 * The daemon ({@code org.dosewarden.Dosewarden serve}) as a separate operating-system process, started with the
 * same {@code java} binary as the test JVM on the main classes and the dependency jars (not the test classes:
 * the daemon must not see test resources).
 *
 * <p>Start-up speed. Crash tests start the daemon dozens of times, and a cold Micronaut start costs 8-15 s on
 * a busy two-core machine. The main classes are therefore packed into a jar (named after a digest of their
 * content, under {@code target/daemon-process/}) so that the JVM can keep a dynamic class-data-sharing archive
 * of everything the daemon loads ({@code -XX:+AutoCreateSharedArchive}, JDK 19+): written when a daemon exits
 * normally, reused by every later start, rebuilt by the JVM when the jar changes. That halves the start. The
 * other flags (C1 only, serial GC) trade peak speed, which a test daemon never reaches, for start-up time.
 */
public final class DaemonProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int httpPort;

    private DaemonProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /**
     * Starts {@code serve} with {@code properties} ({@code --key=value}, without the dashes) and the HTTP server on
     * a free port of 127.0.0.1. Output (both streams) goes to {@code log}.
     */
    public static DaemonProcess start(List<String> properties, Path log) throws IOException {
        return start(properties, log, java.util.Map.of());
    }

    /** As {@link #start(List, Path)}, with {@code environment} added to the daemon's environment. */
    public static DaemonProcess start(List<String> properties, Path log, java.util.Map<String, String> environment)
            throws IOException {
        Launch launch = Launch.get();
        int port = Ports.free();
        List<String> command = new ArrayList<>(launch.jvm());
        command.add("org.dosewarden.Dosewarden");
        command.add("serve");
        command.add("--micronaut.server.host=127.0.0.1");
        command.add("--micronaut.server.port=" + port);
        for (String p : properties) {
            command.add("--" + p);
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(environment);
        Process p = pb.start();
        return new DaemonProcess(p, log, port);
    }

    /**
     * True when a class-data-sharing archive for the current main classes exists, so starts are fast; when not,
     * a daemon that exits normally (SIGTERM) writes it.
     */
    public static boolean sharedArchiveReady() throws IOException {
        return Files.isRegularFile(Launch.get().archive());
    }

    public int httpPort() {
        return httpPort;
    }

    public String baseUri() {
        return "http://127.0.0.1:" + httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL (on Linux {@link Process#destroyForcibly()} is kill -9): no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("daemon " + process.pid() + " still alive 10 s after SIGKILL");
        }
    }

    /** SIGTERM; true when the daemon exited within {@code limit}. */
    public boolean terminate(Duration limit) throws InterruptedException {
        process.destroy();
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** The last {@code lines} lines of the daemon's log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How to launch a daemon JVM; worked out once per test JVM. */
    private record Launch(List<String> jvm, Path archive) {

        private static Launch instance;

        static synchronized Launch get() throws IOException {
            if (instance == null) {
                instance = prepare();
            }
            return instance;
        }

        private static Launch prepare() throws IOException {
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            List<Path> classpath = testClasspath();
            Path mainClasses = classpath.stream()
                    .filter(p -> Files.isRegularFile(p.resolve("org/dosewarden/Dosewarden.class")))
                    .findFirst().orElseThrow(() -> new IllegalStateException(
                            "no directory with org/dosewarden/Dosewarden.class on the test classpath " + classpath));
            Path work = mainClasses.getParent().resolve("daemon-process");
            Files.createDirectories(work);
            String digest = digestOf(mainClasses);
            Path jar = work.resolve("dosewarden-classes-" + digest + ".jar");
            if (!Files.isRegularFile(jar)) {
                deleteOld(work, digest);
                writeJar(mainClasses, jar);
            }
            List<String> entries = new ArrayList<>();
            entries.add(jar.toString());
            for (Path p : classpath) {
                // Only jars next to the main-classes jar: no test classes, no other class directories.
                if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                    entries.add(p.toString());
                }
            }
            // One archive per test JVM: the build runs two side by side, and a daemon of each may write its
            // archive as it stops.
            Path archive = work.resolve("daemon-" + digest + "-" + Integer.getInteger("dosewarden.test.fork", 1) + ".jsa");
            List<String> jvm = new ArrayList<>(List.of(java,
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                    "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive,
                    "-Xlog:cds=off",
                    // SQLite's native library from a cache next to the archive, as the package's launcher does: a
                    // daemon killed with SIGKILL (the crash tests) cannot delete a copy extracted to /tmp.
                    "-D" + ServeCommand.NATIVE_CACHE_PROPERTY + "=" + work,
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp", String.join(File.pathSeparator, entries)));
            return new Launch(List.copyOf(jvm), archive);
        }

        /** The test JVM's classpath; surefire may hide it behind a manifest-only jar. */
        private static List<Path> testClasspath() throws IOException {
            List<Path> entries = new ArrayList<>();
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!e.isBlank()) {
                    entries.add(Path.of(e).toAbsolutePath());
                }
            }
            if (entries.size() == 1 && entries.getFirst().getFileName().toString().startsWith("surefirebooter")) {
                try (JarFile booter = new JarFile(entries.getFirst().toFile())) {
                    String cp = booter.getManifest().getMainAttributes().getValue("Class-Path");
                    entries.clear();
                    for (String url : cp.split(" ")) {
                        if (!url.isBlank()) {
                            entries.add(Path.of(java.net.URI.create(url)));
                        }
                    }
                }
            }
            return entries;
        }

        private static String digestOf(Path dir) throws IOException {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    sha.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                    sha.update(Files.readAllBytes(f));
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        }

        /** Removes jars and archives of earlier main classes; another test JVM may be writing the current ones. */
        private static void deleteOld(Path work, String digest) throws IOException {
            try (Stream<Path> old = Files.list(work)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.getFileName().toString().contains(digest)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }

        private static void writeJar(Path dir, Path jar) throws IOException {
            Path tmp = jar.resolveSibling(jar.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out);
                 Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(f -> !f.equals(dir)).sorted().toList()) {
                    String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
                    if (Files.isDirectory(f)) {
                        j.putNextEntry(new JarEntry(name + "/"));  // directory entries, as the jar tool writes them
                    } else {
                        j.putNextEntry(new JarEntry(name));
                        try (InputStream in = Files.newInputStream(f)) {
                            in.transferTo(j);
                        }
                    }
                    j.closeEntry();
                }
            }
            Files.move(tmp, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
