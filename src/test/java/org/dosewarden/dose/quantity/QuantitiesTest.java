package org.dosewarden.dose.quantity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import org.dosewarden.dose.plan.PumpCapability;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

    @Test
    void mcgIsAcceptedOnInputWrittenUgOnTheWireAndMcgOnScreen() {
        Dose d = Dose.parse("0.5mcg/kg");
        assertEquals(AmountUnit.MICROGRAM, d.unit().amount());
        assertEquals("0.5 ug/kg", d.wire());
        assertEquals("0.5 mcg/kg", d.display());
    }

    @ParameterizedTest
    @CsvSource({
            "0.50 mg/kg/h, 0.5 mg/kg/h",
            "10.0 ug/kg/min, 10 mcg/kg/min",
            "3 [iU]/h, 3 units/h",
            "3 U/h, 3 units/h",
            "1 units/kg/h, 1 units/kg/h",
            "0.05 mcg/kg/h, 0.05 mcg/kg/h"})
    void doseRatesDisplayWithLeadingZeroAndNoTrailingZero(String input, String display) {
        assertEquals(display, DoseRate.parse(input).display());
    }

    @Test
    void perMinuteRatesAreCanonicalPerHourExactly() {
        assertEquals(0, DoseRate.parse("1 ug/kg/min").canonical().compareTo(new BigDecimal("60")));
        assertEquals(0, DoseRate.parse("0.75 mg/kg/h").canonical().compareTo(new BigDecimal("750")));
        assertEquals(0, DoseRate.parse("0.0125 mg/kg/min").compareTo(DoseRate.parse("0.75 mg/kg/h")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5 mgg/kg", "0.5 Mg/kg", "0.5 mg/lb", "0.5 mg/kg/day"})
    void unknownUnitsAreErrorsThatNameTheUnit(String text) {
        UnitException e = assertThrows(UnitException.class, () -> Dose.parse(text));
        String unit = text.substring(4);
        assertTrue(e.getMessage().contains("'" + unit + "'"), e.getMessage());
    }

    @Test
    void aNumberWithoutLeadingZeroIsRefused() {
        UnitException e = assertThrows(UnitException.class, () -> Dose.parse(".5 mg/kg"));
        assertTrue(e.getMessage().contains("write 0.5, not .5"), e.getMessage());
    }

    @Test
    void massAndDrugUnitsNeverMix() {
        DrugAmount mass = DrugAmount.parse("5 mg");
        DrugAmount units = DrugAmount.parse("5 units");
        UnitException e = assertThrows(UnitException.class, () -> mass.plus(units));
        assertTrue(e.getMessage().contains("drug units") && e.getMessage().contains("mass"), e.getMessage());
        assertThrows(UnitException.class, () -> mass.compareTo(units));
        assertThrows(UnitException.class, () -> Dose.parse("1 mg/kg").compareTo(Dose.parse("1 units/kg")));
        assertThrows(UnitException.class, () -> Dose.parse("1 mg/kg").compareTo(Dose.parse("1 mg")));
        assertThrows(UnitException.class,
                () -> Concentration.parse("50 units/mL").volumeFor(DrugAmount.parse("1 mg"), RoundingMode.DOWN));
    }

    @Test
    void mgAndMcgAreTheSameDimensionAndCompareExactly() {
        assertEquals(0, Dose.parse("1 mg/kg").compareTo(Dose.parse("1000 mcg/kg")));
        assertTrue(Dose.parse("1 mg/kg").compareTo(Dose.parse("999 ug/kg")) > 0);
        assertEquals(new Mass(7_700), DrugAmount.parse("7.7 mg"));
        assertEquals("7.7 mg", new Mass(7_700).display());
        assertEquals("250 mcg", new Mass(250).display());
        assertEquals("0.5 units", new DrugUnits(500).display());
    }

    @Test
    void amountsFinerThanTheBaseUnitAreRefused() {
        assertThrows(UnitException.class, () -> DrugAmount.parse("0.0001 mg"));
        assertThrows(UnitException.class, () -> BodyWeight.parse("70.0005 kg"));
    }

    @Test
    void weightParsesKgAndGramsAndRefusesOtherUnits() {
        assertEquals(new BodyWeight(70_500), BodyWeight.parse("70.5kg"));
        assertEquals(new BodyWeight(3_500), BodyWeight.parse("3500 g"));
        assertEquals("70.5 kg", BodyWeight.parse("70.5kg").toString());
        UnitException e = assertThrows(UnitException.class, () -> BodyWeight.parse("154 lb"));
        assertTrue(e.getMessage().contains("'lb'"), e.getMessage());
        assertThrows(UnitException.class, () -> BodyWeight.parse("0 kg"));
    }

    @Test
    void concentrationConvertsAmountsAndVolumesWithTheNamedRounding() {
        Concentration c = Concentration.parse("4 mcg/mL");
        // 0.001 mL at 4 mcg/mL = 0.004 mcg: kept exact, rounded only where asked
        assertEquals(0, c.baseAmountIn(new Volume(1)).compareTo(new BigDecimal("0.004")));
        assertEquals(new Mass(0), c.amountIn(new Volume(1), RoundingMode.DOWN));
        assertEquals(new Volume(333), Concentration.parse("3 mg/mL").volumeFor(Mass.ofMilligrams(1), RoundingMode.DOWN));
        assertEquals(new Volume(334), Concentration.parse("3 mg/mL").volumeFor(Mass.ofMilligrams(1), RoundingMode.UP));
        assertEquals(new FlowRate(52_500), Concentration.parse("1 mg/mL").flowFor(new BigDecimal("52500"), RoundingMode.DOWN));
    }

    @Test
    void durationsParseHumanAndIsoForms() {
        assertEquals(Duration.ofMinutes(40), DurationText.parse("40min"));
        assertEquals(Duration.ofMinutes(40), DurationText.parse("PT40M"));
        assertEquals(Duration.ofMinutes(90), DurationText.parse("1.5 h"));
        assertEquals("100 min", DurationText.display(Duration.ofMinutes(100)));
        assertEquals("1 min 30 s", DurationText.display(Duration.ofSeconds(90)));
        assertThrows(UnitException.class, () -> DurationText.parse("40 days"));
        assertThrows(UnitException.class, () -> DurationText.parse("PT0S"));
    }

    @Test
    @DisplayName("SR-A3: pump capability floors rates and volumes onto its steps (toward less drug)")
    void pumpCapabilityFloorsOntoSteps() {
        PumpCapability pump = PumpCapability.generic();
        assertEquals(new FlowRate(52_400), pump.floorRate(new FlowRate(52_499)));
        assertEquals(new Volume(34_990), pump.floorVolume(new Volume(34_999)));
        assertTrue(pump.canRun(new FlowRate(231_000)));
        assertTrue(!pump.canRun(new FlowRate(231_050)));
    }
}
