package org.dosewarden.dose.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.ConcentrationUnit;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DoseRateUnit;
import org.dosewarden.dose.quantity.DoseUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A drug-library entry built the way the library reader builds it (every setter chained, inside the test, so
 * the builder is exercised by a test and not by a class initialiser), and the small library values whose text
 * a clinician reads in findings, prompts and the journal.
 */
class LibraryEntryTest {

    @Test
    @DisplayName("SR-A1, SR-I2, SR-K1: an entry keeps every limit, flag and protocol its builder was given")
    void theBuilderKeepsEverythingItWasGiven() {
        ConcentrationLimits concentration = new ConcentrationLimits(ConcentrationUnit.parse("mg/mL"),
                List.of(Concentration.parse("1 mg/mL")), Bounds.of(null, null, null, Concentration.parse("2 mg/mL")));
        Bounds<DoseRate> doseRate = Bounds.of(null, null, DoseRate.parse("0.5 mg/kg/h"), DoseRate.parse("1 mg/kg/h"));
        DoseOverTimeLimits doseOverTime = new DoseOverTimeLimits(DoseUnit.parse("mg/kg"),
                Bounds.of(null, null, null, Dose.parse("0.75 mg/kg")), Bounds.of(null, null, null, Duration.ofMinutes(60)));
        StepLimits steps = new StepLimits(3, Bounds.of(null, null, null, Dose.parse("0.2 mg/kg")), Bounds.none(),
                Bounds.none());
        Bounds<Dose> sessionTotal = Bounds.of(null, null, null, Dose.parse("1 mg/kg"));
        CourseLimits course = new CourseLimits(Bounds.of(Duration.ofDays(2), null, null, null), Bounds.none(),
                Bounds.none());
        Protocol protocol = new Protocol("induction", "induction session",
                new DoseOverTime(Dose.parse("0.5 mg/kg"), Duration.ofMinutes(40)));
        AfterCare afterCare = new AfterCare(List.of("dissociation"), List.of(ObservationPrompt.parse("end")),
                Duration.ofMinutes(30));

        DrugEntry entry = DrugEntry.builder("ketamine-psych", "psychiatry", DoseRateUnit.parse("mg/kg/h"),
                        ConcentrationUnit.parse("mg/mL"))
                .drug("ketamine")
                .displayName("ketamine — psychiatric session")
                .forms(DosingForm.DOSE_OVER_TIME, DosingForm.STEPS)
                .concentration(concentration)
                .doseRate(doseRate)
                .doseOverTime(doseOverTime)
                .steps(steps)
                .sessionTotal(sessionTotal)
                .course(course)
                .highAlert(true)
                .vitalsProfile("psych-default")
                .kvoAllowed(true)
                .protocol(protocol)
                .afterCare(afterCare)
                .build();

        assertEquals("ketamine-psych", entry.id());
        assertEquals("ketamine", entry.drug());
        assertEquals("ketamine — psychiatric session (psychiatry)", entry.describe());
        assertEquals(Set.of(DosingForm.DOSE_OVER_TIME, DosingForm.STEPS), entry.forms());
        assertEquals(concentration, entry.concentration());
        assertEquals(doseRate, entry.doseRate());
        assertEquals(doseOverTime, entry.doseOverTime());
        assertEquals(steps, entry.steps());
        assertEquals(sessionTotal, entry.sessionTotal());
        assertEquals(course, entry.course());
        assertTrue(entry.highAlert());
        assertEquals(Optional.of("psych-default"), entry.vitalsProfile());
        assertTrue(entry.kvoAllowed());
        assertEquals(List.of(protocol), entry.protocols());
        assertEquals(afterCare, entry.afterCare());
    }

    @Test
    @DisplayName("SR-A1: an entry built with nothing optional has no limits, no forms, no high alert, no KVO and no after-care")
    void anEntryWithNothingOptional() {
        DrugEntry entry = DrugEntry.builder("heparin", "icu", DoseRateUnit.parse("units/h"),
                ConcentrationUnit.parse("units/mL")).build();
        assertEquals("heparin (icu)", entry.describe());
        assertEquals(Set.of(), entry.forms());
        assertTrue(entry.doseRate().isEmpty());
        assertTrue(entry.sessionTotal().isEmpty());
        assertTrue(entry.course().isEmpty());
        assertTrue(entry.concentration().bounds().isEmpty());
        assertEquals(DoseUnit.parse("units"), entry.doseOverTime().unit());
        assertEquals(1, entry.steps().maxSteps());
        assertFalse(entry.highAlert());
        assertFalse(entry.kvoAllowed());
        assertEquals(Optional.empty(), entry.vitalsProfile());
        assertFalse(entry.afterCare().monitors());
    }

    @Test
    @DisplayName("SR-A1, SR-K1: limits are empty only when every one of them is absent")
    void boundsAreEmptyOnlyWithNoLimitAtAll() {
        Dose d = Dose.parse("1 mg");
        assertTrue(Bounds.<Dose>none().isEmpty());
        assertFalse(Bounds.of(d, null, null, null).isEmpty());
        assertFalse(Bounds.of(null, d, null, null).isEmpty());
        assertFalse(Bounds.of(null, null, d, null).isEmpty());
        assertFalse(Bounds.of(null, null, null, d).isEmpty());

        Bounds<Duration> interval = Bounds.of(Duration.ofDays(1), null, null, null);
        Bounds<Integer> sessions = Bounds.of(null, null, null, 6);
        Bounds<Dose> dose = Bounds.of(null, null, null, Dose.parse("3 mg/kg"));
        assertTrue(CourseLimits.none().isEmpty());
        assertFalse(new CourseLimits(interval, Bounds.none(), Bounds.none()).isEmpty());
        assertFalse(new CourseLimits(Bounds.none(), sessions, Bounds.none()).isEmpty());
        assertFalse(new CourseLimits(Bounds.none(), Bounds.none(), dose).isEmpty());
    }

    @Test
    @DisplayName("SR-O1, SR-O3: after-care monitors only with a period, and names only its own observations")
    void afterCareMonitorsAndNamesItsObservations() {
        AfterCare care = new AfterCare(List.of("dissociation", "sedation"), List.of(), Duration.ofMinutes(30));
        assertTrue(care.monitors());
        assertTrue(care.names("sedation"));
        assertFalse(care.names("nausea"));
        AfterCare none = new AfterCare(List.of("sedation"), List.of(), Duration.ZERO);
        assertFalse(none.monitors());
        assertFalse(AfterCare.NONE.names("sedation"));
    }

    @Test
    @DisplayName("SR-A1: dosing forms read as a clinician wrote them (rate up to a total, rate for a time, dose over time, steps)")
    void dosingFormsReadAsWritten() {
        assertEquals("0.5 mg/kg/h up to 1 mg/kg",
                new RateWithTotal(DoseRate.parse("0.5 mg/kg/h"), Dose.parse("1 mg/kg")).toString());
        assertEquals("0.5 mg/kg/h for 40 min",
                new RateForDuration(DoseRate.parse("0.5 mg/kg/h"), Duration.ofMinutes(40)).toString());
        DoseOverTime loading = new DoseOverTime(Dose.parse("0.1 mg/kg"), Duration.ofMinutes(10));
        DoseOverTime maintenance = new DoseOverTime(Dose.parse("0.4 mg/kg"), Duration.ofMinutes(30));
        assertEquals("0.1 mg/kg over 10 min", loading.toString());
        StepProgram program = new StepProgram(List.of(loading, maintenance));
        assertEquals("0.1 mg/kg over 10 min, then 0.4 mg/kg over 30 min", program.toString());
        assertEquals(Duration.ofMinutes(40), program.totalDuration());
        assertEquals("doseOverTime", DosingForm.DOSE_OVER_TIME.key());
        assertEquals("steps", DosingForm.STEPS.key());
        assertEquals("doseRate", DosingForm.DOSE_RATE.key());
        assertEquals(DosingForm.DOSE_RATE, DosingForm.ofKey(DosingForm.DOSE_RATE.key()));
    }

    @Test
    @DisplayName("SR-O2: an observation prompt reads back as written: a time after the start, or end")
    void observationPromptsReadBack() {
        assertEquals("end", ObservationPrompt.parse("end").toString());
        assertEquals("PT10M", ObservationPrompt.parse("10min").toString());
    }

    @Test
    @DisplayName("SR-A1: a vital limit trips exactly at its edge as written (at or above, above, at or below, below)")
    void vitalLimitsTripAtTheirEdge() {
        VitalLimit atOrAbove = new VitalLimit(VitalSign.SYSTOLIC_BP, VitalLimit.Trip.AT_OR_ABOVE, 160);
        assertTrue(atOrAbove.breachedBy(160));
        assertFalse(atOrAbove.breachedBy(159));
        VitalLimit above = new VitalLimit(VitalSign.HEART_RATE, VitalLimit.Trip.ABOVE, 110);
        assertTrue(above.breachedBy(111));
        assertFalse(above.breachedBy(110));
        VitalLimit atOrBelow = new VitalLimit(VitalSign.SPO2, VitalLimit.Trip.AT_OR_BELOW, 90);
        assertTrue(atOrBelow.breachedBy(90));
        assertFalse(atOrBelow.breachedBy(91));
        VitalLimit below = new VitalLimit(VitalSign.RESPIRATORY_RATE, VitalLimit.Trip.BELOW, 8);
        assertTrue(below.breachedBy(7));
        assertFalse(below.breachedBy(8));
        assertEquals("systolic blood pressure ≥ 160 mmHg", atOrAbove.describe());
        assertEquals("SpO2 ≤ 90 %", atOrBelow.describe());
        assertTrue(new VitalLimit(VitalSign.SPO2, VitalLimit.Trip.BELOW, 1).breachedBy(0));
        assertEquals("SpO2 limit must be positive: 0", assertThrows(IllegalArgumentException.class,
                () -> new VitalLimit(VitalSign.SPO2, VitalLimit.Trip.BELOW, 0)).getMessage());
    }

    @Test
    @DisplayName("SR-A1: a vitals profile may act on a single soft reading; none is refused")
    void aProfileNeedsAtLeastOneSoftReading() {
        VitalsProfile designed = VitalsProfile.designedDefault("psych", true);
        VitalsProfile single = new VitalsProfile("single", true, designed.startGate(), designed.startGateMaxAge(),
                designed.softLimits(), 1, designed.hardLimits(), designed.spo2HardHold(),
                designed.bloodPressureMaxAge(), designed.continuousMaxGap());
        assertEquals(1, single.softConsecutiveReadings());
        assertEquals("softConsecutiveReadings must be at least 1: 0", assertThrows(IllegalArgumentException.class,
                () -> new VitalsProfile("none", true, designed.startGate(), designed.startGateMaxAge(),
                        designed.softLimits(), 0, designed.hardLimits(), designed.spo2HardHold(),
                        designed.bloodPressureMaxAge(), designed.continuousMaxGap())).getMessage());
    }
}
