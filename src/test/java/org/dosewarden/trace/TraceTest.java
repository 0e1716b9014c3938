package org.dosewarden.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/trace's checks, on small requirement files, hazard logs and Surefire reports written here. */
class TraceTest {

    @TempDir
    Path root;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    static final String REQUIREMENTS = """
            # Safety requirements
            ### SR-A1 Hard limits refuse
            - **Status:** adopted
            - **Requirement:** text
            ### SR-A2 Running infusion unchanged
            - **Status:** adopted
            ### SR-W1 Ward view never looks live
            - **Status:** in-progress (issue 12)
            """;

    static final String HAZARDS = """
            # Hazard log
            ## Over-infusion
            ### H-01 Rate error
            | Layer | Risk control | Requirements |
            |---|---|---|
            | Programming check | **Hard limits** — ProgrammingCheck refuses. | SR-A1 |
            | Supervision | **Nothing changes** — refused while running. | SR-A2, SR-W1 |
            | Process | **Pharmacy review** | — |
            Incidents: INCIDENT-1.
            """;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(root.resolve("docs/safety"));
        Files.createDirectories(root.resolve("target/surefire-reports"));
        write("docs/safety/requirements.md", REQUIREMENTS);
        write("docs/safety/hazard-log.md", HAZARDS);
    }

    @Test
    @DisplayName("a complete safety case passes and the page traces requirement → tests and hazard → control → tests")
    void complete() throws IOException {
        report("org.dosewarden.x.LimitTest", passed("SR-A1: hard limit refuses"),
                passed("INCIDENT-1: the rate step is caught (SR-A1, SR-A2)"), passed("noRequirementNamed()"));
        assertEquals(Trace.COMPLETE, run(), err());
        String page = Files.readString(root.resolve("docs/safety/traceability.md"));
        assertTrue(page.contains("### SR-A1 Hard limits refuse\n\nadopted; 2 passing tests."), page);
        assertTrue(page.contains("- pass · `LimitTest` SR-A1: hard limit refuses"), page);
        assertTrue(page.contains("| Programming check | Hard limits | SR-A1 | SR-A1: 2 |"), page);
        assertTrue(page.contains("| Supervision | Nothing changes | SR-A2, SR-W1 (in progress, issue 12) | SR-A2: 1, SR-W1: 0 |"),
                page);
        assertTrue(page.contains("| Process | Pharmacy review | — | process control, not tested here |"), page);
        assertTrue(page.contains("### INCIDENT-1\n\n- pass · `LimitTest` INCIDENT-1: the rate step is caught"), page);
        assertTrue(page.contains("- SR-W1 Ward view never looks live — issue 12"), page);
        assertTrue(page.contains("| Problems | none |"), page);
    }

    @Test
    @DisplayName("the invocations of a parameterised test are one line with their count; distinct tests stay apart")
    void parameterisedInvocationsCollapse() throws IOException {
        report("org.dosewarden.x.TableTest", passed("SR-A1 table: every state is refused the same way IDLE × START"),
                passed("SR-A1 table: every state is refused the same way RUNNING × START"),
                passed("SR-A1 table: every state is refused the same way PAUSED × START"),
                passed("SR-A2: one test"), passed("SR-A2: another test"), passed("INCIDENT-1: caught"));
        assertEquals(Trace.COMPLETE, run(), err());
        String page = Files.readString(root.resolve("docs/safety/traceability.md"));
        assertTrue(page.contains("- pass · `TableTest` SR-A1 table: every state is refused the same way … (3 cases)\n"),
                page);
        assertTrue(page.contains("- pass · `TableTest` SR-A2: one test\n- pass · `TableTest` SR-A2: another test\n"), page);
    }

    @Test
    @DisplayName("an adopted requirement without a passing test fails; an in-progress one is only listed")
    void adoptedWithoutTestFails() throws IOException {
        report("org.dosewarden.x.LimitTest", passed("SR-A1: refuses"), passed("INCIDENT-1: caught"),
                skipped("SR-A2: skipped is not passing"));
        assertEquals(Trace.PROBLEMS, run());
        assertTrue(err().contains("SR-A2 (Running infusion unchanged) is adopted but no passing test names it (1 named, "
                + "none passed)"), err());
        assertTrue(!err().contains("SR-W1"), "in progress, not a problem: " + err());
    }

    @Test
    @DisplayName("a failing test of a requirement or an incident fails trace, naming the test")
    void failingTestFails() throws IOException {
        report("org.dosewarden.x.LimitTest", passed("SR-A1: refuses"), failed("SR-A2: unchanged"),
                passed("SR-A2: other"), failed("INCIDENT-1: caught"));
        assertEquals(Trace.PROBLEMS, run());
        assertTrue(err().contains("SR-A2: test failed: LimitTest \"SR-A2: unchanged\""), err());
        assertTrue(err().contains("INCIDENT-1: regression test failed: LimitTest \"INCIDENT-1: caught\""), err());
        assertTrue(err().contains("INCIDENT-1 is cited by the hazard log but no passing test's name starts 'INCIDENT-1:'"),
                err());
    }

    @Test
    @DisplayName("a test naming an unknown requirement fails trace")
    void unknownRequirementInTest() throws IOException {
        report("org.dosewarden.x.LimitTest", passed("SR-A1/SR-A2: both"), passed("INCIDENT-1: caught"),
                passed("SR-Z9: nobody adopted this"));
        assertEquals(Trace.PROBLEMS, run());
        assertTrue(err().contains("unknown requirement SR-Z9 named by 1 test, e.g. LimitTest \"SR-Z9: nobody adopted this\""),
                err());
    }

    @Test
    @DisplayName("a hazard naming an unknown requirement fails trace, with the hazard's line")
    void unknownRequirementInHazard() throws IOException {
        write("docs/safety/hazard-log.md", HAZARDS.replace("| SR-A1 |", "| SR-A1, SR-Q7 |"));
        report("org.dosewarden.x.LimitTest", passed("SR-A1 and SR-A2"), passed("INCIDENT-1: caught"));
        assertEquals(Trace.PROBLEMS, run());
        assertTrue(err().contains("H-01 (hazard-log.md line 3) names unknown requirement SR-Q7"), err());
    }

    @Test
    @DisplayName("a requirement without a status line, or with a status trace does not know, fails trace")
    void malformedRequirements() throws IOException {
        write("docs/safety/requirements.md", REQUIREMENTS.replace("- **Status:** in-progress (issue 12)",
                "- **Status:** soon"));
        report("org.dosewarden.x.LimitTest", passed("SR-A1 and SR-A2"), passed("INCIDENT-1: caught"));
        assertEquals(Trace.PROBLEMS, run());
        assertTrue(err().contains("requirements.md line 7: SR-W1 has no '- **Status:** adopted | in-progress (issue N) | "
                + "withdrawn (reason)' line"), err());
    }

    @Test
    @DisplayName("no reports, or an unreadable one, is bad input (exit 2); --check writes nothing")
    void noReports() throws IOException {
        assertEquals(Trace.PROBLEMS, run("--check"));
        assertTrue(err().contains("no test results"), err());
        assertTrue(!Files.exists(root.resolve("docs/safety/traceability.md")));
        write("target/surefire-reports/TEST-broken.xml", "<testsuite><testcase name=");
        assertEquals(Trace.BAD_INPUT, run());
        assertTrue(err().contains("TEST-broken.xml is not well-formed XML"), err());
    }

    @Test
    @DisplayName("the project's own requirements and hazard log parse cleanly, and every SR id the hazard log names is defined")
    void projectDocumentsAreConsistent() throws IOException {
        Path docs = Path.of("docs/safety");
        Requirements requirements = Requirements.parse(Files.readAllLines(docs.resolve("requirements.md")));
        HazardLog hazards = HazardLog.parse(Files.readAllLines(docs.resolve("hazard-log.md")));
        assertEquals(List.of(), requirements.problems());
        assertEquals(List.of(), hazards.problems());
        for (HazardLog.Hazard h : hazards.hazards()) {
            for (String id : h.requirementsNamed()) {
                assertTrue(requirements.knows(id), h.id() + " names " + id + ", which requirements.md does not define");
            }
        }
        assertTrue(hazards.hazards().size() >= 19, "hazards: " + hazards.hazards().size());
        assertTrue(hazards.incidentsCited().containsAll(List.of("INCIDENT-1", "INCIDENT-2", "INCIDENT-3")),
                hazards.incidentsCited().toString());
    }

    // ----- fixtures -----

    int run(String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "--root";
        args[1] = root.toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        return Trace.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    void write(String path, String text) throws IOException {
        Files.writeString(root.resolve(path), text);
    }

    static String passed(String name) {
        return "<testcase name=\"" + name + "\" classname=\"%s\" time=\"0.01\"/>";
    }

    static String failed(String name) {
        return "<testcase name=\"" + name + "\" classname=\"%s\" time=\"0.01\"><failure message=\"boom\">trace</failure>"
                + "</testcase>";
    }

    static String skipped(String name) {
        return "<testcase name=\"" + name + "\" classname=\"%s\" time=\"0\"><skipped/></testcase>";
    }

    void report(String className, String... cases) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"" + className
                + "\" tests=\"" + cases.length + "\">\n");
        for (String c : cases) {
            xml.append("  ").append(c.formatted(className)).append('\n');
        }
        xml.append("</testsuite>\n");
        write("target/surefire-reports/TEST-" + className + ".xml", xml.toString());
    }
}
