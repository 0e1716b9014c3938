package org.dosewarden.dose.quantity;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Number rules shared by every quantity: non-negative, at most {@value #MAX_DECIMALS} decimals, below
 * 10^{@value #MAX_INTEGER_DIGITS}; written with a leading zero and without trailing zeros.
 */
public final class Decimals {

    /** Finer than this is a typo, not a prescription; it also keeps exact arithmetic small. */
    public static final int MAX_DECIMALS = 6;
    public static final int MAX_INTEGER_DIGITS = 9;

    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*(\\S.*?)\\s*$");

    private Decimals() {
    }

    /**
     * {@code value} normalised (no trailing zeros, zero as {@code 0}) after checking the number rules.
     *
     * @param what names the quantity in the error message
     * @throws UnitException when negative, too fine or too large
     */
    public static BigDecimal checked(BigDecimal value, String what) {
        if (value.signum() < 0) {
            throw new UnitException(what + " must not be negative: " + value.toPlainString());
        }
        BigDecimal normal = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (normal.scale() > MAX_DECIMALS) {
            throw new UnitException(what + " " + value.toPlainString() + " has more than " + MAX_DECIMALS + " decimals");
        }
        if (normal.precision() - normal.scale() > MAX_INTEGER_DIGITS) {
            throw new UnitException(what + " " + value.toPlainString() + " is too large");
        }
        if (normal.scale() < 0) {
            normal = normal.setScale(0);
        }
        return normal;
    }

    /** Clinical display: leading zero, no trailing zeros, never exponent notation ("0.5", "35", "52.5"). */
    public static String format(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        return value.stripTrailingZeros().toPlainString();
    }

    /**
     * Splits "0.5mg/kg" or "0.5 mg/kg" into number and unit text. A number without leading zero (".5") is
     * refused: a lost decimal point is a classic tenfold error.
     *
     * @throws UnitException naming the input when it is not "number unit"
     */
    public static String[] splitNumberAndUnit(String text, String what) {
        Matcher m = NUMBER_AND_UNIT.matcher(text);
        if (!m.matches()) {
            throw new UnitException(what + " '" + text + "' is not a number followed by a unit (e.g. "
                    + exampleFor(what) + "; write 0.5, not .5)");
        }
        return new String[] {m.group(1), m.group(2)};
    }

    private static String exampleFor(String what) {
        return switch (what) {
            case "dose" -> "0.5mg/kg";
            case "dose rate" -> "0.75mg/kg/h";
            case "concentration" -> "1mg/mL";
            case "weight" -> "70kg";
            case "amount" -> "35mg";
            default -> "1mg";
        };
    }
}
