package org.dosewarden.dose.quantity;

import static org.dosewarden.testing.Theories.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Printing a quantity and parsing it back gives the identical value, on the wire and on screen. */
class QuantityRoundTripProperties {

    private static final long SCALE = BigDecimal.TEN.pow(Decimals.MAX_DECIMALS).longValueExact();

    /** 0 to 99999 with the full six decimals; whole numbers and values below 0.01 are drawn often too. */
    static Gen<BigDecimal> values() {
        return Generate.frequency(
                Pair.of(6, longs().between(0, 99_999 * SCALE)),
                Pair.of(2, longs().between(0, 99_999).map(whole -> whole * SCALE)),
                Pair.of(2, longs().between(0, 10_000)))
                .map(unscaled -> BigDecimal.valueOf(unscaled, Decimals.MAX_DECIMALS));
    }

    static Gen<AmountUnit> amountUnits() {
        return Generate.enumValues(AmountUnit.class);
    }

    @Test
    @DisplayName("unit round trip: dose rate wire and display text parse back exactly")
    void doseRateRoundTrip() {
        qt(1000).forAll(values(), amountUnits(), Generate.booleans(), Generate.enumValues(PerTime.class))
                .checkAssert((value, amount, perKg, time) -> {
                    DoseRate rate = new DoseRate(value, new DoseRateUnit(amount, perKg, time));
                    assertEquals(rate, DoseRate.parse(rate.wire()));
                    assertEquals(rate, DoseRate.parse(rate.display()));
                    assertEquals(rate, DoseRate.of(rate.value().toPlainString(), rate.unit().code()));
                });
    }

    @Test
    @DisplayName("unit round trip: dose and concentration wire text parse back exactly")
    void doseAndConcentrationRoundTrip() {
        qt(1000).forAll(values(), amountUnits(), Generate.booleans()).checkAssert((value, amount, perKg) -> {
            Dose dose = new Dose(value, new DoseUnit(amount, perKg));
            assertEquals(dose, Dose.parse(dose.wire()));
            assertEquals(dose, Dose.parse(dose.display()));
            if (value.signum() > 0) {
                Concentration c = new Concentration(value, new ConcentrationUnit(amount));
                assertEquals(c, Concentration.parse(c.wire()));
                assertEquals(c, Concentration.parse(c.display()));
            }
        });
    }

    @Test
    @DisplayName("unit round trip: amounts in base units survive every unit and the display text")
    void amountRoundTrip() {
        qt(1000).forAll(amountUnits(), longs().between(0, 999_999_999L)).checkAssert((unit, base) -> {
            DrugAmount amount = DrugAmount.ofBase(unit.kind(), base);
            assertEquals(amount, DrugAmount.of(amount.in(unit), unit));
            assertEquals(amount, DrugAmount.parse(amount.display()));
            assertEquals(0, amount.in(unit).multiply(BigDecimal.valueOf(unit.baseFactor())).compareTo(BigDecimal.valueOf(base)));
        });
    }

    @Test
    @DisplayName("unit round trip: weights, volumes and flow rates")
    void weightVolumeFlowRoundTrip() {
        qt(1000).forAll(longs().between(1, 10_000_000L)).checkAssert(grams -> {
            BodyWeight w = new BodyWeight(grams);
            assertEquals(w, BodyWeight.parse(w.toString()));
            Volume v = new Volume(grams);
            assertEquals(v, Volume.ofMillilitres(v.millilitres()));
            FlowRate f = new FlowRate(grams);
            assertEquals(f, FlowRate.ofMillilitresPerHour(f.millilitresPerHour(), RoundingMode.UNNECESSARY));
        });
    }
}
