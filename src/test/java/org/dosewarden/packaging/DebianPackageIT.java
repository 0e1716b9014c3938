package org.dosewarden.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package as {@code scripts/package} builds it from the packaged jar: its control data, its files
 * with their owners and modes, lintian's verdict, and systemd's own check of the units it installs.
 */
class DebianPackageIT {

    private static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    static Path work;

    private static Path deb;

    @BeforeAll
    static void build() throws Exception {
        Ran ran = run(List.of(REPO.resolve("scripts/package").toString(), "--output", work.toString()), REPO);
        assertEquals(0, ran.code(), ran.toString());
        try (Stream<Path> files = Files.list(work)) {
            deb = files.filter(p -> p.getFileName().toString().endsWith("_all.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no .deb in " + work + "\n" + ran));
        }
    }

    @Test
    @DisplayName("control: architecture all, a Java 21+ headless runtime, the configuration as conffiles")
    void control() throws Exception {
        Map<String, String> fields = new TreeMap<>();
        for (String line : dpkgDeb("--field", deb.toString()).lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith(" ")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        assertEquals("dosewarden", fields.get("Package"));
        assertEquals("all", fields.get("Architecture"));
        assertTrue(fields.get("Version").matches("\\d+\\.\\d+\\.\\d+~dev\\d{14}\\+g[0-9a-f]{7}-1"), fields.toString());
        assertEquals("default-jre-headless (>= 2:1.21) | java21-runtime-headless, adduser", fields.get("Depends"));
        assertEquals(List.of("/etc/dosewarden/dosewarden.yml", "/etc/dosewarden/secrets.yml", "/etc/default/dosewarden"),
                dpkgDeb("--info", deb.toString(), "conffiles").lines().toList());
        String postrm = dpkgDeb("--info", deb.toString(), "postrm");
        assertTrue(postrm.contains("rm -rf /etc/dosewarden /var/cache/dosewarden"), postrm);
        assertTrue(!postrm.contains("/var/lib/dosewarden\n") && !postrm.matches("(?s).*rm -rf[^\\n]*/var/lib.*"),
                "purge never removes the journal:\n" + postrm);
        assertTrue(!postrm.contains("read ") && !postrm.contains("db_input"), "purge asks nothing:\n" + postrm);
    }

    @Test
    @DisplayName("contents: jar, launcher, every device profile, units, configuration; secrets root-only (0600)")
    void contents() throws Exception {
        Map<String, String> modes = new TreeMap<>();
        for (String line : dpkgDeb("--contents", deb.toString()).lines().toList()) {
            String[] f = line.split("\\s+");
            modes.put(f[5].replaceFirst("^\\./", "/"), f[0] + " " + f[1]);
        }
        assertEquals("-rwxr-xr-x root/root", modes.get("/usr/bin/dosewarden"));
        assertEquals("-rw-r--r-- root/root", modes.get("/usr/share/dosewarden/dosewarden.jar"));
        assertEquals("-rw------- root/root", modes.get("/etc/dosewarden/secrets.yml"));
        assertNull(modes.get("/etc/dosewarden/logback.xml"), "no logback file by default: the daemon sets its log up in code");
        for (String f : List.of("/etc/dosewarden/dosewarden.yml", "/usr/share/doc/dosewarden/examples/logback.xml",
                "/etc/default/dosewarden",
                "/usr/lib/systemd/system/dosewarden.service", "/usr/lib/systemd/system/dosewarden-backup.service",
                "/usr/lib/systemd/system/dosewarden-backup.timer",
                "/usr/lib/systemd/system/dosewarden-startup-cache.service", "/usr/share/doc/dosewarden/copyright",
                "/usr/share/doc/dosewarden/install-pi.md", "/usr/share/man/man1/dosewarden.1.gz")) {
            assertEquals("-rw-r--r-- root/root", modes.get(f), f + " in " + modes.keySet());
        }
        try (Stream<Path> profiles = Files.list(REPO.resolve("device-profiles"))) {
            for (Path p : profiles.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                String f = "/usr/share/dosewarden/device-profiles/" + p.getFileName();
                assertEquals("-rw-r--r-- root/root", modes.get(f), f);
            }
        }
        assertTrue(modes.keySet().stream().noneMatch(f -> f.startsWith("/var/")),
                "the data directories are made by postinst for the dosewarden user, not shipped: " + modes.keySet());
    }

    @Test
    @DisplayName("lintian reports nothing")
    void lintian() throws Exception {
        Ran ran = run(List.of("lintian", "--tag-display-limit", "0", deb.toString()), work);
        String findings = ran.out().lines().filter(l -> !l.contains("running with root privileges"))
                .reduce("", (a, b) -> a + b + "\n");
        assertEquals("", findings, ran.toString());
        assertEquals(0, ran.code(), ran.toString());
    }

    @Test
    @DisplayName("SR-S1: systemd-analyze verify accepts the service, the backup service and its timer, and the start-up"
            + " cache service as installed")
    void systemdVerify() throws Exception {
        Path root = work.resolve("root");
        Ran unpack = run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), work);
        assertEquals(0, unpack.code(), unpack.toString());
        // The analyzer resolves units and programs under --root: give it the host's own units and /bin/sh.
        copyTree(Path.of("/usr/lib/systemd/system"), root.resolve("usr/lib/systemd/system"));
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/sh"), root.resolve("bin/sh"), StandardCopyOption.COPY_ATTRIBUTES);
        Ran verify = run(List.of("systemd-analyze", "verify", "--root=" + root, "dosewarden.service",
                "dosewarden-backup.service", "dosewarden-backup.timer", "dosewarden-startup-cache.service"), work);
        assertEquals(new Ran(0, ""), verify, "no finding, not even an ignored key");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    private static String dpkgDeb(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("dpkg-deb"));
        argv.addAll(List.of(args));
        Ran ran = run(argv, work);
        assertEquals(0, ran.code(), ran.toString());
        return ran.out();
    }

    record Ran(int code, String out) {}

    private static Ran run(List<String> argv, Path dir) throws Exception {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), argv + " did not finish");
        return new Ran(p.exitValue(), out);
    }
}
