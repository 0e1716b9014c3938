package org.dosewarden.dose.quantity;

import java.math.BigDecimal;

/**
 * A quantity that limits can be checked against: it has an exact canonical value (base units: µg or
 * milli-units, per kg where weight-based, per hour for rates, per mL for concentrations, grams for weight)
 * and a dimension; two measures compare only when their dimensions are equal.
 */
public interface Measure {

    /** The exact value in the canonical base unit of {@link #dimension()}. */
    BigDecimal canonical();

    /** What the canonical value measures, e.g. "mass/kg/h", "drug units/mL"; equal dimensions compare. */
    String dimension();

    /** Clinician-readable text with unit, e.g. "0.75 mg/kg/h", "250 mcg/h". */
    String display();

    /**
     * Compares with {@code other} by canonical value.
     *
     * @throws UnitException naming both when the dimensions differ (mass against drug units, per kg against absolute)
     */
    default int compareMeasure(Measure other) {
        requireSameDimension(other);
        return canonical().compareTo(other.canonical());
    }

    /** @throws UnitException naming both quantities when their dimensions differ */
    default void requireSameDimension(Measure other) {
        if (!dimension().equals(other.dimension())) {
            throw new UnitException("unit mismatch: " + other.display() + " (" + other.dimension() + ") cannot be compared with "
                    + display() + " (" + dimension() + ")");
        }
    }
}
