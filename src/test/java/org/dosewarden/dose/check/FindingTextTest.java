package org.dosewarden.dose.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.Bounds;
import org.dosewarden.dose.library.CareArea;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.DoseOverTimeLimits;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.library.DosingForm;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.RateForDuration;
import org.dosewarden.dose.library.Severity;
import org.dosewarden.dose.library.StepLimits;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.ConcentrationUnit;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DoseRateUnit;
import org.dosewarden.dose.quantity.DoseUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SR-A1, SR-D3: each finding as the clinician reads it: the limit in its own unit, the requested value in that
 * unit, and the sentence naming the entry; in the order the check lists them.
 */
class FindingTextTest {

    static List<Violation> check(Dosing dosing) {
        DrugEntry ketamine = DrugEntry.builder("ket", "ward", DoseRateUnit.parse("mg/kg/h"), ConcentrationUnit.parse("mg/mL"))
                .displayName("ketamine").forms(DosingForm.DOSE_OVER_TIME, DosingForm.DOSE_RATE, DosingForm.STEPS)
                .steps(new StepLimits(2, Bounds.none(), Bounds.none(), Bounds.none()))
                .doseOverTime(new DoseOverTimeLimits(DoseUnit.parse("mg/kg"),
                        Bounds.of(null, null, Dose.parse("0.5 mg/kg"), Dose.parse("0.75 mg/kg")),
                        Bounds.of(Duration.ofMinutes(40), null, null, null)))
                .build();
        DrugLibrary library = new DrugLibrary("t1", "texts", List.of(), List.of(
                new CareArea("ward", "Ward", Bounds.none(), List.of(ketamine))));
        Prescription p = new Prescription("P-1", Optional.empty(), BodyWeight.ofKilograms(70), "ket", "ward",
                Concentration.parse("1 mg/mL"), "dr-a", dosing);
        return ProgrammingCheck.check(p, library, PumpCapability.generic(), List.of()).decision().violations();
    }

    @Test
    @DisplayName("SR-A1: a dose over time above its soft and hard maxima and shorter than its hard minimum: three findings, each in its own unit")
    void doseOverTimeFindings() {
        assertEquals(List.of(
                new Violation("doseOverTime.dose.hardMax", Severity.HARD, "0.75 mg/kg", "0.8 mg/kg",
                        "Dose 0.8 mg/kg is above the hard maximum 0.75 mg/kg for ketamine (ward)"),
                new Violation("doseOverTime.duration.hardMin", Severity.HARD, "40 min", "30 min",
                        "Duration 30 min is below the hard minimum 40 min for ketamine (ward)"),
                new Violation("doseOverTime.dose.softMax", Severity.SOFT, "0.5 mg/kg", "0.8 mg/kg",
                        "Dose 0.8 mg/kg is above the soft maximum 0.5 mg/kg for ketamine (ward)")),
                check(new DoseOverTime(Dose.parse("0.8 mg/kg"), Duration.ofMinutes(30))));
    }

    @Test
    @DisplayName("SR-A3: a rate beyond the pump's range reads in mL/h and mL against the pump's own maxima")
    void pumpRangeFindings() {
        assertEquals(List.of(
                new Violation("pump.maxRate", Severity.HARD, "1200 mL/h", "2100 mL/h",
                        "Pump rate 2100 mL/h is above the pump's maximum 1200 mL/h"),
                new Violation("pump.maxVolume", Severity.HARD, "60 mL", "1050 mL",
                        "Volume 1050 mL is above the pump's maximum volume to be infused 60 mL")),
                check(new RateForDuration(DoseRate.parse("30 mg/kg/h"), Duration.ofMinutes(30))));
    }

    @Test
    @DisplayName("SR-A1: a two-step program is held to the dose-over-time limits by its total dose and total duration, named so")
    void stepProgramTotals() {
        assertEquals(List.of(
                new Violation("doseOverTime.dose.hardMax", Severity.HARD, "0.75 mg/kg", "0.8 mg/kg",
                        "Total dose 0.8 mg/kg is above the hard maximum 0.75 mg/kg for ketamine (ward)"),
                new Violation("doseOverTime.duration.hardMin", Severity.HARD, "40 min", "30 min",
                        "Total duration 30 min is below the hard minimum 40 min for ketamine (ward)"),
                new Violation("doseOverTime.dose.softMax", Severity.SOFT, "0.5 mg/kg", "0.8 mg/kg",
                        "Total dose 0.8 mg/kg is above the soft maximum 0.5 mg/kg for ketamine (ward)")),
                check(new StepProgram(List.of(new DoseOverTime(Dose.parse("0.2 mg/kg"), Duration.ofMinutes(5)),
                        new DoseOverTime(Dose.parse("0.6 mg/kg"), Duration.ofMinutes(25))))));
    }

    @Test
    @DisplayName("SR-A1, SR-L2: a loading step longer than its hard maximum, and a library limit in the wrong kind of amount, are hard findings by name")
    void loadingStepAndLibraryKind() {
        DrugEntry ketamine = DrugEntry.builder("ket", "ward", DoseRateUnit.parse("mg/kg/h"), ConcentrationUnit.parse("mg/mL"))
                .displayName("ketamine").forms(DosingForm.DOSE_OVER_TIME, DosingForm.STEPS)
                .steps(new StepLimits(2, Bounds.none(), Bounds.of(null, null, null, Duration.ofMinutes(5)), Bounds.none()))
                .sessionTotal(Bounds.of(null, null, null, Dose.parse("10 units/kg")))
                .build();
        DrugLibrary library = new DrugLibrary("t1", "texts", List.of(), List.of(
                new CareArea("ward", "Ward", Bounds.none(), List.of(ketamine))));
        Prescription p = new Prescription("P-1", Optional.empty(), BodyWeight.ofKilograms(70), "ket", "ward",
                Concentration.parse("1 mg/mL"), "dr-a", new StepProgram(List.of(
                        new DoseOverTime(Dose.parse("0.1 mg/kg"), Duration.ofMinutes(10)),
                        new DoseOverTime(Dose.parse("0.4 mg/kg"), Duration.ofMinutes(30)))));
        assertEquals(List.of(
                new Violation("library.unit", Severity.HARD, "mass", "sessionTotal",
                        "Drug library error: the sessionTotal limits of ketamine (ward) are not mass like its dosing unit mg/kg/h"),
                new Violation("loadingStep.duration.hardMax", Severity.HARD, "5 min", "10 min",
                        "Loading step duration 10 min is above the hard maximum 5 min for ketamine (ward)")),
                ProgrammingCheck.check(p, library, PumpCapability.generic(), List.of()).decision().violations());
    }
}
