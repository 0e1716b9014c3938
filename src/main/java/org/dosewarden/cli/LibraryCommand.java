package org.dosewarden.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dosewarden.channel.LibraryImpactReport;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.lint.DrugLibraryLint;
import org.dosewarden.dose.lint.LintFinding;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.JournalReader;
import org.dosewarden.library.DrugLibraryReader;
import org.dosewarden.library.LibraryReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.dosewarden.json.JsonMappers;

/**
 * {@code dosewarden library lint FILE}: checks a drug-library file before a clinic deploys it;
 * {@code dosewarden library impact --library FILE}: what it would change in the recorded programs (SR-L1).
 */
@Command(name = "library", mixinStandardHelpOptions = true,
        description = "Drug-library tools.",
        subcommands = {LibraryCommand.Lint.class, LibraryCommand.Impact.class})
public final class LibraryCommand {

    public static final int EXIT_CLEAN = 0;
    public static final int EXIT_ERRORS = 1;
    public static final int EXIT_BAD_INPUT = 2;
    /** {@code library impact}: at least one recorded program would have another outcome. */
    public static final int EXIT_CHANGES = 3;

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = {"Validate a drug library (YAML) against the schema and lint it: missing hard limits (warning),",
                "soft limits outside hard ones, protocols that break their own entry's limits, duplicate ids, unit",
                "mismatches, unknown vitals profiles (errors).",
                "Exit codes: 0 no errors (warnings allowed unless --strict), 1 errors, 2 file cannot be read."})
    static final class Lint implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The drug-library YAML file.")
        Path file;

        @Option(names = "--json", description = "Print JSON: {\"file\",\"valid\",\"errors\",\"warnings\",\"findings\":[{\"level\",\"where\",\"message\"}]}.")
        boolean json;

        @Option(names = "--strict", description = "Treat warnings as errors (exit 1).")
        boolean strict;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (!Files.isRegularFile(file)) {
                spec.commandLine().getErr().println("error: no drug-library file at " + file);
                return EXIT_BAD_INPUT;
            }
            LibraryReport report;
            try {
                report = DrugLibraryReader.read(file);
            } catch (IOException e) {
                spec.commandLine().getErr().println("error: cannot read " + file + ": " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
            int errors = report.errors().size();
            int warnings = report.warnings().size();
            if (json) {
                ObjectNode o = JsonMappers.json().createObjectNode();
                o.put("file", file.toString());
                o.put("valid", report.valid());
                report.library().ifPresent(l -> o.put("version", l.version()));
                o.put("errors", errors);
                o.put("warnings", warnings);
                ArrayNode fs = o.putArray("findings");
                for (LintFinding f : report.findings()) {
                    ObjectNode x = fs.addObject();
                    x.put("level", f.level().name());
                    x.put("where", f.where());
                    x.put("message", f.message());
                }
                try {
                    out.println(JsonMappers.json().writerWithDefaultPrettyPrinter().writeValueAsString(o));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                for (LintFinding f : report.findings()) {
                    out.println(f);
                }
                out.println(file + ": " + (report.valid() ? "valid" + report.library().map(l -> " (version " + l.version() + ")").orElse("")
                        : "INVALID") + ", " + errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning"
                        + (warnings == 1 ? "" : "s"));
            }
            out.flush();
            return DrugLibraryLint.hasErrors(report.findings()) || strict && warnings > 0 ? EXIT_ERRORS : EXIT_CLEAN;
        }
    }

    @Command(name = "impact", mixinStandardHelpOptions = true,
            description = {"Before a drug library goes live (SR-L1): replay every program order recorded in the journal",
                "through the candidate library's programming check, with the same patient weight, pump, course history",
                "and overrides, and list each program whose outcome would change and the limits responsible.",
                "Opens the journal read-only: safe while the daemon runs.",
                "Exit codes: 0 nothing changes, 3 something changes, 2 bad input (candidate unreadable or invalid, no",
                "journal, or a recorded order that cannot be replayed)."})
    static final class Impact implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--library", required = true, paramLabel = "CANDIDATE.yaml",
                description = "The candidate drug library (YAML).")
        Path candidateFile;

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = JournalCommand.DEFAULT_DATA_DIR,
                description = "The daemon's data directory (dosewarden.data-dir), holding " + Journal.FILE_NAME
                        + ". Default: ${DEFAULT-VALUE}")
        Path dataDir;

        @Option(names = "--json", description = "Print JSON: {\"library\":{\"current\",\"candidate\"},\"programs\":N,"
                + "\"changed\":[{\"sessionId\",\"channel\",\"drug\",\"programmedAt\",\"before\",\"after\",\"limits\":[..]}]}.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Optional<DrugLibrary> candidate = candidate(err);
            if (candidate.isEmpty()) {
                return EXIT_BAD_INPUT;
            }
            if (!Files.isRegularFile(dataDir.resolve(Journal.FILE_NAME))) {
                err.println("error: no journal at " + dataDir.resolve(Journal.FILE_NAME) + " (is --data-dir right?)");
                return EXIT_BAD_INPUT;
            }
            LibraryImpactReport report;
            try (JournalReader journal = Journal.openForReading(dataDir)) {
                report = LibraryImpactReport.of(journal, Optional.empty(), candidate.get());
            } catch (JournalException e) {
                err.println("error: the journal cannot be read: " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (json) {
                try {
                    out.println(JsonMappers.json().writerWithDefaultPrettyPrinter()
                            .writeValueAsString(report.toJson()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                out.print(report.toText());
            }
            out.flush();
            if (!report.complete()) {
                report.unreadable().forEach(u -> err.println("error: a recorded program order cannot be replayed: " + u));
                err.println("error: the impact is incomplete: " + report.unreadable().size() + " order"
                        + (report.unreadable().size() == 1 ? "" : "s") + " not replayed");
                return EXIT_BAD_INPUT;
            }
            return report.changed().isEmpty() ? EXIT_CLEAN : EXIT_CHANGES;
        }

        /** The candidate, only if it is a valid library (schema and lint errors make it bad input). */
        private Optional<DrugLibrary> candidate(PrintWriter err) {
            if (!Files.isRegularFile(candidateFile)) {
                err.println("error: no drug-library file at " + candidateFile);
                return Optional.empty();
            }
            LibraryReport lint;
            try {
                lint = DrugLibraryReader.read(candidateFile);
            } catch (IOException e) {
                err.println("error: cannot read " + candidateFile + ": " + e.getMessage());
                return Optional.empty();
            }
            if (!lint.valid()) {
                lint.errors().forEach(err::println);
                err.println("error: " + candidateFile + " is not a valid drug library (" + lint.errors().size()
                        + " error" + (lint.errors().size() == 1 ? "" : "s") + "); 'dosewarden library lint' explains");
                return Optional.empty();
            }
            return lint.library();
        }
    }
}
