package org.dosewarden.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The package's launcher on its own: the time from starting {@code /bin/sh packaging/dosewarden serve} to the
 * moment it hands over to {@code java}, which every start of the daemon pays before the JVM begins. The launcher
 * runs with the package's settings and a start-up cache directory, as on a board after its first start, but with
 * a stand-in Java home whose {@code bin/java} exits at once; so what is timed is the shell, the settings file, the
 * cache's stamp and the programs the launcher runs, and nothing of the JVM.
 *
 * <pre>
 * java -cp ... org.dosewarden.bench.LauncherBench [--launcher packaging/dosewarden]
 *      [--package-options packaging/etc/default] [--jar target/dosewarden-*.jar] [--runs 50]
 * </pre>
 * Prints the median and the range of the runs, and beside them a run of the stand-in {@code java} alone (what a
 * launcher that did nothing would cost).
 */
public final class LauncherBench {

    private LauncherBench() {
    }

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of("packaging/dosewarden");
        Path defaults = Path.of("packaging/etc/default");
        Path jar = null;
        int runs = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--launcher" -> launcher = Path.of(args[++i]);
                case "--package-options" -> defaults = Path.of(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--launcher, --package-options, --jar, --runs)");
            }
        }
        Path work = Files.createTempDirectory("launcher-bench");
        try {
            Path home = standInJava(work, System.getProperty("java.specification.version"));
            Path cache = Files.createDirectories(work.resolve("cache"));
            if (jar == null) {
                jar = Files.writeString(work.resolve("dosewarden.jar"), "a jar");
            }
            List<String> launch = List.of("/bin/sh", launcher.toAbsolutePath().toString(), "serve");
            Map<String, String> env = Map.of("JAVA_HOME", home.toString(), "DOSEWARDEN_JAR", jar.toAbsolutePath().toString(),
                    "DOSEWARDEN_DEFAULTS", defaults.toAbsolutePath().toString(), "DOSEWARDEN_CACHE_DIR", cache.toString());
            run(launch, env); // the first start writes the cache's stamp; the runs after it find it, as a board does
            if (!Files.exists(home.resolve("ran"))) {
                throw new IllegalStateException("the launcher did not start the stand-in java");
            }
            double[] launcherMs = time(launch, env, runs);
            double[] bareMs = time(List.of(home.resolve("bin/java").toString()), env, runs);
            System.out.printf(Locale.ROOT, "launcher: %s, %d runs on Java %s, the package's settings from %s%n", launcher,
                    runs, System.getProperty("java.specification.version"), defaults);
            System.out.println("what                               median_ms  min_ms  max_ms");
            print("the launcher, to its exec of java", launcherMs);
            print("the stand-in java alone", bareMs);
        } finally {
            SupervisionBenchSupport.deleteTree(work);
        }
    }

    private static void print(String what, double[] ms) {
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-34s %9.1f %7.1f %7.1f%n", what, ms[ms.length / 2], ms[0], ms[ms.length - 1]);
    }

    private static double[] time(List<String> command, Map<String, String> env, int runs) throws Exception {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            run(command, env);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static void run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DOSEWARDEN_") || k.startsWith("JAVA"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
    }

    /** A Java home of this runtime's version whose bin/java leaves a mark and exits. */
    private static Path standInJava(Path work, String version) throws Exception {
        Path home = Files.createDirectories(work.resolve("jdk"));
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib/server"));
        Files.writeString(home.resolve("lib/server/libjvm.so"), "a JVM");
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n: > \"${0%/bin/java}/ran\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }
}
