package org.dosewarden.dose.quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of drug: a {@link Mass} (whole µg) or {@link DrugUnits} (whole milli-units). Code that knows
 * the kind uses the concrete type, so a mass/units mix-up does not compile; code that handles either kind
 * goes through this interface, where mixing kinds throws a {@link UnitException} naming both.
 */
public sealed interface DrugAmount extends Comparable<DrugAmount> permits Mass, DrugUnits {

    AmountKind kind();

    /** The amount in the kind's base unit: µg or milli-units. */
    long baseAmount();

    /** An amount of {@code kind} from a count of base units. */
    static DrugAmount ofBase(AmountKind kind, long baseAmount) {
        return switch (kind) {
            case MASS -> new Mass(baseAmount);
            case UNITS -> new DrugUnits(baseAmount);
        };
    }

    /** An exact base-unit value rounded to a whole base unit with the named mode. */
    static DrugAmount ofBase(AmountKind kind, BigDecimal baseAmount, RoundingMode rounding) {
        return ofBase(kind, baseAmount.setScale(0, rounding).longValueExact());
    }

    /**
     * {@code value} in {@code unit}, exact.
     *
     * @throws UnitException when the value is finer than the base unit (e.g. 0.0001 mg)
     */
    static DrugAmount of(BigDecimal value, AmountUnit unit) {
        BigDecimal base = unit.toBase(Decimals.checked(value, "amount"));
        if (base.stripTrailingZeros().scale() > 0) {
            throw new UnitException("amount " + Decimals.format(value) + " " + unit.display() + " is finer than 1 "
                    + unit.kind().baseCode());
        }
        return ofBase(unit.kind(), base.longValueExact());
    }

    /** Parses "35mg", "250 mcg", "5 [iU]". */
    static DrugAmount parse(String text) {
        String[] parts = Decimals.splitNumberAndUnit(text, "amount");
        return of(new BigDecimal(parts[0]), AmountUnit.parse(parts[1]));
    }

    /** The amount expressed in {@code unit}, exact. */
    default BigDecimal in(AmountUnit unit) {
        requireKind(unit.kind(), unit.code());
        return BigDecimal.valueOf(baseAmount()).divide(BigDecimal.valueOf(unit.baseFactor()));
    }

    /** The unit this amount reads best in: mg from 1 mg up, mcg below; units always. */
    default AmountUnit naturalUnit() {
        return switch (kind()) {
            case MASS -> baseAmount() >= 1000 || baseAmount() == 0 ? AmountUnit.MILLIGRAM : AmountUnit.MICROGRAM;
            case UNITS -> AmountUnit.UNIT;
        };
    }

    /** The sum; both amounts must be of the same kind. */
    default DrugAmount plus(DrugAmount other) {
        requireKind(other.kind(), other.toString());
        return ofBase(kind(), Math.addExact(baseAmount(), other.baseAmount()));
    }

    /** Throws a {@link UnitException} naming {@code what} unless {@code kind} is this amount's kind. */
    default void requireKind(AmountKind kind, String what) {
        if (kind != kind()) {
            throw new UnitException("unit mismatch: " + what + " is " + kind.displayName() + " but " + this
                    + " is " + kind().displayName());
        }
    }

    @Override
    default int compareTo(DrugAmount o) {
        requireKind(o.kind(), o.toString());
        return Long.compare(baseAmount(), o.baseAmount());
    }

    /** Screen text, e.g. "7.7 mg", "250 mcg", "5 units". */
    default String display() {
        AmountUnit unit = naturalUnit();
        return Decimals.format(in(unit)) + " " + unit.display();
    }

    /** Wire value in {@link #naturalUnit()} (pair it with {@code naturalUnit().code()}). */
    default BigDecimal wireValue() {
        return in(naturalUnit());
    }
}
