package org.dosewarden.dose.check;

import static org.dosewarden.dose.plan.GoldenPlanTest.LIBRARY;
import static org.dosewarden.dose.plan.GoldenPlanTest.PUMP;
import static org.dosewarden.dose.plan.GoldenPlanTest.ketamine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * INCIDENT-5 of the hazard log: tenfold (and thousandfold) programming slips, the most reported class of smart-pump
 * programming error. Against the shipped ketamine-psych entry (dose rate hard maximum 1.6 mg/kg/h, concentration
 * hard 0.5-5 mg/mL), for a 70 kg patient.
 */
class ProgrammingIncidentTest {

    static ProgrammingResult check(Prescription p, LimitOverride... overrides) {
        return ProgrammingCheck.check(p, LIBRARY, PUMP, List.of(overrides));
    }

    static Violation violation(ProgrammingResult r, String limitId) {
        return r.decision().violations().stream().filter(v -> v.limitId().equals(limitId)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + limitId + " in " + r.decision().violations()));
    }

    @Test
    @DisplayName("INCIDENT-5: a dose rate typed ten times too high (7.5 for 0.75 mg/kg/h) is refused by the hard maximum; "
            + "no override passes it (SR-A1)")
    void tenfoldRateRefused() {
        Prescription p = ketamine("70kg", "1mg/mL", new RateWithTotal(DoseRate.parse("7.5mg/kg/h"), Dose.parse("0.5mg/kg")));
        ProgrammingResult r = check(p, new LimitOverride("doseRate.hardMax", "sure"),
                new LimitOverride("doseRate.softMax", "sure"));
        assertEquals(Outcome.REFUSED, r.decision().outcome());
        Violation v = violation(r, "doseRate.hardMax");
        assertTrue(v.hard());
        assertEquals("1.6 mg/kg/h", v.limit());
        assertEquals("7.5 mg/kg/h", v.requested());
        assertEquals(ProgrammingCheck.check(ketamine("70kg", "1mg/mL", new RateWithTotal(DoseRate.parse("0.75mg/kg/h"),
                Dose.parse("0.5mg/kg"))), LIBRARY, PUMP, List.of()).decision().outcome(), Outcome.ALLOWED,
                "the intended 0.75 mg/kg/h is allowed");
    }

    @Test
    @DisplayName("INCIDENT-5: a concentration typed ten times too high (10 for 1 mg/mL) is refused by the hard "
            + "maximum (SR-A1)")
    void tenfoldConcentrationRefused() {
        ProgrammingResult r = check(ketamine("70kg", "10mg/mL", new DoseOverTime(Dose.parse("0.5mg/kg"),
                Duration.ofMinutes(40))), new LimitOverride("concentration.hardMax", "sure"));
        assertEquals(Outcome.REFUSED, r.decision().outcome());
        Violation v = violation(r, "concentration.hardMax");
        assertEquals("5 mg/mL", v.limit());
        assertEquals("10 mg/mL", v.requested());
    }

    @Test
    @DisplayName("INCIDENT-5: a dose ten times too low (0.05 for 0.5 mg/kg over 40 min) is held for an override of the "
            + "soft minimums, each named (SR-A1)")
    void tenfoldLowNeedsOverride() {
        ProgrammingResult r = check(ketamine("70kg", "1mg/mL", new DoseOverTime(Dose.parse("0.05mg/kg"),
                Duration.ofMinutes(40))));
        assertEquals(Outcome.NEEDS_OVERRIDE, r.decision().outcome());
        List<String> pending = r.decision().pendingOverrides().stream().map(Violation::limitId).toList();
        assertTrue(pending.containsAll(List.of("doseOverTime.dose.softMin", "doseRate.softMin")), pending.toString());
    }

    @Test
    @DisplayName("INCIDENT-5: 500 ug/kg plans exactly as 0.5 mg/kg; 500 mg/kg (a thousandfold unit slip) is refused "
            + "(SR-A1, SR-A3)")
    void unitSlipRefused() {
        DoseOverTime micrograms = new DoseOverTime(Dose.parse("500ug/kg"), Duration.ofMinutes(40));
        DoseOverTime milligrams = new DoseOverTime(Dose.parse("0.5mg/kg"), Duration.ofMinutes(40));
        ProgrammingResult ug = check(ketamine("70kg", "1mg/mL", micrograms));
        ProgrammingResult mg = check(ketamine("70kg", "1mg/mL", milligrams));
        assertEquals(Outcome.ALLOWED, ug.decision().outcome(), ug.decision().violations().toString());
        assertEquals(mg.infusion().orElseThrow().plan(), ug.infusion().orElseThrow().plan());
        ProgrammingResult slip = check(ketamine("70kg", "1mg/mL", new DoseOverTime(Dose.parse("500mg/kg"),
                Duration.ofMinutes(40))));
        assertEquals(Outcome.REFUSED, slip.decision().outcome());
        assertTrue(violation(slip, "doseOverTime.dose.hardMax").hard());
        assertTrue(violation(slip, "sessionTotal.hardMax").hard());
    }
}
