package org.dosewarden.dose.quantity;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A dose rate: an amount, optionally per kg, per minute or per hour ("0.75 mg/kg/h", "0.5 mcg/kg/min"),
 * held exactly as written.
 *
 * @param value non-negative, at most {@value Decimals#MAX_DECIMALS} decimals, normalised
 * @param unit  the dose-rate unit
 */
public record DoseRate(BigDecimal value, DoseRateUnit unit) implements DrugQuantity, Comparable<DoseRate> {

    public DoseRate {
        value = Decimals.checked(Objects.requireNonNull(value, "value"), "dose rate");
        Objects.requireNonNull(unit, "unit");
    }

    public static DoseRate of(BigDecimal value, String unitCode) {
        return new DoseRate(value, DoseRateUnit.parse(unitCode));
    }

    public static DoseRate of(String value, String unitCode) {
        return of(new BigDecimal(value), unitCode);
    }

    /** Parses "0.75mg/kg/h", "0.5 mcg/kg/min". */
    public static DoseRate parse(String text) {
        String[] parts = Decimals.splitNumberAndUnit(text, "dose rate");
        return of(new BigDecimal(parts[0]), parts[1]);
    }

    public boolean perKg() {
        return unit.perKg();
    }

    /** Base units per hour (per kg when weight-based), exact: per-minute rates are multiplied by 60. */
    @Override
    public BigDecimal canonical() {
        return unit.time().toPerHour(unit.amount().toBase(value));
    }

    @Override
    public String dimension() {
        return unit.kind().displayName() + (unit.perKg() ? "/kg" : "") + "/h";
    }

    /** Base units per hour for a patient of {@code weight}, exact. */
    public BigDecimal basePerHourFor(BodyWeight weight) {
        BigDecimal perHour = canonical();
        return unit.perKg() ? weight.timesPerKg(perHour) : perHour;
    }

    @Override
    public int compareTo(DoseRate o) {
        return compareMeasure(o);
    }


    @Override
    public String toString() {
        return display();
    }
}
