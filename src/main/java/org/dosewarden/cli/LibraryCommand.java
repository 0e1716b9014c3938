package org.dosewarden.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dosewarden.dose.lint.DrugLibraryLint;
import org.dosewarden.dose.lint.LintFinding;
import org.dosewarden.library.DrugLibraryReader;
import org.dosewarden.library.LibraryReport;
import org.dosewarden.library.PrescriptionJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dosewarden library lint FILE}: checks a drug-library file before a clinic deploys it. */
@Command(name = "library", mixinStandardHelpOptions = true,
        description = "Drug-library tools.",
        subcommands = {LibraryCommand.Lint.class})
public final class LibraryCommand {

    public static final int EXIT_CLEAN = 0;
    public static final int EXIT_ERRORS = 1;
    public static final int EXIT_BAD_INPUT = 2;

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
                ObjectNode o = PrescriptionJson.mapper().createObjectNode();
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
                    out.println(PrescriptionJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
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
}
