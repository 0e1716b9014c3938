package org.dosewarden.dose.quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A patient's body weight, held exactly in whole grams. Always above zero. Plausibility (an adult up to
 * 500 kg; 5523 kg is a typo) is a drug-library limit of the care area, not a rule of this type.
 *
 * @param grams the weight in g, {@code > 0}
 */
public record BodyWeight(long grams) implements Comparable<BodyWeight> {

    public BodyWeight {
        if (grams <= 0) {
            throw new UnitException("body weight must be above zero: " + grams + " g");
        }
    }

    /**
     * A weight of {@code value} in {@code unit} ({@code kg} or {@code g}), exact.
     *
     * @throws UnitException naming the unit when it is not a weight unit, or when finer than 1 g
     */
    public static BodyWeight of(BigDecimal value, String unit) {
        BigDecimal v = Decimals.checked(value, "weight");
        BigDecimal grams = switch (unit) {
            case "kg" -> v.movePointRight(3);
            case "g" -> v;
            default -> throw new UnitException("unknown weight unit '" + unit + "'; expected kg or g");
        };
        if (grams.stripTrailingZeros().scale() > 0) {
            throw new UnitException("weight " + Decimals.format(v) + " " + unit + " is finer than 1 g");
        }
        return new BodyWeight(grams.longValueExact());
    }

    public static BodyWeight ofKilograms(BigDecimal kg) {
        return of(kg, "kg");
    }

    public static BodyWeight ofKilograms(long kg) {
        return new BodyWeight(Math.multiplyExact(kg, 1000L));
    }

    /** Parses "70kg", "70.5 kg", "3500 g". */
    public static BodyWeight parse(String text) {
        String[] parts = Decimals.splitNumberAndUnit(text, "weight");
        return of(new BigDecimal(parts[0]), parts[1]);
    }

    /** The weight in kg, exact. */
    /** {@code perKg} (anything per kg) for this patient, exact. */
    public BigDecimal timesPerKg(BigDecimal perKg) {
        return perKg.multiply(kilograms());
    }

    public BigDecimal kilograms() {
        return BigDecimal.valueOf(grams, 3).stripTrailingZeros();
    }

    @Override
    public int compareTo(BodyWeight o) {
        return Long.compare(grams, o.grams);
    }

    /** Wire unit code: always {@code kg}. */
    public static String wireUnit() {
        return "kg";
    }

    /** "70 kg", "70.5 kg". */
    @Override
    public String toString() {
        return Decimals.format(kilograms()) + " kg";
    }

    /** Whole kilograms rounded with the named mode, for messages only. */
    public long kilograms(RoundingMode rounding) {
        return kilograms().setScale(0, rounding).longValueExact();
    }
}
