package org.dosewarden.dose.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.AfterCare;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DrugUnits;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.UnitException;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The pump's range at its exact ends, what a prescription must name, the steps' labels and the plan's totals. */
class PlanValuesTest {

    @Test
    @DisplayName("SR-A3: a pump runs its minimum and its maximum rate exactly, on its rate step, and nothing outside")
    void thePumpRunsItsRangeInclusive() {
        PumpCapability pump = PumpCapability.generic();
        assertTrue(pump.canRun(new FlowRate(100)));
        assertTrue(pump.canRun(new FlowRate(1_200_000)));
        assertFalse(pump.canRun(new FlowRate(0)));
        assertFalse(pump.canRun(new FlowRate(1_200_100)));
        assertFalse(pump.canRun(new FlowRate(150)));
    }

    @Test
    @DisplayName("SR-A3: a pump with one rate (maximum = minimum) and one volume step is valid; below that the range is refused by name")
    void aPumpWithASingleRateIsValid() {
        PumpCapability fixed = new PumpCapability(new FlowRate(100), new FlowRate(100), new FlowRate(100), new Volume(10),
                new Volume(10));
        assertTrue(fixed.canRun(new FlowRate(100)));
        assertEquals(new Volume(10), fixed.maxSettableVolume());
        assertEquals("pump maximum rate 0.05 mL/h is below its minimum 0.1 mL/h", assertThrows(IllegalArgumentException.class,
                () -> new PumpCapability(new FlowRate(100), new FlowRate(50), new FlowRate(10), new Volume(10),
                        new Volume(10))).getMessage());
        assertEquals("pump maximum volume to be infused 0.009 mL is below its volume step 0.01 mL",
                assertThrows(IllegalArgumentException.class, () -> new PumpCapability(new FlowRate(100),
                        new FlowRate(100), new FlowRate(100), new Volume(10), new Volume(9))).getMessage());
    }

    @Test
    @DisplayName("SR-A1: a prescription without patient, drug, care area or prescriber is refused naming the field")
    void aPrescriptionNamesItsMissingField() {
        BodyWeight w = BodyWeight.ofKilograms(70);
        Concentration c = Concentration.parse("1 mg/mL");
        DoseOverTime d = new DoseOverTime(Dose.parse("0.5 mg/kg"), Duration.ofMinutes(40));
        assertEquals("patientId must not be empty", assertThrows(IllegalArgumentException.class,
                () -> new Prescription(" ", Optional.empty(), w, "ketamine", "psychiatry", c, "dr-a", d)).getMessage());
        assertEquals("drug must not be empty", assertThrows(IllegalArgumentException.class,
                () -> new Prescription("P-1", Optional.empty(), w, "", "psychiatry", c, "dr-a", d)).getMessage());
        assertEquals("careArea must not be empty", assertThrows(IllegalArgumentException.class,
                () -> new Prescription("P-1", Optional.empty(), w, "ketamine", null, c, "dr-a", d)).getMessage());
        assertEquals("prescriber must not be empty", assertThrows(IllegalArgumentException.class,
                () -> new Prescription("P-1", Optional.empty(), w, "ketamine", "psychiatry", c, " ", d)).getMessage());
    }

    @Test
    @DisplayName("SR-A3: the steps of a program are labelled as the clinician reads them: loading step, step 2, step 3")
    void stepsAreLabelledInOrder() {
        StepProgram program = new StepProgram(List.of(
                new DoseOverTime(Dose.parse("0.1 mg/kg"), Duration.ofMinutes(2)),
                new DoseOverTime(Dose.parse("0.3 mg/kg"), Duration.ofMinutes(20)),
                new DoseOverTime(Dose.parse("0.2 mg/kg"), Duration.ofMinutes(20))));
        List<RequestedStep> steps = RequestedStep.of(program, BodyWeight.ofKilograms(70));
        assertEquals(List.of("loading step", "step 2", "step 3"), steps.stream().map(RequestedStep::label).toList());
        assertEquals(List.of(true, false, false), steps.stream().map(RequestedStep::loading).toList());
    }

    @Test
    @DisplayName("SR-A7: a plan's expected duration and volume are the sums of its steps")
    void aPlanAddsUpItsSteps() {
        InfusionPlan plan = new InfusionPlan("ketamine-psych", List.of(
                new PlannedStep(new FlowRate(231_000), new Volume(7_700), Duration.ofMinutes(2)),
                new PlannedStep(new FlowRate(50_400), new Volume(42_000), Duration.ofMinutes(50))));
        assertEquals(Duration.ofMinutes(52), plan.expectedDuration());
        assertEquals(new Volume(49_700), plan.totalVolume());
    }

    @Test
    @DisplayName("SR-A1, SR-O1: a programmed infusion keeps its after-care (none for an order journaled before after-care), and its total dose is of the concentration's kind")
    void aProgrammedInfusionKeepsItsAfterCareAndKind() {
        ProgrammedInfusion inf = GoldenPlanTest.check(GoldenPlanTest.ketamine("70kg", "1mg/mL",
                new DoseOverTime(Dose.parse("0.5mg/kg"), Duration.ofMinutes(40)))).infusion().orElseThrow();
        AfterCare watch = new AfterCare(List.of("sedation"), List.of(), Duration.ofMinutes(30));
        ProgrammedInfusion withCare = new ProgrammedInfusion(inf.prescription(), inf.libraryVersion(), inf.plan(),
                inf.steps(), inf.concentration(), inf.totalDose(), inf.highAlert(), inf.kvoAllowed(), inf.vitalsProfile(),
                watch);
        assertEquals(watch, withCare.afterCare());
        ProgrammedInfusion old = new ProgrammedInfusion(inf.prescription(), inf.libraryVersion(), inf.plan(),
                inf.steps(), inf.concentration(), inf.totalDose(), inf.highAlert(), inf.kvoAllowed(), inf.vitalsProfile(),
                null);
        assertEquals(AfterCare.NONE, old.afterCare());
        UnitException e = assertThrows(UnitException.class, () -> new ProgrammedInfusion(inf.prescription(),
                inf.libraryVersion(), inf.plan(), inf.steps(), inf.concentration(), DrugUnits.ofUnits(35), inf.highAlert(),
                inf.kvoAllowed(), inf.vitalsProfile(), watch));
        assertEquals("unit mismatch: 1 mg/mL is mass but 35 units is drug units", e.getMessage());
    }
}
