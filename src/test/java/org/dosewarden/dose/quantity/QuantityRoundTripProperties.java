package org.dosewarden.dose.quantity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Printing a quantity and parsing it back gives the identical value, on the wire and on screen. */
class QuantityRoundTripProperties {

    @Provide
    Arbitrary<BigDecimal> values() {
        return Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("99999")).ofScale(Decimals.MAX_DECIMALS);
    }

    @Provide
    Arbitrary<AmountUnit> amountUnits() {
        return Arbitraries.of(AmountUnit.class);
    }

    @Property
    @Label("unit round trip: dose rate wire and display text parse back exactly")
    void doseRateRoundTrip(@ForAll("values") BigDecimal value, @ForAll("amountUnits") AmountUnit amount,
            @ForAll boolean perKg, @ForAll PerTime time) {
        DoseRate rate = new DoseRate(value, new DoseRateUnit(amount, perKg, time));
        assertEquals(rate, DoseRate.parse(rate.wire()));
        assertEquals(rate, DoseRate.parse(rate.display()));
        assertEquals(rate, DoseRate.of(rate.value().toPlainString(), rate.unit().code()));
    }

    @Property
    @Label("unit round trip: dose and concentration wire text parse back exactly")
    void doseAndConcentrationRoundTrip(@ForAll("values") BigDecimal value, @ForAll("amountUnits") AmountUnit amount,
            @ForAll boolean perKg) {
        Dose dose = new Dose(value, new DoseUnit(amount, perKg));
        assertEquals(dose, Dose.parse(dose.wire()));
        assertEquals(dose, Dose.parse(dose.display()));
        if (value.signum() > 0) {
            Concentration c = new Concentration(value, new ConcentrationUnit(amount));
            assertEquals(c, Concentration.parse(c.wire()));
            assertEquals(c, Concentration.parse(c.display()));
        }
    }

    @Property
    @Label("unit round trip: amounts in base units survive every unit and the display text")
    void amountRoundTrip(@ForAll("amountUnits") AmountUnit unit, @ForAll("bases") long base) {
        DrugAmount amount = DrugAmount.ofBase(unit.kind(), base);
        assertEquals(amount, DrugAmount.of(amount.in(unit), unit));
        assertEquals(amount, DrugAmount.parse(amount.display()));
        assertEquals(0, amount.in(unit).multiply(BigDecimal.valueOf(unit.baseFactor())).compareTo(BigDecimal.valueOf(base)));
    }

    @Provide
    Arbitrary<Long> bases() {
        return Arbitraries.longs().between(0, 999_999_999L);
    }

    @Property
    @Label("unit round trip: weights, volumes and flow rates")
    void weightVolumeFlowRoundTrip(@ForAll("grams") long grams) {
        BodyWeight w = new BodyWeight(grams);
        assertEquals(w, BodyWeight.parse(w.toString()));
        Volume v = new Volume(grams);
        assertEquals(v, Volume.ofMillilitres(v.millilitres()));
        FlowRate f = new FlowRate(grams);
        assertEquals(f, FlowRate.ofMillilitresPerHour(f.millilitresPerHour(), RoundingMode.UNNECESSARY));
    }

    @Provide
    Arbitrary<Long> grams() {
        return Arbitraries.longs().between(1, 10_000_000L);
    }
}
