package org.dosewarden.dose.quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A dose: an amount, optionally per kg of body weight ("0.5 mg/kg", "250 mcg"), held exactly as written.
 *
 * @param value non-negative, at most {@value Decimals#MAX_DECIMALS} decimals, normalised (no trailing zeros)
 * @param unit  the dose unit
 */
public record Dose(BigDecimal value, DoseUnit unit) implements DrugQuantity, Comparable<Dose> {

    public Dose {
        value = Decimals.checked(Objects.requireNonNull(value, "value"), "dose");
        Objects.requireNonNull(unit, "unit");
    }

    public static Dose of(BigDecimal value, String unitCode) {
        return new Dose(value, DoseUnit.parse(unitCode));
    }

    public static Dose of(String value, String unitCode) {
        return of(new BigDecimal(value), unitCode);
    }

    /** Parses "0.5mg/kg", "0.5 mg/kg", "250 mcg". */
    public static Dose parse(String text) {
        String[] parts = Decimals.splitNumberAndUnit(text, "dose");
        return of(new BigDecimal(parts[0]), parts[1]);
    }

    public boolean perKg() {
        return unit.perKg();
    }

    /** Base units (µg or milli-units), per kg when weight-based; exact. */
    @Override
    public BigDecimal canonical() {
        return unit.amount().toBase(value);
    }

    @Override
    public String dimension() {
        return unit.kind().displayName() + (unit.perKg() ? "/kg" : "");
    }

    /** The amount for a patient of {@code weight}, in base units, exact (a fraction of a µg is kept). */
    public BigDecimal baseAmountFor(BodyWeight weight) {
        BigDecimal base = canonical();
        return unit.perKg() ? weight.timesPerKg(base) : base;
    }

    /** The amount for {@code weight} in whole base units, rounded with the named mode. */
    public DrugAmount amountFor(BodyWeight weight, RoundingMode rounding) {
        return DrugAmount.ofBase(kind(), baseAmountFor(weight), rounding);
    }

    @Override
    public int compareTo(Dose o) {
        return compareMeasure(o);
    }


    @Override
    public String toString() {
        return display();
    }
}
