package org.dosewarden.pump.newera;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The New Era {@code <float>}: at most four digits and one decimal point, at most three digits after
 * the point, so 0.001 to 9999. Values sent to the pump are floored (rounded toward less drug); the
 * caller re-reads the value after a set to confirm what the pump accepted.
 */
public final class NeNumber {

    /** Largest representable value. */
    public static final BigDecimal MAX = BigDecimal.valueOf(9999);
    /** Smallest representable positive value. */
    public static final BigDecimal MIN_POSITIVE = new BigDecimal("0.001");

    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    private NeNumber() {}

    /**
     * The largest representable value not above {@code value} (rounding mode DOWN at the finest scale the
     * 4-digit field allows: 3 decimals below 10, 2 below 100, 1 below 1000, none below 10000).
     *
     * @throws IllegalArgumentException when {@code value} is negative or at least 10000
     */
    public static BigDecimal floor(BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("New Era numbers are not negative: " + value.toPlainString());
        }
        if (value.compareTo(TEN_THOUSAND) >= 0) {
            throw new IllegalArgumentException("New Era numbers are at most 9999 (4 digits): " + value.toPlainString());
        }
        return value.setScale(scaleFor(value), RoundingMode.DOWN);
    }

    /** True when {@code value} is sent exactly (no digit lost to the format). */
    public static boolean isRepresentable(BigDecimal value) {
        return value.signum() >= 0 && value.compareTo(TEN_THOUSAND) < 0 && floor(value).compareTo(value) == 0;
    }

    /**
     * The command-argument text of an exactly representable value, shortest form: {@code 26.59}, {@code 10},
     * {@code 0.5}.
     *
     * @throws IllegalArgumentException when the value is not representable (floor it first, naming the rounding)
     */
    public static String format(BigDecimal value) {
        if (!isRepresentable(value)) {
            throw new IllegalArgumentException("not a New Era number (<= 4 digits, <= 3 decimals, 0..9999): "
                    + value.toPlainString());
        }
        if (value.signum() == 0) {
            return "0";
        }
        return value.stripTrailingZeros().toPlainString();
    }

    /**
     * The pump's own reply style: exactly five characters, as many decimals as fit ({@code 26.59},
     * {@code 1.300}, {@code 0.000}, {@code 100.0}, {@code 9999.}). The value must be representable.
     */
    public static String formatFixed(BigDecimal value) {
        String shortest = format(value); // validates
        BigDecimal v = new BigDecimal(shortest);
        int scale = scaleFor(v);
        String s = v.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
        return scale == 0 ? s + "." : s;
    }

    /**
     * Parses a number as the pump writes it ({@code 26.59}, {@code 1.300}, {@code .5}, {@code 9999.}).
     * Signs, exponents and more than 8 characters are rejected.
     */
    public static BigDecimal parse(String text) throws NeFormatException {
        if (text.isEmpty() || text.length() > 8) {
            throw new NeFormatException("'" + NeFrames.printable(text) + "' is not a New Era number (1..8 characters)");
        }
        int dots = 0;
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c >= '0' && c <= '9') {
                digits++;
            } else {
                throw new NeFormatException("'" + NeFrames.printable(text) + "' is not a New Era number (bad character '"
                        + NeFrames.printable(String.valueOf(c)) + "')");
            }
        }
        if (dots > 1 || digits == 0) {
            throw new NeFormatException("'" + text + "' is not a New Era number (needs digits and at most one point)");
        }
        String normal = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        return new BigDecimal(normal.startsWith(".") ? "0" + normal : normal);
    }

    private static int scaleFor(BigDecimal v) {
        if (v.compareTo(BigDecimal.TEN) < 0) {
            return 3;
        }
        if (v.compareTo(BigDecimal.valueOf(100)) < 0) {
            return 2;
        }
        if (v.compareTo(BigDecimal.valueOf(1000)) < 0) {
            return 1;
        }
        return 0;
    }
}
