package org.dosewarden.dose.quantity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * An exact quotient of two decimals, for quantities whose decimal expansion need not end (0.5 mg/kg over
 * 45 min is 0.666… mg/kg/h). Compared by cross-multiplication, so no comparison ever rounds; converted to a
 * decimal only with a named rounding mode.
 *
 * @param numerator   any decimal
 * @param denominator above zero
 */
public record Fraction(BigDecimal numerator, BigDecimal denominator) implements Comparable<Fraction> {

    public static final Fraction ZERO = of(BigDecimal.ZERO);

    public Fraction {
        if (denominator.signum() <= 0) {
            throw new ArithmeticException("fraction denominator must be above zero: " + denominator);
        }
    }

    public static Fraction of(BigDecimal value) {
        return new Fraction(value, BigDecimal.ONE);
    }

    public static Fraction of(long value) {
        return of(BigDecimal.valueOf(value));
    }

    public Fraction times(BigDecimal factor) {
        return new Fraction(numerator.multiply(factor), denominator);
    }

    public Fraction times(Fraction other) {
        return new Fraction(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
    }

    /** This divided by {@code divisor} (above zero). */
    public Fraction dividedBy(BigDecimal divisor) {
        if (divisor.signum() <= 0) {
            throw new ArithmeticException("division by " + divisor);
        }
        return new Fraction(numerator, denominator.multiply(divisor));
    }

    public Fraction dividedBy(Fraction divisor) {
        return new Fraction(numerator.multiply(divisor.denominator), denominator.multiply(divisor.numerator));
    }

    public Fraction plus(Fraction other) {
        return new Fraction(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    public int signum() {
        return numerator.signum();
    }

    /** Rounded to {@code scale} decimals with the named mode. */
    public BigDecimal toDecimal(int scale, RoundingMode rounding) {
        return numerator.divide(denominator, scale, rounding);
    }

    /** Rounded to a whole number with the named mode. */
    public long toLong(RoundingMode rounding) {
        return toDecimal(0, rounding).longValueExact();
    }

    /** Rounded to {@code digits} significant digits, HALF_UP; for display only. */
    public BigDecimal approximate(int digits) {
        if (numerator.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return numerator.divide(denominator, new MathContext(digits, RoundingMode.HALF_UP));
    }

    @Override
    public int compareTo(Fraction o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    public int compareTo(BigDecimal value) {
        return numerator.compareTo(value.multiply(denominator));
    }
}
