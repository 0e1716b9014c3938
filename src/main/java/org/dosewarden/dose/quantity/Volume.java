package org.dosewarden.dose.quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A volume of fluid, held exactly in whole microlitres (µL). Never negative.
 *
 * @param microlitres the volume in µL, {@code >= 0}
 */
public record Volume(long microlitres) implements Comparable<Volume> {

    public static final Volume ZERO = new Volume(0);

    public Volume {
        if (microlitres < 0) {
            throw new IllegalArgumentException("volume must not be negative: " + microlitres + " uL");
        }
    }

    public static Volume ofMicrolitres(long microlitres) {
        return new Volume(microlitres);
    }

    /** Exact millilitres; throws if {@code ml} has a finer resolution than 1 µL. */
    public static Volume ofMillilitres(BigDecimal ml) {
        return new Volume(ml.movePointRight(3).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
    }

    /** Millilitres rounded with the named mode (use {@link RoundingMode#DOWN} for anything sent to a pump). */
    public static Volume ofMillilitres(BigDecimal ml, RoundingMode rounding) {
        return new Volume(ml.movePointRight(3).setScale(0, rounding).longValueExact());
    }

    /** The volume in mL, exact, without trailing zeros. */
    public BigDecimal millilitres() {
        return BigDecimal.valueOf(microlitres, 3).stripTrailingZeros();
    }

    public Volume plus(Volume other) {
        return new Volume(Math.addExact(microlitres, other.microlitres));
    }

    /** The difference, floored at zero. */
    public Volume minusOrZero(Volume other) {
        return new Volume(Math.max(0, microlitres - other.microlitres));
    }

    public boolean isZero() {
        return microlitres == 0;
    }

    public static Volume min(Volume a, Volume b) {
        return a.microlitres <= b.microlitres ? a : b;
    }

    @Override
    public int compareTo(Volume o) {
        return Long.compare(microlitres, o.microlitres);
    }

    @Override
    public String toString() {
        return millilitres().toPlainString() + " mL";
    }
}
