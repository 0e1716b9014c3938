package org.dosewarden.dose.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.Bounds;
import org.dosewarden.dose.library.ConcentrationLimits;
import org.dosewarden.dose.library.CourseLimits;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.DoseOverTimeLimits;
import org.dosewarden.dose.library.DosingForm;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.Protocol;
import org.dosewarden.dose.library.RateForDuration;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.library.StepLimits;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.ConcentrationUnit;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DoseRateUnit;
import org.dosewarden.dose.quantity.Mass;
import org.dosewarden.dose.quantity.UnitException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SR-A3: the rate and volume programmed into the pump, and which cap bound each, for an mg/h entry at 1 mg/mL on
 * the generic pump (0.1 mL/h and 10 µL steps, 1200 mL/h, 60 mL): 1 mg/h is 1000 µL/h, 1 mg is 1000 µL.
 */
class InfusionPlannerTest {

    static final PumpCapability PUMP = PumpCapability.generic();

    /**
     * Hard limits: 3 mg/h; 10 mg a session; 8 mg for a dose over time; a loading step at most 1 mg and 6 mg/h.
     */
    static final DrugEntry LIMITED = DrugEntry.builder("drugx", "ward", DoseRateUnit.parse("mg/h"), ConcentrationUnit.parse("mg/mL"))
            .displayName("drug x")
            .forms(DosingForm.DOSE_RATE, DosingForm.DOSE_OVER_TIME, DosingForm.STEPS)
            .concentration(new ConcentrationLimits(ConcentrationUnit.parse("mg/mL"), List.of(Concentration.of("1", "mg/mL")), Bounds.none()))
            .doseRate(Bounds.of(null, null, null, DoseRate.of("3", "mg/h")))
            .sessionTotal(Bounds.of(null, null, null, Dose.of("10", "mg")))
            .doseOverTime(new DoseOverTimeLimits(DoseRateUnit.parse("mg/h").doseUnit(), Bounds.of(null, null, null, Dose.of("8", "mg")),
                    Bounds.none()))
            .steps(new StepLimits(2, Bounds.of(null, null, null, Dose.of("1", "mg")), Bounds.none(),
                    Bounds.of(null, null, null, DoseRate.of("6", "mg/h"))))
            .course(CourseLimits.none())
            .vitalsProfile("vp1")
            .protocol(new Protocol("p1", "two hours", new RateForDuration(DoseRate.of("2", "mg/h"), Duration.ofHours(2))))
            .kvoAllowed(true)
            .build();

    /** No limits at all: only the prescription and the pump bind. */
    static final DrugEntry UNLIMITED = DrugEntry.builder("drugy", "ward", DoseRateUnit.parse("mg/h"), ConcentrationUnit.parse("mg/mL"))
            .forms(DosingForm.DOSE_RATE, DosingForm.DOSE_OVER_TIME, DosingForm.STEPS)
            .build();

    static Prescription rx(DrugEntry entry, String concentration, Dosing dosing) {
        return new Prescription("P-1", Optional.empty(), BodyWeight.ofKilograms(70), entry.id(), entry.careArea(),
                Concentration.parse(concentration), "dr-a", dosing);
    }

    /** "rate µL/h (cap), vtbi µL (cap)" for each step. */
    static List<String> drafts(DrugEntry entry, Dosing dosing) {
        return InfusionPlanner.draft(rx(entry, "1mg/mL", dosing), entry, PUMP).stream()
                .map(d -> d.rate().microlitresPerHour() + " µL/h (" + d.rateCap() + "), " + d.vtbi().microlitres() + " µL ("
                        + d.volumeCap() + ")")
                .toList();
    }

    static RateForDuration rate(String mgPerHour, Duration duration) {
        return new RateForDuration(DoseRate.of(mgPerHour, "mg/h"), duration);
    }

    @Test
    @DisplayName("SR-A3: the entry as built: its forms, limits, profile, protocol and KVO are what the planner and the check read")
    void entryAsBuilt() {
        assertEquals(java.util.Set.of(DosingForm.DOSE_RATE, DosingForm.DOSE_OVER_TIME, DosingForm.STEPS), LIMITED.forms());
        assertEquals(Optional.of("vp1"), LIMITED.vitalsProfile());
        assertEquals(List.of("p1"), LIMITED.protocols().stream().map(Protocol::id).toList());
        assertTrue(LIMITED.kvoAllowed());
        assertEquals("drug x (ward)", LIMITED.describe());
        assertEquals(2, LIMITED.steps().maxSteps());
        assertEquals(CourseLimits.none(), LIMITED.course());
    }

    @Test
    @DisplayName("SR-A3: within every limit the prescription binds: 2 mg/h for 1 h is 2 mL/h, 2 mL")
    void prescriptionBinds() {
        assertEquals(List.of("2000 µL/h (prescription), 2000 µL (prescription)"), drafts(LIMITED, rate("2", Duration.ofHours(1))));
        ProgrammedStep step = InfusionPlanner.plan(rx(LIMITED, "1mg/mL", rate("2", Duration.ofHours(1))), LIMITED, PUMP)
                .orElseThrow().getFirst();
        assertEquals(2000, step.planned().rate().microlitresPerHour());
        assertEquals(2000, step.planned().volumeToBeInfused().microlitres());
        assertEquals(Duration.ofHours(1), step.planned().expectedDuration());
        assertEquals(Mass.ofMilligrams(2), step.dose());
    }

    @Test
    @DisplayName("SR-A3: a rate above the hard maximum runs at the maximum (3 mL/h), the limit named; at exactly the maximum the prescription stays binding")
    void hardMaximumRateCaps() {
        assertEquals(List.of("3000 µL/h (doseRate.hardMax), 5000 µL (prescription)"), drafts(LIMITED, rate("5", Duration.ofHours(1))));
        assertEquals(List.of("3000 µL/h (prescription), 3000 µL (prescription)"), drafts(LIMITED, rate("3", Duration.ofHours(1))));
    }

    @Test
    @DisplayName("SR-A3: the session total caps the volume (10 mL); the dose-over-time maximum applies to that form only")
    void sessionAndDoseOverTimeCaps() {
        assertEquals(List.of("2000 µL/h (prescription), 10000 µL (sessionTotal.hardMax)"),
                drafts(LIMITED, new RateWithTotal(DoseRate.of("2", "mg/h"), Dose.of("12", "mg"))));
        assertEquals(List.of("3000 µL/h (prescription), 9000 µL (prescription)"),
                drafts(LIMITED, new RateWithTotal(DoseRate.of("3", "mg/h"), Dose.of("9", "mg"))));
        assertEquals(List.of("3000 µL/h (prescription), 8000 µL (doseOverTime.dose.hardMax)"),
                drafts(LIMITED, new DoseOverTime(Dose.of("9", "mg"), Duration.ofHours(3))));
    }

    @Test
    @DisplayName("SR-A3: two steps: the loading step is held to its own rate and dose maxima; what it gave counts against the session's caps")
    void loadingStepAndWhatIsLeft() {
        StepProgram program = new StepProgram(List.of(new DoseOverTime(Dose.of("1.5", "mg"), Duration.ofMinutes(10)),
                new DoseOverTime(Dose.of("8", "mg"), Duration.ofHours(3))));
        assertEquals(List.of("6000 µL/h (loadingStep.doseRate.hardMax), 1000 µL (loadingStep.dose.hardMax)",
                "2600 µL/h (prescription), 7000 µL (doseOverTime.dose.hardMax)"), drafts(LIMITED, program));
    }

    /** Every hard limit in drug units on an mg entry: a library error the check reports, never a cap on an mg plan. */
    static final DrugEntry MIXED = DrugEntry.builder("drugm", "ward", DoseRateUnit.parse("mg/h"), ConcentrationUnit.parse("mg/mL"))
            .forms(DosingForm.DOSE_RATE, DosingForm.DOSE_OVER_TIME, DosingForm.STEPS)
            .doseRate(Bounds.of(null, null, null, DoseRate.of("0.001", "[iU]/h")))
            .sessionTotal(Bounds.of(null, null, null, Dose.of("0.001", "[iU]")))
            .doseOverTime(new DoseOverTimeLimits(DoseRateUnit.parse("mg/h").doseUnit(), Bounds.of(null, null, null, Dose.of("0.001", "[iU]")),
                    Bounds.none()))
            .steps(new StepLimits(2, Bounds.of(null, null, null, Dose.of("0.001", "[iU]")), Bounds.none(),
                    Bounds.of(null, null, null, DoseRate.of("0.001", "[iU]/h"))))
            .build();

    @Test
    @DisplayName("SR-A3: limits in drug units on an mg entry (a library error) cap nothing: the mg prescription binds")
    void limitsOfAnotherKindCapNothing() {
        assertEquals(List.of("3000 µL/h (prescription), 9000 µL (prescription)"),
                drafts(MIXED, new DoseOverTime(Dose.of("9", "mg"), Duration.ofHours(3))));
        assertEquals(List.of("9000 µL/h (prescription), 1500 µL (prescription)", "2000 µL/h (prescription), 2000 µL (prescription)"),
                drafts(MIXED, new StepProgram(List.of(new DoseOverTime(Dose.of("1.5", "mg"), Duration.ofMinutes(10)),
                        new DoseOverTime(Dose.of("2", "mg"), Duration.ofHours(1))))));
    }

    @Test
    @DisplayName("SR-A3: without library limits the pump binds: 1200 mL/h and 60 mL at most")
    void pumpCaps() {
        assertEquals(List.of("1200000 µL/h (pump.maxRate), 60000 µL (pump.maxVolume)"), drafts(UNLIMITED, rate("2000", Duration.ofHours(1))));
        assertEquals(List.of("1000 µL/h (prescription), 60000 µL (prescription)"), drafts(UNLIMITED, rate("1", Duration.ofHours(60))));
    }

    @Test
    @DisplayName("SR-A3: a rate that rounds down to zero on the pump's step is not planned (0.05 mg/h is 50 µL/h under a 100 µL/h step)")
    void zeroRateIsNotPlanned() {
        Prescription p = rx(UNLIMITED, "1mg/mL", rate("0.05", Duration.ofHours(1)));
        assertEquals(Optional.empty(), InfusionPlanner.plan(p, UNLIMITED, PUMP));
        InfusionPlanner.StepDraft d = InfusionPlanner.draft(p, UNLIMITED, PUMP).getFirst();
        assertEquals(0, d.rate().microlitresPerHour());
        assertEquals(50, d.prescribedRate().microlitresPerHour());
        assertEquals(50, d.prescribedVolume().microlitres());
        assertTrue(InfusionPlanner.plan(rx(UNLIMITED, "1mg/mL", rate("0.1", Duration.ofHours(1))), UNLIMITED, PUMP).isPresent());
    }

    @Test
    @DisplayName("SR-A3: a prescription in units against a mg/mL concentration is refused with both named")
    void kindMismatch() {
        UnitException e = assertThrows(UnitException.class, () -> InfusionPlanner.draft(
                rx(UNLIMITED, "1mg/mL", new RateForDuration(DoseRate.of("2", "[iU]/h"), Duration.ofHours(1))), UNLIMITED, PUMP));
        assertEquals("unit mismatch: the prescription doses drug units but the concentration 1 mg/mL is mass", e.getMessage());
        UnitException steps = assertThrows(UnitException.class, () -> InfusionPlanner.draft(rx(UNLIMITED, "1mg/mL",
                new StepProgram(List.of(new DoseOverTime(Dose.of("1", "mg"), Duration.ofMinutes(5)),
                        new DoseOverTime(Dose.of("1", "[iU]"), Duration.ofMinutes(5))))), UNLIMITED, PUMP));
        assertEquals("unit mismatch: the prescription doses drug units but the concentration 1 mg/mL is mass", steps.getMessage());
        assertThrows(UnitException.class, () -> InfusionPlanner.draft(rx(UNLIMITED, "1mg/mL",
                new RateWithTotal(DoseRate.of("1", "mg/h"), Dose.of("1", "[iU]"))), UNLIMITED, PUMP));
        assertThrows(UnitException.class, () -> InfusionPlanner.draft(rx(UNLIMITED, "1mg/mL",
                new DoseOverTime(Dose.of("1", "[iU]"), Duration.ofMinutes(5))), UNLIMITED, PUMP));
    }
}
