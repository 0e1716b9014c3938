package org.dosewarden.dose.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.Bounds;
import org.dosewarden.dose.library.CareArea;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.library.DosingForm;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.RateForDuration;
import org.dosewarden.dose.library.Severity;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.ConcentrationUnit;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DoseRateUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SR-A1: a prescription in the wrong kind of amount (drug units for a drug dosed by mass) is refused before any
 * number is checked, with the one finding that says which kind was expected; nothing is planned.
 */
class ProgrammingUnitsTest {

    static ProgrammingResult check(String concentration, Dosing dosing) {
        DrugEntry drugX = DrugEntry.builder("drugx", "ward", DoseRateUnit.parse("mg/h"), ConcentrationUnit.parse("mg/mL"))
                .displayName("drug x").forms(DosingForm.DOSE_RATE).build();
        DrugLibrary library = new DrugLibrary("t1", "units", List.of(), List.of(
                new CareArea("ward", "Ward", Bounds.none(), List.of(drugX))));
        Prescription p = new Prescription("P-1", Optional.empty(), BodyWeight.ofKilograms(70), "drugx", "ward",
                Concentration.parse(concentration), "dr-a", dosing);
        return ProgrammingCheck.check(p, library, PumpCapability.generic(), List.of());
    }

    @Test
    @DisplayName("SR-A1: a concentration in drug units for a drug dosed in mg is one hard finding naming both kinds; nothing is planned")
    void concentrationOfTheWrongKind() {
        ProgrammingResult r = check("1 units/mL", new RateForDuration(DoseRate.parse("4 units/h"), Duration.ofHours(2)));
        assertEquals(Outcome.REFUSED, r.decision().outcome());
        assertEquals(List.of(new Violation("concentration.unit", Severity.HARD, "mg/mL", "1 units/mL",
                "Concentration 1 units/mL is drug units but drug x (ward) is dosed in mg/h (mass)")),
                r.decision().violations());
        assertEquals(Optional.empty(), r.infusion());
    }

    @Test
    @DisplayName("SR-A1: a dose rate in drug units at a mg concentration is one hard finding naming the prescription; nothing is planned")
    void doseOfTheWrongKind() {
        ProgrammingResult r = check("1 mg/mL", new RateForDuration(DoseRate.parse("4 units/h"), Duration.ofHours(2)));
        assertEquals(Outcome.REFUSED, r.decision().outcome());
        assertEquals(List.of(new Violation("dose.unit", Severity.HARD, "mg/h", "4 units/h for 120 min",
                "The prescription (4 units/h for 120 min) is not mass: drug x (ward) is dosed in mg/h")),
                r.decision().violations());
        assertEquals(Optional.empty(), r.infusion());
    }
}
