package org.dosewarden.trace;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code scripts/trace}: builds docs/safety/traceability.md from requirements.md, hazard-log.md and the Surefire
 * reports of the last test run, and fails (exit 1, each problem on its own line) when the safety case is
 * incomplete (see {@link Traceability}). Needs nothing but a JDK: the script compiles this package with javac.
 *
 * <pre>Trace [--root DIR] [--reports DIR] [--out FILE] [--check]</pre>
 * {@code --check} writes nothing, only reports. Exit codes: 0 complete, 1 problems, 2 bad input (a missing file,
 * an unreadable report).
 */
public final class Trace {

    static final int COMPLETE = 0;
    static final int PROBLEMS = 1;
    static final int BAD_INPUT = 2;

    private Trace() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path root = Path.of(".");
        Path reports = null;
        Path page = null;
        boolean write = true;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && !args[i].equals("--check") && i + 1 >= args.length) {
                err.println("trace: option " + args[i] + " needs a value");
                return BAD_INPUT;
            }
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]);
                case "--reports" -> reports = Path.of(args[++i]);
                case "--out" -> page = Path.of(args[++i]);
                case "--check" -> write = false;
                default -> {
                    err.println("trace: unknown argument '" + args[i] + "'; usage: Trace [--root DIR] [--reports DIR] "
                            + "[--out FILE] [--check]");
                    return BAD_INPUT;
                }
            }
        }
        Path safety = root.resolve("docs/safety");
        reports = reports != null ? reports : root.resolve("target/surefire-reports");
        page = page != null ? page : safety.resolve("traceability.md");
        Traceability trace;
        try {
            trace = Traceability.of(Requirements.parse(lines(safety.resolve("requirements.md"))),
                    HazardLog.parse(lines(safety.resolve("hazard-log.md"))), TestReports.read(reports));
        } catch (IOException e) {
            err.println("trace: " + e.getMessage());
            return BAD_INPUT;
        }
        if (write) {
            try {
                Files.writeString(page, TraceabilityPage.render(trace), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("trace: cannot write " + page + ": " + e.getMessage());
                return BAD_INPUT;
            }
        }
        long adopted = trace.requirements().all().stream().filter(r -> r.status() == Requirements.Status.ADOPTED).count();
        out.println("trace: " + adopted + " adopted requirements, " + trace.notYetCovered().size()
                + " not yet covered (in progress), " + trace.hazards().hazards().size() + " hazards, "
                + trace.testsByIncident().size() + " incidents, " + trace.tests().size() + " test cases"
                + (write ? "; wrote " + page : ""));
        trace.readyToAdopt().forEach(r -> out.println("trace: note: " + r.id() + " is in progress (issue " + r.issue()
                + ") but has passing tests: mark it adopted when its feature is complete"));
        if (trace.problems().isEmpty()) {
            return COMPLETE;
        }
        err.println("trace: the safety case is incomplete (" + trace.problems().size() + " problem"
                + (trace.problems().size() == 1 ? "" : "s") + "):");
        trace.problems().forEach(p -> err.println("  - " + p));
        return PROBLEMS;
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no file " + file);
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
