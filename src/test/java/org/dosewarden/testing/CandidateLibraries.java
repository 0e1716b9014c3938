package org.dosewarden.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.library.DrugLibraryReader;
import org.dosewarden.library.LibraryReport;

/**
 * Candidate drug libraries for library-impact tests (SR-L1): the shipped library with a new version and some of
 * ketamine-psych's limits changed. The entry's protocols are left out of every candidate, so a tightened limit is
 * not also a lint error of a protocol that breaks it.
 */
public final class CandidateLibraries {

    /** ketamine-psych's dose-rate limits in the shipped library. */
    public static final String KETAMINE_RATE = "doseRate: {unit: mg/kg/h, softMin: 0.3, softMax: 1.2, hardMax: 1.6}";
    /** ketamine-psych's minimum interval between sessions in the shipped library. */
    public static final String KETAMINE_INTERVAL = "interval: {hardMin: PT20H, softMin: PT44H}";

    private CandidateLibraries() {
    }

    /** The shipped library's YAML text. */
    public static String shipped() {
        try (InputStream in = CandidateLibraries.class.getResourceAsStream("/drug-library.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The shipped library as version {@code version}, without ketamine-psych's protocols, with each
     * {@code replacements[i]} text replaced by {@code replacements[i + 1]} (each must occur exactly once).
     */
    public static String candidate(String version, String... replacements) {
        String yaml = shipped();
        int protocols = yaml.indexOf("        protocols:\n");
        int nextArea = yaml.indexOf("\n  - id: anaesthesia");
        yaml = yaml.substring(0, protocols) + yaml.substring(nextArea + 1);
        yaml = replaceOnce(yaml, "version: \"2025.1-designed\"", "version: \"" + version + "\"");
        for (int i = 0; i < replacements.length; i += 2) {
            yaml = replaceOnce(yaml, replacements[i], replacements[i + 1]);
        }
        return yaml;
    }

    /** The parsed library; fails the test when the candidate does not validate. */
    public static DrugLibrary parse(String yaml) {
        LibraryReport report = DrugLibraryReader.read("candidate", yaml.getBytes(StandardCharsets.UTF_8));
        return report.library().orElseThrow(() -> new AssertionError("candidate library invalid: " + report.errors()));
    }

    /** Writes {@code yaml} to {@code dir/name} and returns the file. */
    public static Path write(Path dir, String name, String yaml) {
        try {
            return Files.writeString(dir.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String replaceOnce(String text, String old, String replacement) {
        int at = text.indexOf(old);
        if (at < 0 || text.indexOf(old, at + 1) >= 0) {
            throw new IllegalArgumentException("'" + old + "' does not occur exactly once in the library");
        }
        return text.substring(0, at) + replacement + text.substring(at + old.length());
    }
}
