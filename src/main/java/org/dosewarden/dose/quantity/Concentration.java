package org.dosewarden.dose.quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The concentration of a prepared infusion: amount per millilitre ("1 mg/mL", "4 mcg/mL", "50 units/mL"),
 * held exactly as written. Converts between drug amounts and volumes, naming the rounding mode each time.
 *
 * @param value above zero, at most {@value Decimals#MAX_DECIMALS} decimals, normalised
 * @param unit  the concentration unit
 */
public record Concentration(BigDecimal value, ConcentrationUnit unit) implements DrugQuantity, Comparable<Concentration> {

    private static final BigDecimal MICROLITRES_PER_ML = BigDecimal.valueOf(1000);

    public Concentration {
        value = Decimals.checked(Objects.requireNonNull(value, "value"), "concentration");
        Objects.requireNonNull(unit, "unit");
        if (value.signum() == 0) {
            throw new UnitException("concentration must be above zero: 0 " + unit.display());
        }
    }

    public static Concentration of(BigDecimal value, String unitCode) {
        return new Concentration(value, ConcentrationUnit.parse(unitCode));
    }

    public static Concentration of(String value, String unitCode) {
        return of(new BigDecimal(value), unitCode);
    }

    /** Parses "1mg/mL", "4 mcg/mL". */
    public static Concentration parse(String text) {
        String[] parts = Decimals.splitNumberAndUnit(text, "concentration");
        return of(new BigDecimal(parts[0]), parts[1]);
    }

    /** Base units (µg or milli-units) per mL, exact. */
    @Override
    public BigDecimal canonical() {
        return unit.amount().toBase(value);
    }

    @Override
    public String dimension() {
        return unit.kind().displayName() + "/mL";
    }

    /** Exact amount of drug, in base units, in {@code volume} of this preparation (may hold a fraction of a base unit). */
    public BigDecimal baseAmountIn(Volume volume) {
        return canonical().multiply(BigDecimal.valueOf(volume.microlitres())).divide(MICROLITRES_PER_ML);
    }

    /** Amount of drug in {@code volume}, rounded to a whole base unit with the named mode. */
    public DrugAmount amountIn(Volume volume, RoundingMode rounding) {
        return DrugAmount.ofBase(kind(), baseAmountIn(volume), rounding);
    }

    /**
     * Volume holding {@code baseAmount} base units of drug, rounded to a whole µL with the named mode
     * (use {@link RoundingMode#DOWN} for a volume the pump will deliver).
     */
    public Volume volumeFor(BigDecimal baseAmount, RoundingMode rounding) {
        return new Volume(baseAmount.multiply(MICROLITRES_PER_ML).divide(canonical(), 0, rounding).longValueExact());
    }

    /** Volume holding {@code amount}, rounded with the named mode; the amount's kind must match. */
    public Volume volumeFor(DrugAmount amount, RoundingMode rounding) {
        amount.requireKind(kind(), display());
        return volumeFor(BigDecimal.valueOf(amount.baseAmount()), rounding);
    }

    /**
     * Pump flow delivering {@code basePerHour} base units per hour, rounded to a whole µL/h with the named
     * mode (use {@link RoundingMode#DOWN} for a rate sent to the pump).
     */
    public FlowRate flowFor(BigDecimal basePerHour, RoundingMode rounding) {
        return new FlowRate(basePerHour.multiply(MICROLITRES_PER_ML).divide(canonical(), 0, rounding).longValueExact());
    }

    /** Exact base units per hour delivered by {@code flow} of this preparation. */
    public BigDecimal basePerHourAt(FlowRate flow) {
        return canonical().multiply(BigDecimal.valueOf(flow.microlitresPerHour())).divide(MICROLITRES_PER_ML);
    }

    @Override
    public int compareTo(Concentration o) {
        return compareMeasure(o);
    }


    @Override
    public String toString() {
        return display();
    }
}
