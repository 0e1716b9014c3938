package org.dosewarden.dose.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.Bounds;
import org.dosewarden.dose.library.CareArea;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.DoseOverTimeLimits;
import org.dosewarden.dose.library.DosingForm;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.RateForDuration;
import org.dosewarden.dose.library.RateWithTotal;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SR-D3: the programming check at its edges, for an mg/h drug at 1 mg/mL on the generic pump (0.1 to 1200 mL/h,
 * 60 mL): an unknown care area or drug named with where it is listed, the most steps a program may have, the
 * dose-over-time limits applied to that form only, and the pump's range exactly at and just beyond its ends.
 */
class ProgrammingCheckEdgesTest {

    static final DoseRateUnit MG_H = DoseRateUnit.parse("mg/h");
    static final ConcentrationUnit MG_ML = ConcentrationUnit.parse("mg/mL");

    static final DrugEntry DRUG_X = DrugEntry.builder("drugx", "ward", MG_H, MG_ML).displayName("drug x")
            .forms(DosingForm.DOSE_RATE, DosingForm.DOSE_OVER_TIME, DosingForm.STEPS)
            .doseOverTime(new DoseOverTimeLimits(MG_H.doseUnit(), Bounds.of(null, null, null, Dose.of("8", "mg")), Bounds.none()))
            .steps(new StepLimits(2, Bounds.none(), Bounds.none(), Bounds.none()))
            .build();
    static final DrugEntry DRUG_Z = DrugEntry.builder("drugz", "icu", MG_H, MG_ML).forms(DosingForm.DOSE_RATE).build();
    static final DrugEntry OPEN = DrugEntry.builder("open", "ward", MG_H, MG_ML)
            .forms(DosingForm.DOSE_RATE, DosingForm.DOSE_OVER_TIME).build();

    static final Bounds<BodyWeight> ANY_WEIGHT = Bounds.none();
    static final DrugLibrary LIBRARY = new DrugLibrary("t1", "edges", List.of(), List.of(
            new CareArea("ward", "Ward", ANY_WEIGHT, List.of(DRUG_X, OPEN)),
            new CareArea("icu", "ICU", ANY_WEIGHT, List.of(DRUG_Z))));

    static ProgrammingDecision decide(String careArea, String drug, Dosing dosing) {
        Prescription p = new Prescription("P-1", Optional.empty(), BodyWeight.ofKilograms(70), drug, careArea,
                Concentration.of("1", "mg/mL"), "dr-a", dosing);
        return ProgrammingCheck.check(p, LIBRARY, PumpCapability.generic(), List.of()).decision();
    }

    static List<String> limits(ProgrammingDecision d) {
        return d.violations().stream().map(Violation::limitId).toList();
    }

    static RateForDuration rate(String mgPerHour, Duration duration) {
        return new RateForDuration(DoseRate.of(mgPerHour, "mg/h"), duration);
    }

    static DoseOverTime over(String mg, Duration duration) {
        return new DoseOverTime(Dose.of(mg, "mg"), duration);
    }

    @Test
    @DisplayName("SR-D3: an unknown care area is refused with the known ones listed; a drug of another care area is refused with where it is listed")
    void unknownCareAreaAndDrug() {
        ProgrammingDecision area = decide("theatre", "drugx", rate("1", Duration.ofHours(1)));
        assertEquals(Outcome.REFUSED, area.outcome());
        assertEquals("Care area 'theatre' is not in drug library t1; known care areas: ward, icu", area.mostLimiting().orElseThrow().message());
        ProgrammingDecision elsewhere = decide("ward", "drugz", rate("1", Duration.ofHours(1)));
        assertEquals(Outcome.REFUSED, elsewhere.outcome());
        assertEquals("Drug 'drugz' is not in care area 'ward' of drug library t1; it is listed under care area icu",
                elsewhere.mostLimiting().orElseThrow().message());
        assertEquals("Drug 'nothing' is not in care area 'ward' of drug library t1",
                decide("ward", "nothing", rate("1", Duration.ofHours(1))).mostLimiting().orElseThrow().message());
    }

    @Test
    @DisplayName("SR-D3: a program of more steps than the entry allows is refused; exactly the most steps is allowed")
    void mostSteps() {
        ProgrammingDecision three = decide("ward", "drugx", new StepProgram(List.of(over("1", Duration.ofMinutes(10)),
                over("1", Duration.ofMinutes(10)), over("1", Duration.ofMinutes(10)))));
        assertEquals(Outcome.REFUSED, three.outcome());
        assertEquals(List.of("steps.maxSteps"), limits(three));
        assertEquals("A program of 3 steps is above the most steps (2) allowed for drug x (ward)", three.violations().getFirst().message());
        ProgrammingDecision two = decide("ward", "drugx", new StepProgram(List.of(over("1", Duration.ofMinutes(10)),
                over("1", Duration.ofMinutes(10)))));
        assertEquals(Outcome.ALLOWED, two.outcome(), two.violations().toString());
    }

    @Test
    @DisplayName("SR-D3: the dose-over-time maximum (8 mg) refuses 9 mg over 3 h, and a two-step program totalling 9 mg, but not 9 mg given at a rate")
    void doseOverTimeLimitsApplyToThatFormOnly() {
        ProgrammingDecision single = decide("ward", "drugx", over("9", Duration.ofHours(3)));
        assertEquals(List.of("doseOverTime.dose.hardMax"), limits(single));
        assertTrue(single.violations().getFirst().message().startsWith("Dose "), single.violations().toString());
        ProgrammingDecision program = decide("ward", "drugx", new StepProgram(List.of(over("1", Duration.ofMinutes(10)),
                over("8", Duration.ofHours(3)))));
        assertEquals(List.of("doseOverTime.dose.hardMax"), limits(program));
        assertTrue(program.violations().getFirst().message().startsWith("Total dose "), program.violations().toString());
        assertEquals(Outcome.ALLOWED, decide("ward", "drugx", new RateWithTotal(DoseRate.of("2", "mg/h"), Dose.of("9", "mg"))).outcome());
        assertEquals(Outcome.ALLOWED, decide("ward", "drugx", over("8", Duration.ofHours(3))).outcome());
    }

    @Test
    @DisplayName("SR-D3: the pump's range: 1200 mL/h and 60 mL are allowed, 1200.1 mL/h and 60.01 mL refused; 0.1 mL/h allowed, 0.09 refused")
    void pumpRange() {
        assertEquals(Outcome.ALLOWED, decide("ward", "open", rate("1200", Duration.ofMinutes(2))).outcome());
        assertEquals(List.of("pump.maxRate"), limits(decide("ward", "open", rate("1200.1", Duration.ofMinutes(2)))));
        assertEquals(Outcome.ALLOWED, decide("ward", "open", over("60", Duration.ofHours(1))).outcome());
        assertEquals(List.of("pump.maxVolume"), limits(decide("ward", "open", over("60.01", Duration.ofHours(1)))));
        assertEquals(Outcome.ALLOWED, decide("ward", "open", rate("0.1", Duration.ofHours(1))).outcome());
        ProgrammingDecision slow = decide("ward", "open", rate("0.09", Duration.ofHours(1)));
        assertEquals(Outcome.REFUSED, slow.outcome());
        assertTrue(limits(slow).contains("pump.minRate"), limits(slow).toString());
        assertFalse(limits(slow).contains("pump.maxRate"));
    }
}
