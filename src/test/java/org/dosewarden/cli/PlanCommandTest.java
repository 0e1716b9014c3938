package org.dosewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dosewarden.Dosewarden;
import org.dosewarden.library.PrescriptionJsonTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dosewarden plan} and {@code dosewarden library lint} run in-process: exit codes, text and JSON. */
class PlanCommandTest {

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    static Run run(String... args) {
        CommandLine cli = Dosewarden.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static final String[] KETAMINE = {"plan", "--weight", "70kg", "--drug", "ketamine-psych", "--concentration", "1mg/mL"};

    static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    @DisplayName("SR-A3 golden via CLI: 0.5 mg/kg over 40 min -> 52.5 mL/h, 35 mL, exit 0")
    void goldenDoseOverTimeJson() {
        Run r = run(with(KETAMINE, "--dose", "0.5mg/kg", "--over", "40min", "--json"));
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals("ALLOWED", j.at("/decision/outcome").asText());
        assertEquals(0, j.at("/decision/violations").size());
        assertEquals("52.5", j.at("/steps/0/rateMlPerH").decimalValue().toPlainString());
        assertEquals("35", j.at("/steps/0/vtbiMl").decimalValue().toPlainString());
        assertEquals("40", j.at("/steps/0/durationMin").decimalValue().toPlainString());
        assertEquals("35", j.at("/totalDose/value").decimalValue().toPlainString());
        assertEquals("mg", j.at("/totalDose/unit").asText());
        assertEquals("35", j.at("/totalVolumeMl").decimalValue().toPlainString());
    }

    @Test
    @DisplayName("SR-A3 golden via CLI: two-step program -> 231 then 50.4 mL/h")
    void goldenTwoStepJson() {
        Run r = run(with(KETAMINE, "--step", "0.11mg/kg/2min", "--step", "0.60mg/kg/50min", "--json"));
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals("231", j.at("/steps/0/rateMlPerH").decimalValue().toPlainString());
        assertEquals("7.7", j.at("/steps/0/vtbiMl").decimalValue().toPlainString());
        assertEquals("50.4", j.at("/steps/1/rateMlPerH").decimalValue().toPlainString());
        assertEquals("42", j.at("/steps/1/vtbiMl").decimalValue().toPlainString());
        assertEquals("49.7", j.at("/totalVolumeMl").decimalValue().toPlainString());
    }

    @Test
    @DisplayName("SR-A3 golden via CLI: 100 kg, 0.8 mg/kg over 40 min at 2 mg/mL -> 60 mL/h, 40 mL")
    void goldenKareText() {
        Run r = run("plan", "--weight", "100kg", "--drug", "ketamine-psych", "--concentration", "2mg/mL", "--dose", "0.8mg/kg",
                "--over", "40min");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("step 1: 60 mL/h, VTBI 40 mL, 40 min (80 mg)"), r.out());
        assertTrue(r.out().contains("decision: ALLOWED"), r.out());
    }

    @Test
    @DisplayName("SR-A1 via CLI: soft violation exits 3 and tells how to override; overriding every one exits 0")
    void needsOverrideThenOverridden() {
        String[] args = {"plan", "--weight", "70kg", "--drug", "ketamine-psych", "--concentration", "2mg/mL",
            "--dose-rate", "1.5mg/kg/h", "--total", "0.75mg/kg"};
        Run r = run(args);
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("SOFT doseRate.softMax: Dose rate 1.5 mg/kg/h is above the soft maximum 1.2 mg/kg/h"), r.out());
        assertTrue(r.out().contains("--override 'doseRate.softMax=REASON'"), r.out());
        Run ok = run(with(args, "--override", "doseRate.softMax=tolerated at previous sessions", "--json"));
        assertEquals(0, ok.exit(), ok.out());
        assertEquals("ALLOWED", ok.json().at("/decision/outcome").asText());
        assertEquals("doseRate.softMax", ok.json().at("/decision/overrides/0/limitId").asText());
    }

    @Test
    @DisplayName("SR-A1 via CLI: 5523 kg is refused, exit 4, with the weight as most limiting")
    void refusedWeight() {
        Run r = run("plan", "--weight", "5523kg", "--drug", "ketamine-psych", "--concentration", "1mg/mL", "--dose", "0.5mg/kg",
                "--over", "40min", "--json");
        assertEquals(4, r.exit());
        JsonNode most = r.json().at("/decision/mostLimiting");
        assertEquals("weight.hardMax", most.get("limitId").asText());
        assertEquals("HARD", most.get("severity").asText());
        assertEquals("500 kg", most.get("limit").asText());
        assertEquals("5523 kg", most.get("requested").asText());
    }

    @Test
    @DisplayName("SR-A3 via CLI: the New Era profile with a 60 mL syringe gives the golden numbers on its own steps")
    void deviceProfileAndSyringe() {
        Run r = run(with(KETAMINE, "--step", "0.11mg/kg/2min", "--step", "0.60mg/kg/50min", "--profile", "newera-ne1000",
                "--syringe", "bd-plastic-60ml", "--json"));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("231", r.json().at("/steps/0/rateMlPerH").decimalValue().toPlainString());
        assertEquals("50.4", r.json().at("/steps/1/rateMlPerH").decimalValue().toPlainString());
        Run small = run(with(KETAMINE, "--dose", "0.5mg/kg", "--over", "40min", "--profile", "newera-ne1000",
                "--syringe", "bd-plastic-10ml", "--json"));
        assertEquals(4, small.exit(), "35 mL does not fit a 10 mL syringe");
        assertEquals("pump.maxVolume", small.json().at("/decision/mostLimiting/limitId").asText());
    }

    @Test
    void unknownDrugIsRefusedNotABadInput() {
        Run r = run("plan", "--weight", "70kg", "--drug", "ketamine", "--concentration", "1mg/mL", "--dose", "0.5mg/kg",
                "--over", "40min", "--json");
        assertEquals(4, r.exit());
        assertEquals("drug.unknown", r.json().at("/decision/violations/0/limitId").asText());
        assertTrue(r.json().at("/steps").isEmpty());
        assertTrue(r.json().at("/totalDose").isNull());
    }

    @Test
    void badInputExitsTwoAndNamesTheProblem() {
        Run unit = run(with(KETAMINE, "--dose", "0.5mgg/kg", "--over", "40min"));
        assertEquals(2, unit.exit());
        assertTrue(unit.err().contains("--dose: unknown dose unit '0.5mgg/kg'") || unit.err().contains("'mgg/kg'"), unit.err());
        Run forms = run(with(KETAMINE, "--dose", "0.5mg/kg", "--over", "40min", "--dose-rate", "1mg/kg/h"));
        assertEquals(2, forms.exit());
        assertTrue(forms.err().contains("give only one of --dose, --step, --dose-rate"), forms.err());
        Run none = run(KETAMINE);
        assertEquals(2, none.exit());
        Run mismatch = run("plan", "--weight", "70kg", "--drug", "heparin", "--concentration", "50units/mL", "--dose-rate",
                "18mg/kg/h", "--over", "1h", "--json");
        assertEquals(4, mismatch.exit(), "a mass dose for a drug dosed in units is refused");
        assertEquals("dose.unit", mismatch.json().at("/decision/violations/0/limitId").asText());
        Run picocliUsage = run("plan", "--no-such-option");
        assertEquals(2, picocliUsage.exit());
        Run profile = run(with(KETAMINE, "--dose", "0.5mg/kg", "--over", "40min", "--profile", "no-such-pump"));
        assertEquals(2, profile.exit());
        assertTrue(profile.err().contains("unknown device profile 'no-such-pump'"), profile.err());
        Run noSyringe = run(with(KETAMINE, "--dose", "0.5mg/kg", "--over", "40min", "--profile", "newera-ne1000"));
        assertEquals(2, noSyringe.exit());
        assertTrue(noSyringe.err().contains("needs --syringe ID; syringes: bd-plastic-1ml"), noSyringe.err());
    }

    @Test
    void prescriptionFileInTheWireShape(@TempDir Path dir) throws IOException {
        Path rx = dir.resolve("rx.json");
        Files.writeString(rx, PrescriptionJsonTest.HEAD + "\"doseRate\":{\"value\":0.75,\"unit\":\"mg/kg/h\"},"
                + "\"totalDose\":{\"value\":0.5,\"unit\":\"mg/kg\"}}", StandardCharsets.UTF_8);
        Run r = run("plan", "--prescription", rx.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals("52.5", r.json().at("/steps/0/rateMlPerH").decimalValue().toPlainString());
        assertEquals("40", r.json().at("/steps/0/durationMin").decimalValue().toPlainString());
        Run both = run("plan", "--prescription", rx.toString(), "--weight", "80kg");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("drop --weight"), both.err());
        Files.writeString(rx, "{\"patientId\":\"P\"}");
        Run bad = run("plan", "--prescription", rx.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("field 'weight': missing"), bad.err());
    }

    @Test
    void anotherLibraryFileAndAnInvalidOne(@TempDir Path dir) throws IOException {
        String shipped;
        try (var in = getClass().getResourceAsStream("/drug-library.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path lib = dir.resolve("clinic.yaml");
        // a clinic that wants a look at every patient above 60 kg
        Files.writeString(lib, shipped.replace("  - id: psychiatry\n    displayName: \"Psychiatry — ketamine sessions\"\n"
                + "    weight: {unit: kg, hardMin: 30, softMin: 40, softMax: 200, hardMax: 500}",
                "  - id: psychiatry\n    displayName: \"Psychiatry — ketamine sessions\"\n"
                + "    weight: {unit: kg, hardMin: 30, softMin: 40, softMax: 60, hardMax: 500}"));
        Run r = run(with(KETAMINE, "--dose", "0.5mg/kg", "--over", "40min", "--library", lib.toString()));
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("SOFT weight.softMax: Weight 70 kg is above the soft maximum 60 kg"), r.out());
        Files.writeString(lib, shipped.replace("doseRate: {unit: mg/kg/h, softMin: 0.3, softMax: 1.2, hardMax: 1.6}",
                "doseRate: {unit: mg/kg/h, softMin: 0.3, softMax: 2, hardMax: 1.6}"));
        Run invalid = run(with(KETAMINE, "--dose", "0.5mg/kg", "--over", "40min", "--library", lib.toString()));
        assertEquals(2, invalid.exit());
        assertTrue(invalid.err().contains("is invalid (1 error)") && invalid.err().contains("soft limit outside hard limit"),
                invalid.err());
    }

    @Test
    void lintExitCodesAndJson(@TempDir Path dir) throws IOException {
        String shipped;
        try (var in = getClass().getResourceAsStream("/drug-library.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, shipped);
        Run clean = run("library", "lint", ok.toString());
        assertEquals(0, clean.exit(), clean.out());
        assertTrue(clean.out().contains("WARNING adult-critical-care/heparin doseRate: no hard maximum dose rate"), clean.out());
        assertTrue(clean.out().contains("valid (version 2025.1-designed), 0 errors, 2 warnings"), clean.out());
        assertEquals(1, run("library", "lint", "--strict", ok.toString()).exit());

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, shipped.replace("      - id: midazolam\n", "      - id: fentanyl\n"));
        Run lint = run("library", "lint", "--json", bad.toString());
        assertEquals(1, lint.exit());
        JsonNode j = lint.json();
        assertEquals(false, j.get("valid").asBoolean());
        assertEquals(1, j.get("errors").asInt());
        assertEquals("ERROR", j.at("/findings/0/level").asText());
        assertEquals("duplicate drug entry id 'fentanyl'", j.at("/findings/0/message").asText());

        assertEquals(2, run("library", "lint", dir.resolve("missing.yaml").toString()).exit());
    }
}
