package org.dosewarden.dose.quantity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The text a clinician reads for each quantity (in refusals, findings and the journal), the unit each is shown
 * in, and the comparisons the limit checks rest on: exact strings, exact edges.
 */
class QuantityTextTest {

    @Test
    @DisplayName("SR-A1: an amount is shown in mcg below 1 mg and in mg from exactly 1 mg; zero reads 0 mg")
    void amountsChooseTheirUnitAtExactlyOneMilligram() {
        assertEquals("999 mcg", new Mass(999).display());
        assertEquals("1 mg", new Mass(1000).display());
        assertEquals("1.25 mg", new Mass(1250).toString());
        assertEquals("0 mg", Mass.ZERO.toString());
        assertEquals(0, new BigDecimal("1.5").compareTo(new Mass(1500).wireValue()));
        assertEquals(0, new BigDecimal("999").compareTo(new Mass(999).wireValue()));
        assertEquals("0 units", new DrugUnits(0).toString());
        assertEquals("2.5 units", new DrugUnits(2500).toString());
    }

    @Test
    @DisplayName("SR-A1: mass and drug units are never added, compared or converted into each other; the refusal names both")
    void amountsOfDifferentKindsAreRefusedByName() {
        DrugAmount mass = Mass.ofMilligrams(5);
        DrugAmount units = DrugUnits.ofUnits(1);
        UnitException in = assertThrows(UnitException.class, () -> mass.in(AmountUnit.UNIT));
        assertEquals("unit mismatch: [iU] is drug units but 5 mg is mass", in.getMessage());
        UnitException plus = assertThrows(UnitException.class, () -> mass.plus(units));
        assertEquals("unit mismatch: 1 units is drug units but 5 mg is mass", plus.getMessage());
        UnitException compare = assertThrows(UnitException.class, () -> units.compareTo(mass));
        assertEquals("unit mismatch: 5 mg is mass but 1 units is drug units", compare.getMessage());
    }

    @Test
    @DisplayName("SR-A4: amounts add up exactly and order by their amount")
    void amountsAddAndCompareExactly() {
        DrugAmount given = new Mass(1500);
        assertEquals(new Mass(2000), given.plus(new Mass(500)));
        assertEquals(new Mass(1250), Mass.ofMilligrams(1).plus(new Mass(250)));
        assertEquals(DrugUnits.ofUnits(5), DrugUnits.ofUnits(2).plus(DrugUnits.ofUnits(3)));
        assertTrue(new Mass(1).compareTo(new Mass(2)) < 0);
        assertTrue(new Mass(2).compareTo(new Mass(1)) > 0);
        assertEquals(0, new Mass(2).compareTo(new Mass(2)));
        assertEquals(0, new BigDecimal("2.5").compareTo(new Mass(2500).in(AmountUnit.MILLIGRAM)));
    }

    @Test
    @DisplayName("SR-A1: a negative amount is refused with its value; zero is an amount")
    void negativeAmountsAreRefused() {
        assertEquals("drug units must not be negative: -1 m[iU]",
                assertThrows(IllegalArgumentException.class, () -> new DrugUnits(-1)).getMessage());
        assertEquals("mass must not be negative: -1 ug",
                assertThrows(IllegalArgumentException.class, () -> new Mass(-1)).getMessage());
        assertEquals(0, new DrugUnits(0).baseAmount());
    }

    @Test
    @DisplayName("SR-A1: an amount finer than the base unit is refused naming the base unit (1 ug, 1 m[iU])")
    void amountsFinerThanTheBaseUnitNameIt() {
        assertEquals("amount 0.0005 mg is finer than 1 ug", assertThrows(UnitException.class,
                () -> DrugAmount.of(new BigDecimal("0.0005"), AmountUnit.MILLIGRAM)).getMessage());
        assertEquals("amount 0.0005 units is finer than 1 m[iU]", assertThrows(UnitException.class,
                () -> DrugAmount.of(new BigDecimal("0.0005"), AmountUnit.UNIT)).getMessage());
    }

    @Test
    @DisplayName("SR-A3: volumes and flow rates read in mL and mL/h; the smaller of two is the cap")
    void volumesAndFlowsReadInMillilitres() {
        assertEquals("2.5 mL", new Volume(2500).toString());
        assertEquals("10 mL", new Volume(10_000).toString());
        assertEquals("1.5 mL/h", new FlowRate(1500).toString());
        assertEquals("120 mL/h", new FlowRate(120_000).toString());
        assertEquals(new Volume(2500), Volume.ofMillilitres(new BigDecimal("2.5")));
        assertThrows(ArithmeticException.class, () -> Volume.ofMillilitres(new BigDecimal("2.0005")));
        assertEquals(new Volume(2000), Volume.ofMillilitres(new BigDecimal("2.0009"), RoundingMode.DOWN));
        assertEquals(new Volume(200), Volume.min(new Volume(300), new Volume(200)));
        assertEquals(new Volume(200), Volume.min(new Volume(200), new Volume(300)));
        assertEquals(new FlowRate(200), FlowRate.min(new FlowRate(300), new FlowRate(200)));
        assertEquals(new FlowRate(200), FlowRate.min(new FlowRate(200), new FlowRate(300)));
        assertTrue(new FlowRate(100).compareTo(new FlowRate(200)) < 0);
        assertTrue(new FlowRate(200).compareTo(new FlowRate(100)) > 0);
        assertTrue(new Volume(100).compareTo(new Volume(200)) < 0);
    }

    @Test
    @DisplayName("SR-A1: body weight reads in kg, compares by grams and rounds to whole kg as asked")
    void bodyWeightReadsInKilograms() {
        BodyWeight w = BodyWeight.ofKilograms(new BigDecimal("70.5"));
        assertEquals(new BodyWeight(70_500), w);
        assertEquals("70.5 kg", w.toString());
        assertEquals(70, w.kilograms(RoundingMode.FLOOR));
        assertEquals(71, w.kilograms(RoundingMode.CEILING));
        assertEquals("kg", BodyWeight.wireUnit());
        assertTrue(BodyWeight.ofKilograms(70).compareTo(w) < 0);
        assertTrue(w.compareTo(BodyWeight.ofKilograms(70)) > 0);
        assertEquals("body weight must be above zero: 0 g",
                assertThrows(UnitException.class, () -> new BodyWeight(0)).getMessage());
    }

    @Test
    @DisplayName("SR-A1: doses and dose rates read back as written, with their dimension per kg or not")
    void dosesAndRatesNameTheirDimension() {
        Dose perKg = Dose.parse("0.5 mg/kg");
        Dose absolute = Dose.parse("5 mg");
        assertEquals("0.5 mg/kg", perKg.toString());
        assertEquals("mass/kg", perKg.dimension());
        assertEquals("mass", absolute.dimension());
        assertTrue(perKg.perKg());
        assertFalse(absolute.perKg());
        assertEquals(new Mass(35_000), perKg.amountFor(BodyWeight.ofKilograms(70), RoundingMode.FLOOR));
        assertEquals(new Mass(5_000), absolute.amountFor(BodyWeight.ofKilograms(70), RoundingMode.FLOOR));

        DoseRate rate = DoseRate.parse("0.75 mg/kg/h");
        assertEquals("0.75 mg/kg/h", rate.toString());
        assertEquals("mass/kg/h", rate.dimension());
        assertEquals("drug units/h", DoseRate.parse("3 units/h").dimension());
        assertFalse(DoseRate.parse("3 units/h").perKg());
        assertTrue(DoseRate.parse("1 mg/kg/h").compareTo(DoseRate.parse("2 mg/kg/h")) < 0);
        assertTrue(DoseRate.parse("2 mg/kg/h").compareTo(DoseRate.parse("1 mg/kg/h")) > 0);
        assertTrue(Dose.parse("1 mg").compareTo(Dose.parse("999 mcg")) > 0);
        assertEquals("unit mismatch: 1 mg/h (mass/h) cannot be compared with 1 mg/kg/h (mass/kg/h)",
                assertThrows(UnitException.class,
                        () -> DoseRate.parse("1 mg/kg/h").compareTo(DoseRate.parse("1 mg/h"))).getMessage());
        assertEquals("unit mismatch: 1 mg (mass) cannot be compared with 1 mg/kg (mass/kg)",
                assertThrows(UnitException.class, () -> Dose.parse("1 mg/kg").compareTo(Dose.parse("1 mg"))).getMessage());
    }

    @Test
    @DisplayName("SR-A3: a concentration reads as written and converts a pump rate into drug per hour")
    void concentrationsReadAndConvert() {
        Concentration c = Concentration.parse("1 mg/mL");
        assertEquals("1 mg/mL", c.toString());
        assertEquals("50 mcg/mL", Concentration.parse("50 mcg/mL").toString());
        assertEquals("mass/mL", c.dimension());
        assertEquals("drug units/mL", Concentration.parse("1 units/mL").dimension());
        assertEquals(0, new BigDecimal("2000").compareTo(c.basePerHourAt(new FlowRate(2000))));
        assertEquals(0, new BigDecimal("3").compareTo(Concentration.parse("1.5 mcg/mL").basePerHourAt(new FlowRate(2000))));
        assertEquals("unit mismatch: 1 units/mL (drug units/mL) cannot be compared with 1 mg/mL (mass/mL)",
                assertThrows(UnitException.class, () -> c.compareTo(Concentration.parse("1 units/mL"))).getMessage());
    }

    @Test
    @DisplayName("SR-A1: unit codes read back on the wire (ug, not mcg); mg/ml is accepted as mg/mL")
    void unitsReadBackByTheirCode() {
        assertEquals("mg/mL", ConcentrationUnit.parse("mg/ml").toString());
        assertEquals("mg/mL", ConcentrationUnit.parse("mg/mL").toString());
        assertEquals("unknown concentration unit 'mg/L'; expected amount/mL, e.g. mg/mL, mcg/mL, units/mL",
                assertThrows(UnitException.class, () -> ConcentrationUnit.parse("mg/L")).getMessage());
        assertEquals("ug/kg", DoseUnit.parse("mcg/kg").toString());
        assertEquals("ug", DoseUnit.parse("mcg").toString());
        assertEquals("ug/kg/min", DoseRateUnit.parse("mcg/kg/min").toString());
        assertEquals("[iU]/h", DoseRateUnit.parse("units/h").toString());
    }

    @Test
    @DisplayName("SR-A1: a malformed quantity is refused with an example of the form expected")
    void malformedQuantitiesShowAnExample() {
        assertEquals("dose 'x' is not a number followed by a unit (e.g. 0.5mg/kg; write 0.5, not .5)",
                assertThrows(UnitException.class, () -> Dose.parse("x")).getMessage());
        assertEquals("dose rate 'x' is not a number followed by a unit (e.g. 0.75mg/kg/h; write 0.5, not .5)",
                assertThrows(UnitException.class, () -> DoseRate.parse("x")).getMessage());
        assertEquals("concentration 'x' is not a number followed by a unit (e.g. 1mg/mL; write 0.5, not .5)",
                assertThrows(UnitException.class, () -> Concentration.parse("x")).getMessage());
        assertEquals("weight 'x' is not a number followed by a unit (e.g. 70kg; write 0.5, not .5)",
                assertThrows(UnitException.class, () -> BodyWeight.parse("x")).getMessage());
        assertEquals("amount 'x' is not a number followed by a unit (e.g. 35mg; write 0.5, not .5)",
                assertThrows(UnitException.class, () -> DrugAmount.parse("x")).getMessage());
        assertEquals(0, BigDecimal.ZERO.compareTo(Decimals.checked(BigDecimal.ZERO, "dose")));
        assertEquals("dose must not be negative: -0.1",
                assertThrows(UnitException.class, () -> Decimals.checked(new BigDecimal("-0.1"), "dose")).getMessage());
    }

    @Test
    @DisplayName("SR-A7: durations read in h from exactly 3 h, in min and s below; whole seconds parse, finer ones are refused")
    void durationsReadAsAClinicianWritesThem() {
        assertEquals("3 h", DurationText.display(Duration.ofHours(3)));
        assertEquals("179 min 59 s", DurationText.display(Duration.ofSeconds(3 * 3600 - 1)));
        assertEquals("3 h 1 min 5 s", DurationText.display(Duration.ofSeconds(3 * 3600 + 65)));
        assertEquals("0 s", DurationText.display(Duration.ZERO));
        assertEquals(Duration.ofSeconds(41), DurationText.parse("41s"));
        assertEquals(Duration.ofSeconds(90), DurationText.parse("1.5min"));
        assertEquals("duration '0.5s' is finer than one second",
                assertThrows(UnitException.class, () -> DurationText.parse("0.5s")).getMessage());
        assertEquals(new BigDecimal("1.5"), DurationText.minutes(Duration.ofSeconds(90)));
        assertEquals(new BigDecimal("0.3333"), DurationText.minutes(Duration.ofSeconds(20)));
        assertSame(BigDecimal.ZERO, DurationText.minutes(Duration.ZERO));
    }

    @Test
    @DisplayName("SR-A3: a fraction never divides by zero and orders exactly")
    void fractionsRefuseZeroDenominators() {
        assertEquals("fraction denominator must be above zero: 0", assertThrows(ArithmeticException.class,
                () -> new Fraction(BigDecimal.ONE, BigDecimal.ZERO)).getMessage());
        assertEquals("division by 0", assertThrows(ArithmeticException.class,
                () -> Fraction.of(1).dividedBy(BigDecimal.ZERO)).getMessage());
        Fraction third = Fraction.of(1).dividedBy(BigDecimal.valueOf(3));
        Fraction half = Fraction.of(1).dividedBy(BigDecimal.valueOf(2));
        assertTrue(third.compareTo(half) < 0);
        assertTrue(half.compareTo(third) > 0);
        assertEquals(0, half.compareTo(new Fraction(BigDecimal.valueOf(2), BigDecimal.valueOf(4))));
        assertTrue(third.compareTo(new BigDecimal("0.3334")) < 0);
        assertTrue(third.compareTo(new BigDecimal("0.3333")) > 0);
        assertEquals(0, half.compareTo(new BigDecimal("0.5")));
    }
}
