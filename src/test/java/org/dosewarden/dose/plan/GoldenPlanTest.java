package org.dosewarden.dose.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.check.Outcome;
import org.dosewarden.dose.check.ProgrammingCheck;
import org.dosewarden.dose.check.ProgrammingDecision;
import org.dosewarden.dose.check.ProgrammingResult;
import org.dosewarden.dose.check.Violation;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.RateForDuration;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.library.Severity;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DrugUnits;
import org.dosewarden.dose.quantity.Mass;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.library.DrugLibraryReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The worked examples of clinical.md against the shipped library, on the generic pump. */
public class GoldenPlanTest {

    public static final DrugLibrary LIBRARY = DrugLibraryReader.readDefault().library().orElseThrow();
    public static final PumpCapability PUMP = PumpCapability.generic();

    public static Prescription ketamine(String weight, String concentration, Dosing dosing) {
        return new Prescription("P-001", Optional.of("bay-3"), BodyWeight.parse(weight), "ketamine-psych", "psychiatry",
                Concentration.parse(concentration), "dr-a", dosing);
    }

    static ProgrammingResult check(Prescription p, LimitOverride... overrides) {
        return ProgrammingCheck.check(p, LIBRARY, PUMP, List.of(overrides));
    }

    static void assertMl(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual.toPlainString());
    }

    @Test
    @DisplayName("SR-A3 golden: 70 kg, 0.5 mg/kg over 40 min at 1 mg/mL -> 52.5 mL/h, 35 mL, 35 mg, allowed")
    void standardDepressionSession() {
        ProgrammingResult r = check(ketamine("70kg", "1mg/mL", new DoseOverTime(Dose.parse("0.5mg/kg"), Duration.ofMinutes(40))));
        assertEquals(Outcome.ALLOWED, r.decision().outcome(), r.decision().violations().toString());
        ProgrammedInfusion inf = r.infusion().orElseThrow();
        PlannedStep step = inf.plan().steps().getFirst();
        assertMl("52.5", step.rate().millilitresPerHour());
        assertMl("35", step.volumeToBeInfused().millilitres());
        assertEquals(Duration.ofMinutes(40), step.expectedDuration());
        assertEquals(Mass.ofMilligrams(35), inf.totalDose());
        assertEquals(new Volume(35_000), inf.totalVolume());
        assertEquals(ProgrammedStep.PRESCRIPTION, inf.steps().getFirst().rateCap());
        assertFalse(inf.highAlert());
        assertFalse(inf.kvoAllowed());
        assertEquals(VitalsProfile.designedDefault("designed-default", true), inf.vitalsProfile().orElseThrow());
    }

    @Test
    @DisplayName("SR-A3 golden: 70 kg two-step 0.71 mg/kg -> 231 mL/h for 7.7 mL, then 50.4 mL/h for 42 mL")
    void twoStepLoadingProgram() {
        ProgrammingResult r = check(ketamine("70kg", "1mg/mL", new StepProgram(List.of(
                new DoseOverTime(Dose.parse("0.11mg/kg"), Duration.ofMinutes(2)),
                new DoseOverTime(Dose.parse("0.60mg/kg"), Duration.ofMinutes(50))))));
        assertEquals(Outcome.ALLOWED, r.decision().outcome(), r.decision().violations().toString());
        List<PlannedStep> steps = r.infusion().orElseThrow().plan().steps();
        assertMl("231", steps.get(0).rate().millilitresPerHour());
        assertMl("7.7", steps.get(0).volumeToBeInfused().millilitres());
        assertEquals(Duration.ofMinutes(2), steps.get(0).expectedDuration());
        assertMl("50.4", steps.get(1).rate().millilitresPerHour());
        assertMl("42", steps.get(1).volumeToBeInfused().millilitres());
        assertEquals(Duration.ofMinutes(50), steps.get(1).expectedDuration());
        assertEquals(new Mass(49_700), r.infusion().orElseThrow().totalDose());
    }

    @Test
    @DisplayName("SR-A1: the loading rate of a two-step program is refused for a single-step session")
    void loadingRateOnlyForTheLoadingStep() {
        ProgrammingResult r = check(ketamine("70kg", "1mg/mL", new RateForDuration(DoseRate.parse("3.3mg/kg/h"),
                Duration.ofMinutes(10))));
        assertEquals(Outcome.REFUSED, r.decision().outcome());
        assertTrue(r.decision().violations().stream().anyMatch(v -> v.limitId().equals("doseRate.hardMax")));
    }

    @Test
    @DisplayName("SR-A3 golden: 100 kg, 0.8 mg/kg over 40 min at 2 mg/mL -> 60 mL/h, 40 mL")
    void kareSession() {
        ProgrammingResult r = check(ketamine("100kg", "2mg/mL", new DoseOverTime(Dose.parse("0.8mg/kg"), Duration.ofMinutes(40))));
        assertEquals(Outcome.ALLOWED, r.decision().outcome(), r.decision().violations().toString());
        PlannedStep step = r.infusion().orElseThrow().plan().steps().getFirst();
        assertMl("60", step.rate().millilitresPerHour());
        assertMl("40", step.volumeToBeInfused().millilitres());
        assertEquals(Mass.ofMilligrams(80), r.infusion().orElseThrow().totalDose());
    }

    @Test
    @DisplayName("SR-A1: a session that does not fit the syringe is refused (pump cannot deliver)")
    void volumeAboveThePumpMaximumRefused() {
        ProgrammingResult r = check(ketamine("70kg", "1mg/mL", new DoseOverTime(Dose.parse("1mg/kg"), Duration.ofMinutes(40))));
        assertEquals(Outcome.REFUSED, r.decision().outcome());
        Violation v = r.decision().hardViolations().getFirst();
        assertEquals("pump.maxVolume", v.limitId());
        assertEquals("Volume 70 mL is above the pump's maximum volume to be infused 60 mL", v.message());
        assertMl("60", r.infusion().orElseThrow().totalVolume().millilitres());
        assertEquals("pump.maxVolume", r.infusion().orElseThrow().steps().getFirst().volumeCap());
    }

    @Test
    @DisplayName("INCIDENT-4: a weight typed without its decimal point (5523 kg) is refused by the care-area hard "
            + "maximum 500 kg (SR-A1)")
    void implausibleWeightRefused() {
        ProgrammingResult r = check(ketamine("5523kg", "1mg/mL", new DoseOverTime(Dose.parse("0.5mg/kg"), Duration.ofMinutes(40))));
        assertEquals(Outcome.REFUSED, r.decision().outcome());
        Violation v = r.decision().violations().getFirst();
        assertEquals("weight.hardMax", v.limitId());
        assertEquals(Severity.HARD, v.severity());
        assertEquals("500 kg", v.limit());
        assertEquals("5523 kg", v.requested());
        assertEquals("Weight 5523 kg is above the hard maximum 500 kg for care area psychiatry", v.message());
    }

    @Test
    @DisplayName("SR-A1: a dose rate over the hard maximum is refused and no override changes that")
    void rateOverHardMaxRefused() {
        Prescription p = ketamine("70kg", "1mg/mL", new RateWithTotal(DoseRate.parse("2mg/kg/h"), Dose.parse("0.5mg/kg")));
        ProgrammingResult r = check(p, new LimitOverride("doseRate.hardMax", "trying"),
                new LimitOverride("doseRate.softMax", "trying"));
        assertEquals(Outcome.REFUSED, r.decision().outcome());
        Violation most = r.decision().mostLimiting().orElseThrow();
        assertEquals("doseRate.hardMax", most.limitId());
        assertEquals("1.6 mg/kg/h", most.limit());
        assertEquals("2 mg/kg/h", most.requested());
        assertEquals("Dose rate 2 mg/kg/h is above the hard maximum 1.6 mg/kg/h for ketamine — psychiatric session (psychiatry)",
                most.message());
        assertFalse(r.decision().permitsStart());
        // the plan is still computed so a clinician sees it, but capped at the hard maximum (112 mL/h at 70 kg)
        PlannedStep step = r.infusion().orElseThrow().plan().steps().getFirst();
        assertMl("112", step.rate().millilitresPerHour());
        assertEquals("doseRate.hardMax", r.infusion().orElseThrow().steps().getFirst().rateCap());
    }

    @Test
    @DisplayName("SR-A1: soft violations need an override with a reason; with one for each the program is allowed")
    void softViolationNeedsOverride() {
        Prescription p = ketamine("70kg", "2mg/mL", new DoseOverTime(Dose.parse("1mg/kg"), Duration.ofMinutes(40)));
        ProgrammingDecision d = check(p).decision();
        assertEquals(Outcome.NEEDS_OVERRIDE, d.outcome());
        assertEquals(List.of("doseOverTime.dose.softMax", "doseRate.softMax"),
                d.violations().stream().map(Violation::limitId).toList());
        assertTrue(d.violations().stream().noneMatch(Violation::hard));
        // 1.5 mg/kg/h is 1.25x its soft maximum, 1 mg/kg is 1.25x: equal, the first found limits most
        assertEquals("doseOverTime.dose.softMax", d.mostLimiting().orElseThrow().limitId());

        ProgrammingDecision one = check(p, new LimitOverride("doseRate.softMax", "tolerated before")).decision();
        assertEquals(Outcome.NEEDS_OVERRIDE, one.outcome());
        assertEquals(List.of("doseOverTime.dose.softMax"), one.pendingOverrides().stream().map(Violation::limitId).toList());

        ProgrammingDecision both = check(p, new LimitOverride("doseRate.softMax", "tolerated before"),
                new LimitOverride("doseOverTime.dose.softMax", "protocol for resistant depression")).decision();
        assertEquals(Outcome.ALLOWED, both.outcome());
        assertTrue(both.permitsStart());
        assertEquals(2, both.overrides().size());
        assertEquals(2, both.violations().size(), "overridden violations stay listed for the journal");
    }

    static Prescription rx(String drug, String careArea, String weight, String concentration, Dosing dosing) {
        return new Prescription("P-002", Optional.empty(), BodyWeight.parse(weight), drug, careArea,
                Concentration.parse(concentration), "dr-b", dosing);
    }

    @Test
    @DisplayName("SR-A3: mcg/kg/min against a mg/mL preparation: propofol 50 mcg/kg/min, 70 kg, 10 mg/mL -> 21 mL/h")
    void propofolAcrossUnits() {
        ProgrammingResult r = check(rx("propofol", "anaesthesia", "70kg", "10mg/mL",
                new RateForDuration(DoseRate.parse("50mcg/kg/min"), Duration.ofHours(1))));
        assertEquals(Outcome.ALLOWED, r.decision().outcome(), r.decision().violations().toString());
        assertMl("21", r.infusion().orElseThrow().plan().steps().getFirst().rate().millilitresPerHour());
        assertEquals(Mass.ofMilligrams(210), r.infusion().orElseThrow().totalDose());
    }

    @Test
    @DisplayName("SR-A1: a rate written in another unit is compared exactly and reported in the limit's unit")
    void sameRateInAnotherUnit() {
        for (String rate : List.of("60mcg/kg/min", "3.6mg/kg/h", "0.06mg/kg/min")) {
            ProgrammingDecision d = check(rx("propofol", "anaesthesia", "70kg", "10mg/mL",
                    new RateForDuration(DoseRate.parse(rate), Duration.ofMinutes(30)))).decision();
            assertEquals(Outcome.NEEDS_OVERRIDE, d.outcome(), rate);
            Violation v = d.violations().getFirst();
            assertEquals("doseRate.softMax", v.limitId(), rate);
            assertEquals("60 mcg/kg/min", v.requested(), rate);
            assertEquals("55 mcg/kg/min", v.limit(), rate);
        }
    }

    @Test
    @DisplayName("SR-A3: drug units: heparin 18 units/kg/h, 80 kg, 50 units/mL -> 28.8 mL/h")
    void heparinInUnits() {
        ProgrammingResult r = check(rx("heparin", "adult-critical-care", "80kg", "50units/mL",
                new RateWithTotal(DoseRate.parse("18units/kg/h"), Dose.parse("1440units"))));
        assertEquals(Outcome.ALLOWED, r.decision().outcome(), r.decision().violations().toString());
        ProgrammedInfusion inf = r.infusion().orElseThrow();
        assertMl("28.8", inf.plan().steps().getFirst().rate().millilitresPerHour());
        assertEquals(Duration.ofHours(1), inf.plan().steps().getFirst().expectedDuration());
        assertEquals(DrugUnits.ofUnits(1440), inf.totalDose());
        assertTrue(inf.kvoAllowed());
    }

    @Test
    @DisplayName("SR-I2: a high-alert drug's programmed infusion says a second clinician must confirm")
    void insulinIsHighAlert() {
        ProgrammingResult r = check(rx("insulin", "adult-critical-care", "80kg", "1units/mL",
                new RateForDuration(DoseRate.parse("4units/h"), Duration.ofHours(2))));
        assertEquals(Outcome.ALLOWED, r.decision().outcome());
        assertTrue(r.infusion().orElseThrow().highAlert());
        ProgrammingDecision mass = check(rx("insulin", "adult-critical-care", "80kg", "1mg/mL",
                new RateForDuration(DoseRate.parse("4mg/h"), Duration.ofHours(2)))).decision();
        assertEquals(Outcome.REFUSED, mass.outcome());
        assertEquals("concentration.unit", mass.violations().getFirst().limitId());
    }

    @Test
    @DisplayName("SR-A4: morphine PCA session total hard 15 mg caps the volume to be infused")
    void sessionTotalCapsTheVolume() {
        ProgrammingResult r = check(rx("morphine-pca", "adult-critical-care", "70kg", "1mg/mL",
                new RateForDuration(DoseRate.parse("2mg/h"), Duration.ofHours(10))));
        assertEquals(Outcome.REFUSED, r.decision().outcome());
        assertEquals("sessionTotal.hardMax", r.decision().mostLimiting().orElseThrow().limitId());
        ProgrammedStep step = r.infusion().orElseThrow().steps().getFirst();
        assertMl("15", step.planned().volumeToBeInfused().millilitres());
        assertEquals("sessionTotal.hardMax", step.volumeCap());
    }
}
