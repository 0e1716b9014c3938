package org.dosewarden.dose.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.library.DrugLibraryReader;
import org.dosewarden.library.LibraryReport;
import org.dosewarden.testing.Orders;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SR-L2: what a pharmacist reads from {@code dosewarden library lint}: every finding of a small library, in
 * library order, with where it is and the limit or rule it breaks. Each test breaks one thing in a library that
 * is otherwise clean and asserts the whole list, so a check that goes quiet, fires where it should not, or names
 * the wrong limit is noticed.
 */
class DrugLibraryLintTest {

    /** A clean entry: mg/h dosing, one standard concentration inside its limits, every hard limit set. */
    static final String ENTRY = """
                  - id: drugx
                    drug: drugx
                    displayName: "drug x"
                    forms: [doseRate]
                    dosingUnit: mg/h
                    concentration: {unit: mg/mL, standard: [1], hardMin: 0.5, softMin: 1, softMax: 1, hardMax: 2}
                    doseRate: {unit: mg/h, softMin: 1, softMax: 2, hardMax: 3}
                    highAlert: false
                    vitalsProfile: vp1
                    kvoAllowed: true
            """;

    static final String PROFILE = """
              - id: %s
                required: false
                startGate: ["spo2 < 94"]
                startGateMaxAge: PT10M
                softLimits: ["spo2 < 94"]
                softConsecutiveReadings: 2
                hardLimits: ["spo2 < 90"]
                spo2HardHold: PT30S
                bloodPressureMaxAge: PT15M
                continuousMaxGap: PT30S
            """;

    static final String WEIGHT = "weight: {unit: kg, hardMin: 30, softMin: 40, softMax: 200, hardMax: 500}";

    /** A library with profiles vp1 and vp2 and one care area "ward" holding {@code entries}. */
    static String library(String weight, String... entries) {
        return "schemaVersion: 1\nversion: \"t1\"\nname: \"lint test\"\nvitalsProfiles:\n" + PROFILE.formatted("vp1")
                + PROFILE.formatted("vp2") + "careAreas:\n  - id: ward\n    displayName: \"Ward\"\n    " + weight
                + "\n    entries:\n" + String.join("", entries);
    }

    /** The clean entry with each {@code replacements[i]} replaced by {@code replacements[i + 1]} (exactly once). */
    static String entry(String... replacements) {
        String text = ENTRY;
        for (int i = 0; i < replacements.length; i += 2) {
            int at = text.indexOf(replacements[i]);
            assertTrue(at >= 0 && text.indexOf(replacements[i], at + 1) < 0, "fixture: '" + replacements[i] + "' once");
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        return text;
    }

    /** Every finding the lint gives for {@code yaml}, as the command prints them. */
    static List<String> findings(String yaml) {
        LibraryReport report = DrugLibraryReader.read("t.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        return report.findings().stream().map(LintFinding::toString).toList();
    }

    static List<String> findingsOf(String... replacements) {
        return findings(library(WEIGHT, entry(replacements)));
    }

    @Test
    @DisplayName("SR-L2: the shipped library loads with exactly its two known gaps, heparin's and norepinephrine's missing hard maximum rate")
    void shippedLibraryHasOnlyItsKnownGaps() {
        DrugLibrary shipped = Orders.LIBRARY;
        List<LintFinding> lint = DrugLibraryLint.lint(shipped);
        assertEquals(List.of(
                "WARNING adult-critical-care/heparin doseRate: no hard maximum dose rate: a tenfold rate would only need an override",
                "WARNING adult-critical-care/norepinephrine doseRate: no hard maximum dose rate: a tenfold rate would only need an override"),
                lint.stream().map(LintFinding::toString).toList());
        assertFalse(DrugLibraryLint.hasErrors(lint));
    }

    @Test
    @DisplayName("SR-L2: a clean entry gives no finding; limits equal to each other (soft = hard, standard = soft) are in order")
    void cleanEntryHasNoFindings() {
        assertEquals(List.of(), findings(library(WEIGHT, ENTRY)));
        assertEquals(List.of(), findingsOf("softMin: 1, softMax: 2, hardMax: 3", "softMin: 2, softMax: 3, hardMax: 3"));
    }

    @Test
    @DisplayName("SR-L2: care-area weight: a soft limit outside the hard one is an error naming both; no hard maximum is a warning")
    void weightLimits() {
        assertEquals(List.of("ERROR ward weight: soft limit outside hard limit: hardMin 30 kg is above softMin 20 kg"),
                findings(library("weight: {unit: kg, hardMin: 30, softMin: 20, softMax: 200, hardMax: 500}", ENTRY)));
        assertEquals(List.of("WARNING ward weight: no hard maximum weight: an implausible weight (e.g. 5523 kg) would not be refused"),
                findings(library("weight: {unit: kg, hardMin: 30, softMin: 40, softMax: 200}", ENTRY)));
    }

    @Test
    @DisplayName("SR-L2: limits out of order are named with both values; a soft maximum above the hard one is 'outside'")
    void limitsOutOfOrder() {
        assertEquals(List.of("ERROR ward/drugx doseRate: limits out of order: softMin 2.5 mg/h is above softMax 2 mg/h"),
                findingsOf("softMin: 1, softMax: 2", "softMin: 2.5, softMax: 2"));
        assertEquals(List.of("ERROR ward/drugx doseRate: soft limit outside hard limit: softMax 4 mg/h is above hardMax 3 mg/h"),
                findingsOf("softMax: 2, hardMax: 3", "softMax: 4, hardMax: 3"));
        assertEquals(List.of("ERROR ward/drugx concentration: soft limit outside hard limit: hardMin 1.5 mg/mL is above softMin 1 mg/mL",
                "ERROR ward/drugx concentration: soft limit outside hard limit: hardMin 1.5 mg/mL is above softMax 1 mg/mL",
                "ERROR ward/drugx concentration: standard concentration 1 mg/mL is outside its own hard minimum 1.5 mg/mL"),
                findingsOf("hardMin: 0.5", "hardMin: 1.5"));
    }

    @Test
    @DisplayName("SR-L2: dose-rate limits per kg for a dosing unit that is not, and the reverse, are unit mismatches")
    void perKgMismatch() {
        assertEquals(List.of("ERROR ward/drugx doseRate: unit mismatch: dose-rate limits are per kg but the dosing unit is mg/h"),
                findingsOf("unit: mg/h,", "unit: mg/kg/h,"));
        assertEquals(List.of("ERROR ward/drugx doseRate: unit mismatch: dose-rate limits are not per kg but the dosing unit is mg/kg/h"),
                findingsOf("dosingUnit: mg/h", "dosingUnit: mg/kg/h"));
    }

    @Test
    @DisplayName("SR-L2: limits in units where the dosing unit is mg are a unit mismatch; their order is not checked across kinds")
    void kindMismatch() {
        assertEquals(List.of("ERROR ward/drugx doseRate: unit mismatch: doseRate limits are not mass like the dosing unit mg/h"),
                findingsOf("unit: mg/h,", "unit: \"[iU]/h\","));
    }

    @Test
    @DisplayName("SR-L2: every limit group is checked for order: dose over time, loading step, session total and course limits")
    void everyGroupIsOrdered() {
        String groups = "doseOverTime:\n          dose: {unit: mg, softMax: 6, hardMax: 5}\n"
                + "          duration: {hardMin: PT10M, softMax: PT120M, hardMax: PT60M}\n"
                + "        steps:\n          maxSteps: 2\n          loading:\n"
                + "            dose: {unit: mg, softMax: 2, hardMax: 1}\n"
                + "            duration: {softMax: PT10M, hardMax: PT5M}\n"
                + "            doseRate: {unit: mg/h, softMax: 7, hardMax: 6}\n"
                + "        sessionTotal: {unit: mg, softMax: 11, hardMax: 10}\n"
                + "        course:\n          interval: {hardMin: PT20H, softMin: PT10H}\n"
                + "          sessions: {softMax: 9, hardMax: 8}\n"
                + "          dosePer7Days: {unit: mg, softMax: 40, hardMax: 30}\n        ";
        assertEquals(List.of(
                "ERROR ward/drugx doseOverTime.dose: soft limit outside hard limit: softMax 6 mg is above hardMax 5 mg",
                "ERROR ward/drugx doseOverTime.duration: soft limit outside hard limit: softMax 120 min is above hardMax 60 min",
                "ERROR ward/drugx loadingStep.dose: soft limit outside hard limit: softMax 2 mg is above hardMax 1 mg",
                "ERROR ward/drugx loadingStep.duration: soft limit outside hard limit: softMax 10 min is above hardMax 5 min",
                "ERROR ward/drugx loadingStep.doseRate: soft limit outside hard limit: softMax 7 mg/h is above hardMax 6 mg/h",
                "ERROR ward/drugx sessionTotal: soft limit outside hard limit: softMax 11 mg is above hardMax 10 mg",
                "ERROR ward/drugx course.interval: soft limit outside hard limit: hardMin 20 h is above softMin 10 h",
                "ERROR ward/drugx course.sessions: soft limit outside hard limit: softMax 9 is above hardMax 8",
                "ERROR ward/drugx course.dosePer7Days: soft limit outside hard limit: softMax 40 mg is above hardMax 30 mg"),
                findingsOf("forms: [doseRate]", "forms: [doseRate, doseOverTime, steps]", "    highAlert", "    " + groups + "highAlert"));
    }

    @Test
    @DisplayName("SR-L2: missing hard limits are warnings: minimum concentration, maximum dose rate")
    void missingHardLimits() {
        assertEquals(List.of("WARNING ward/drugx concentration: no hard minimum concentration"),
                findingsOf("hardMin: 0.5, ", ""));
        assertEquals(List.of("WARNING ward/drugx doseRate: no hard maximum dose rate: a tenfold rate would only need an override"),
                findingsOf(", hardMax: 3}", "}"));
    }

    @Test
    @DisplayName("SR-L2: a dose over time or steps without a hard maximum dose or minimum duration is warned about, for either form")
    void doseOverTimeGaps() {
        String gaps = "    doseOverTime:\n          dose: {unit: mg, softMax: 5}\n          duration: {softMin: PT10M}\n        ";
        List<String> expected = List.of(
                "WARNING ward/drugx doseOverTime.dose: no hard maximum dose for a dose over time",
                "WARNING ward/drugx doseOverTime.duration: no hard minimum duration for a dose over time");
        assertEquals(expected, findingsOf("forms: [doseRate]", "forms: [doseRate, doseOverTime]", "    highAlert", gaps + "highAlert"));
        List<String> steps = findingsOf("forms: [doseRate]", "forms: [steps]", "    highAlert", gaps + "highAlert");
        assertEquals(expected, steps);
        assertEquals(List.of(), findingsOf("    highAlert", gaps + "highAlert"));
    }

    @Test
    @DisplayName("SR-L2: two-step limits: loading-step gaps are warned about, step limits without the steps form too")
    void stepLimits() {
        String doseOverTime = "    doseOverTime:\n          dose: {unit: mg, hardMax: 5}\n          duration: {hardMin: PT10M}\n        ";
        String steps = "steps:\n          maxSteps: 2\n          loading:\n            dose: {unit: mg, softMax: 1}\n"
                + "            doseRate: {unit: mg/h, softMax: 3}\n        ";
        assertEquals(List.of("WARNING ward/drugx loadingStep.doseRate: no hard maximum loading-step dose rate",
                "WARNING ward/drugx loadingStep.dose: no hard maximum loading-step dose"),
                findingsOf("forms: [doseRate]", "forms: [steps]", "    highAlert", doseOverTime + steps + "highAlert"));
        assertEquals(List.of("WARNING ward/drugx steps: step limits are set but the steps form is not allowed"),
                findingsOf("    highAlert", doseOverTime + steps + "highAlert"));
        String oneStep = steps.replace("maxSteps: 2", "maxSteps: 1");
        assertEquals(List.of(), findingsOf("forms: [doseRate]", "forms: [steps]", "    highAlert", doseOverTime + oneStep + "highAlert"));
        assertEquals(List.of(), findingsOf("    highAlert", doseOverTime + oneStep + "highAlert"));
    }

    @Test
    @DisplayName("SR-L2: an unknown vitals profile is an error listing the profiles the library defines")
    void unknownVitalsProfile() {
        assertEquals(List.of("ERROR ward/drugx vitalsProfile: unknown vitals profile 'vp3'; defined: vp1, vp2"),
                findingsOf("vitalsProfile: vp1", "vitalsProfile: vp3"));
    }

    @Test
    @DisplayName("SR-L2: a standard concentration outside its own soft maximum or minimum is an error naming the limit")
    void standardConcentrationOutsideItsLimits() {
        assertEquals(List.of("ERROR ward/drugx concentration: standard concentration 1.5 mg/mL is outside its own soft maximum 1 mg/mL"),
                findingsOf("standard: [1]", "standard: [1, 1.5]"));
        assertEquals(List.of("ERROR ward/drugx concentration: standard concentration 0.8 mg/mL is outside its own soft minimum 1 mg/mL"),
                findingsOf("standard: [1]", "standard: [0.8]"));
        assertEquals(List.of("ERROR ward/drugx concentration: standard concentration 3 mg/mL is outside its own soft maximum 1 mg/mL",
                "ERROR ward/drugx concentration: standard concentration 3 mg/mL is outside its own hard maximum 2 mg/mL"),
                findingsOf("standard: [1]", "standard: [3]"));
    }

    @Test
    @DisplayName("SR-L2: a concentration in units for a mg dosing unit is a unit mismatch, its standard named")
    void standardConcentrationOfOtherKind() {
        assertEquals(List.of("ERROR ward/drugx concentration: unit mismatch: concentration limits are not mass like the dosing unit mg/h",
                "ERROR ward/drugx concentration: unit mismatch: standard concentration 1 units/mL is not mass"),
                findingsOf("unit: mg/mL,", "unit: \"[iU]/mL\","));
    }

    @Test
    @DisplayName("SR-L2: duplicate ids of profiles, care areas, entries and protocols are errors, each reported once")
    void duplicates() {
        String twice = library(WEIGHT, ENTRY, ENTRY, ENTRY).replace("vitalsProfiles:\n", "vitalsProfiles:\n" + PROFILE.formatted("vp2"));
        assertEquals(List.of("ERROR vitalsProfiles: duplicate vitals profile id 'vp2'",
                "ERROR ward: duplicate drug entry id 'drugx'"), findings(twice));
        String area = "  - id: ward\n    displayName: \"Ward\"\n    " + WEIGHT + "\n    entries:\n" + entry("id: drugx", "id: drugy");
        assertEquals(List.of("ERROR careAreas: duplicate care area id 'ward'"), findings(library(WEIGHT, ENTRY) + area));
        String protocols = "    protocols:\n          - {id: p1, name: \"one\", doseRate: 1 mg/h, duration: PT1H}\n"
                + "          - {id: p1, name: \"again\", doseRate: 1.5 mg/h, duration: PT1H}\n          - {id: p1, name: \"third\", doseRate: 2 mg/h, duration: PT1H}\n        ";
        assertEquals(List.of("ERROR ward/drugx protocols: duplicate protocol id 'p1'"),
                findingsOf("    highAlert", protocols + "highAlert"));
    }

    @Test
    @DisplayName("SR-L2: a protocol breaking its own entry's soft or hard limit is an error naming the limit, weight and concentration")
    void protocolBreakingItsEntry() {
        String protocols = "    protocols:\n          - {id: fast, name: \"Fast\", doseRate: 2.5 mg/h, duration: PT1H}\n"
                + "          - {id: over, name: \"Over\", doseRate: 4 mg/h, duration: PT1H}\n        ";
        assertEquals(List.of(
                "ERROR ward/drugx protocol fast: protocol 'Fast' breaks its own entry's soft limit doseRate.softMax (at 70 kg, 1 mg/mL): "
                        + "Dose rate 2.5 mg/h is above the soft maximum 2 mg/h for drug x (ward)",
                "ERROR ward/drugx protocol over: protocol 'Over' breaks its own entry's hard limit doseRate.hardMax (at 70 kg, 1 mg/mL): "
                        + "Dose rate 4 mg/h is above the hard maximum 3 mg/h for drug x (ward)",
                "ERROR ward/drugx protocol over: protocol 'Over' breaks its own entry's soft limit doseRate.softMax (at 70 kg, 1 mg/mL): "
                        + "Dose rate 4 mg/h is above the soft maximum 2 mg/h for drug x (ward)"),
                findingsOf("    highAlert", protocols + "highAlert"));
    }

    @Test
    @DisplayName("SR-L2: a protocol is checked at the soft minimum concentration when there is no standard one, else at the hard minimum; with none it is not checked")
    void protocolReferenceConcentration() {
        String fast = "    protocols:\n          - {id: fast, name: \"Fast\", doseRate: 2.5 mg/h, duration: PT1H}\n        ";
        assertEquals(List.of("ERROR ward/drugx protocol fast: protocol 'Fast' breaks its own entry's soft limit doseRate.softMax (at 70 kg, 1 mg/mL): "
                + "Dose rate 2.5 mg/h is above the soft maximum 2 mg/h for drug x (ward)"),
                findingsOf("standard: [1], ", "", "    highAlert", fast + "highAlert"));
        assertEquals(List.of("ERROR ward/drugx protocol fast: protocol 'Fast' breaks its own entry's soft limit doseRate.softMax (at 70 kg, 0.5 mg/mL): "
                + "Dose rate 2.5 mg/h is above the soft maximum 2 mg/h for drug x (ward)"),
                findingsOf("standard: [1], hardMin: 0.5, softMin: 1, ", "hardMin: 0.5, ", "    highAlert", fast + "highAlert"));
        String protocols = "    protocols:\n          - {id: p, name: \"P\", doseRate: 1 mg/h, duration: PT1H}\n        ";
        assertEquals(List.of("WARNING ward/drugx concentration: no hard minimum concentration",
                "WARNING ward/drugx protocol p: not checked: the entry has no concentration to check it with"),
                findingsOf("standard: [1], hardMin: 0.5, softMin: 1, ", "", "    highAlert", protocols + "highAlert"));
    }

    @Test
    @DisplayName("SR-L2: the protocols of an entry whose limits mix units are not checked (the unit mismatch is the error)")
    void protocolsOfAMixedEntryAreNotChecked() {
        String protocols = "    protocols:\n          - {id: p, name: \"P\", doseRate: 9 mg/h, duration: PT1H}\n        ";
        assertEquals(List.of("ERROR ward/drugx doseRate: unit mismatch: doseRate limits are not mass like the dosing unit mg/h"),
                findingsOf("unit: mg/h,", "unit: \"[iU]/h\",", "    highAlert", protocols + "highAlert"));
    }

    @Test
    @DisplayName("SR-O1 SR-O3: after-care: prompts without observations, a prompt written twice, a day-long watch and a prompt after the longest session")
    void afterCare() {
        assertEquals(List.of("ERROR ward/drugx observationPrompts: prompts for observations, but the entry names no observations to record"),
                findingsOf("    highAlert", "    observationPrompts: [end]\n        highAlert"));
        assertEquals(List.of("ERROR ward/drugx observationPrompts: the prompt PT40M is listed twice"),
                findingsOf("    highAlert", "    observations: [note]\n        observationPrompts: [PT40M, 40min]\n        highAlert"));
        assertEquals(List.of("ERROR ward/drugx monitoringAfter: monitoring for 48 h after the infusion is longer than 24 h; is it a typo?"),
                findingsOf("    highAlert", "    observations: [note]\n        monitoringAfter: P2D\n        highAlert"));
        assertEquals(List.of(), findingsOf("    highAlert", "    observations: [note]\n        monitoringAfter: PT24H\n        highAlert"));
        String dot = "    doseOverTime:\n          dose: {unit: mg, hardMax: 5}\n          duration: {hardMin: PT10M, hardMax: PT1H}\n        ";
        assertEquals(List.of("WARNING ward/drugx observationPrompts: the prompt PT2H comes after the longest session this entry allows (60 min): "
                + "it is only reached if the infusion is paused for long; use 'end' for after the infusion"),
                findingsOf("forms: [doseRate]", "forms: [doseOverTime]", "    highAlert",
                        dot + "observations: [note]\n        observationPrompts: [PT1H, PT2H, end]\n        highAlert"));
        assertEquals(List.of(), findingsOf("    highAlert",
                dot + "observations: [note]\n        observationPrompts: [PT1H, PT2H, end]\n        highAlert"));
    }

    @Test
    @DisplayName("SR-L2: errors are listed before warnings, each in library order")
    void errorsFirst() {
        List<LintFinding> sorted = DrugLibraryLint.errorsFirst(List.of(LintFinding.warning("a", "w1"), LintFinding.error("b", "e1"),
                LintFinding.warning("c", "w2"), LintFinding.error("d", "e2")));
        assertEquals(List.of("ERROR b: e1", "ERROR d: e2", "WARNING a: w1", "WARNING c: w2"),
                sorted.stream().map(LintFinding::toString).toList());
        assertTrue(DrugLibraryLint.hasErrors(sorted));
        assertFalse(DrugLibraryLint.hasErrors(List.of(LintFinding.warning("a", "w1"))));
    }
}
