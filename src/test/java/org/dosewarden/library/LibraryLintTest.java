package org.dosewarden.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dosewarden.dose.lint.LintFinding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Broken libraries: each defect is reported with where it is and what rule it breaks, and the library does not load. */
class LibraryLintTest {

    static String shipped;

    @BeforeAll
    static void readShipped() throws IOException {
        try (InputStream in = LibraryLintTest.class.getResourceAsStream("/drug-library.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The shipped library with {@code from} replaced by {@code to} (which must occur exactly once). */
    static LibraryReport broken(String from, String to) {
        int at = shipped.indexOf(from);
        assertTrue(at >= 0 && shipped.indexOf(from, at + 1) < 0, "test fixture: '" + from + "' must occur exactly once");
        return DrugLibraryReader.read("test.yaml", shipped.replace(from, to).getBytes(StandardCharsets.UTF_8));
    }

    static void assertError(LibraryReport report, String where, String messagePart) {
        assertFalse(report.valid(), "a library with errors must not load");
        assertTrue(report.errors().stream().anyMatch(f -> f.where().equals(where) && f.message().contains(messagePart)),
                () -> "expected an error at " + where + " containing '" + messagePart + "', got:\n" + report.findings());
    }

    @Test
    void unknownKeyIsASchemaError() {
        LibraryReport r = broken("        kvoAllowed: false\n        protocols:", "        kvoAllowed: false\n        kvoRate: 1\n        protocols:");
        assertError(r, "$.careAreas[0].entries[0]", "kvoRate");
    }

    @Test
    void missingRequiredFieldIsASchemaError() {
        LibraryReport r = broken("version: \"2025.1-designed\"\n", "");
        assertError(r, "$", "version");
    }

    @Test
    void unreadableYamlAndDuplicateKeysAreErrors() {
        assertError(DrugLibraryReader.read("t.yaml", "careAreas: [\n".getBytes(StandardCharsets.UTF_8)), "t.yaml:1", "not readable YAML");
        LibraryReport dup = broken("        highAlert: false\n        vitalsProfile: designed-default\n",
                "        highAlert: false\n        highAlert: true\n        vitalsProfile: designed-default\n");
        assertFalse(dup.valid());
        assertTrue(dup.errors().getFirst().message().contains("Duplicate field 'highAlert'"), dup.findings().toString());
    }

    @Test
    @DisplayName("lint: a soft limit outside its hard limit is an error")
    void softOutsideHard() {
        LibraryReport r = broken("doseRate: {unit: mg/kg/h, softMin: 0.3, softMax: 1.2, hardMax: 1.6}",
                "doseRate: {unit: mg/kg/h, softMin: 0.3, softMax: 2, hardMax: 1.6}");
        assertError(r, "psychiatry/ketamine-psych doseRate", "soft limit outside hard limit: softMax 2 mg/kg/h is above hardMax 1.6 mg/kg/h");
    }

    @Test
    @DisplayName("lint: limits out of order (minimum above maximum) are an error")
    void minAboveMax() {
        LibraryReport r = broken("duration: {hardMin: PT30M, softMin: PT40M, softMax: PT100M, hardMax: PT3H}",
                "duration: {hardMin: PT30M, softMin: PT120M, softMax: PT100M, hardMax: PT3H}");
        assertError(r, "psychiatry/ketamine-psych doseOverTime.duration", "limits out of order: softMin 120 min is above softMax 100 min");
    }

    @Test
    @DisplayName("lint: duplicate ids are errors")
    void duplicateIds() {
        LibraryReport r = broken("      - id: midazolam\n", "      - id: fentanyl\n");
        assertError(r, "adult-critical-care", "duplicate drug entry id 'fentanyl'");
        LibraryReport areas = broken("  - id: anaesthesia\n", "  - id: psychiatry\n");
        assertError(areas, "careAreas", "duplicate care area id 'psychiatry'");
    }

    @Test
    @DisplayName("lint: limits in drug units for a drug dosed by mass are a unit mismatch")
    void unitMismatch() {
        LibraryReport r = broken("        sessionTotal: {unit: mg, hardMax: 15}", "        sessionTotal: {unit: \"[iU]\", hardMax: 15}");
        assertError(r, "adult-critical-care/morphine-pca sessionTotal", "unit mismatch: sessionTotal limits are not mass like the dosing unit mg/h");
        LibraryReport perKg = broken("doseRate: {unit: ug/kg/min, softMin: 1, softMax: 55, hardMax: 100}",
                "doseRate: {unit: ug/min, softMin: 1, softMax: 55, hardMax: 100}");
        assertError(perKg, "anaesthesia/propofol doseRate", "dose-rate limits are not per kg but the dosing unit is ug/kg/min");
    }

    @Test
    @DisplayName("lint: an unknown unit code is an error naming the unit and the field")
    void unknownUnit() {
        LibraryReport r = broken("dosingUnit: ug/min", "dosingUnit: ug/mn");
        assertError(r, "$.careAreas[2].entries[5].dosingUnit", "'ug/mn'");
    }

    @Test
    @DisplayName("lint: a protocol that breaks its own entry's limits is an error")
    void protocolBreaksItsEntry() {
        LibraryReport r = broken("            dose: 0.8 mg/kg\n", "            dose: 1.2 mg/kg\n");
        assertError(r, "psychiatry/ketamine-psych protocol aud-kare",
                "breaks its own entry's hard limit doseOverTime.dose.hardMax (at 70 kg, 1 mg/mL): Dose 1.2 mg/kg is above the hard maximum 1 mg/kg");
        LibraryReport loading = broken("- {dose: 0.11 mg/kg, duration: PT2M}", "- {dose: 0.11 mg/kg, duration: PT1M}");
        assertError(loading, "psychiatry/ketamine-psych protocol sud-two-step", "loadingStep.duration.hardMin");
        assertError(loading, "psychiatry/ketamine-psych protocol sud-two-step", "loadingStep.doseRate.hardMax");
    }

    @Test
    @DisplayName("lint: an entry naming an unknown vitals profile is an error")
    void unknownVitalsProfile() {
        LibraryReport r = broken("        vitalsProfile: designed-default\n", "        vitalsProfile: designed-defualt\n");
        assertError(r, "psychiatry/ketamine-psych vitalsProfile", "unknown vitals profile 'designed-defualt'");
    }

    @Test
    @DisplayName("lint: a standard concentration outside its own limits is an error")
    void standardConcentrationOutsideLimits() {
        LibraryReport r = broken("standard: [1, 2], hardMin: 0.5", "standard: [1, 10], hardMin: 0.5");
        assertError(r, "psychiatry/ketamine-psych concentration", "standard concentration 10 mg/mL is outside its own hard maximum 5 mg/mL");
    }

    @Test
    @DisplayName("lint: a missing hard limit is allowed but flagged")
    void missingHardLimitIsAWarning() {
        LibraryReport r = broken("doseRate: {unit: mg/h, softMax: 5, hardMax: 10}", "doseRate: {unit: mg/h, softMax: 5}");
        assertTrue(r.valid(), r.findings().toString());
        assertTrue(r.warnings().contains(LintFinding.warning("adult-critical-care/midazolam doseRate",
                "no hard maximum dose rate: a tenfold rate would only need an override")), r.findings().toString());
        LibraryReport weight = broken("  - id: anaesthesia\n    displayName: \"Anaesthesia — adult\"\n    weight: {unit: kg, hardMin: 30, softMin: 40, softMax: 200, hardMax: 500}",
                "  - id: anaesthesia\n    displayName: \"Anaesthesia — adult\"\n    weight: {unit: kg, hardMin: 30, softMin: 40, softMax: 200}");
        assertTrue(weight.warnings().stream().anyMatch(f -> f.where().equals("anaesthesia weight")), weight.findings().toString());
    }

    @Test
    void vitalLimitsMustBeWellFormed() {
        LibraryReport r = broken("hardLimits: [\"sbp >= 180\", \"dbp >= 110\", \"hr >= 130\", \"spo2 < 90\", \"rr < 8\"]",
                "hardLimits: [\"sbp => 180\", \"dbp >= 110\", \"hr >= 130\", \"spo2 < 90\", \"rr < 8\"]");
        assertError(r, "$.vitalsProfiles[0].hardLimits[0]", "does not match the regex pattern");
    }

    @Test
    void everyErrorIsReportedNotJustTheFirst() {
        String text = shipped.replace("doseRate: {unit: mg/kg/h, softMin: 0.3, softMax: 1.2, hardMax: 1.6}",
                        "doseRate: {unit: mg/kg/h, softMin: 0.3, softMax: 2, hardMax: 1.6}")
                .replace("        vitalsProfile: designed-default\n", "        vitalsProfile: nope\n");
        LibraryReport r = DrugLibraryReader.read("t.yaml", text.getBytes(StandardCharsets.UTF_8));
        List<String> where = r.errors().stream().map(LintFinding::where).toList();
        assertTrue(where.contains("psychiatry/ketamine-psych doseRate") && where.contains("psychiatry/ketamine-psych vitalsProfile"),
                r.findings().toString());
        assertEquals(List.of(), r.errors().stream().filter(f -> !f.isError()).toList());
    }
}
