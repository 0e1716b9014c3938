package org.dosewarden.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * Rates and volumes as a biomedical engineer types them on the {@code dosewarden pump} command line
 * ({@code 10mL/h}, {@code 250uL/min}, {@code 5mL}), read into exact whole microlitres; a fraction below the
 * smallest unit is rounded down, never up, so a typed value never becomes more drug.
 */
final class CommissioningQuantities {

    private static final Pattern QUANTITY = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Zµ/]+)\\s*$");

    private CommissioningQuantities() {
    }

    /** Parses {@code 10mL/h}, {@code 10 ml/h}, {@code 250uL/min}, {@code 1.5mL/min}; rounds down to whole µL/h. */
    static FlowRate parseRate(String text) {
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("rate '" + text + "' is not a number with a unit such as 10mL/h or 250uL/min");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        long perUnit = switch (m.group(2).toLowerCase(Locale.ROOT).replace('µ', 'u')) {
            case "ml/h", "ml/hr" -> 1_000;
            case "ml/min" -> 60_000;
            case "ul/h", "ul/hr" -> 1;
            case "ul/min" -> 60;
            default -> throw new IllegalArgumentException("rate unit '" + m.group(2)
                    + "' is not one of mL/h, mL/min, uL/h, uL/min");
        };
        BigDecimal ul = value.multiply(BigDecimal.valueOf(perUnit)).setScale(0, RoundingMode.DOWN);
        if (ul.signum() == 0) {
            throw new IllegalArgumentException("rate '" + text + "' is below 1 uL/h");
        }
        return new FlowRate(ul.longValueExact());
    }

    /** Parses {@code 5mL}, {@code 750uL}; rounds down to whole µL. */
    static Volume parseVolume(String text) {
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("volume '" + text + "' is not a number with a unit such as 5mL or 750uL");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        long perUnit = switch (m.group(2).toLowerCase(Locale.ROOT).replace('µ', 'u')) {
            case "ml" -> 1_000;
            case "ul" -> 1;
            default -> throw new IllegalArgumentException("volume unit '" + m.group(2) + "' is not one of mL, uL");
        };
        return new Volume(value.multiply(BigDecimal.valueOf(perUnit)).setScale(0, RoundingMode.DOWN).longValueExact());
    }
}
