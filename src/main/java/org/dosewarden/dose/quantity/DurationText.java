package org.dosewarden.dose.quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Infusion durations as people write them ("40min", "1.5 h", "90 s") and as the wire carries them (ISO-8601 "PT40M"). */
public final class DurationText {

    private static final Pattern HUMAN = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*(s|min|h|hr)\\s*$");

    private DurationText() {
    }

    /**
     * Parses "PT40M", "40min", "40 min", "1.5h", "90s"; the result is whole seconds.
     *
     * @throws UnitException naming the text when it is not a positive duration of whole seconds
     */
    public static Duration parse(String text) {
        Duration d;
        if (text.startsWith("PT") || text.startsWith("P")) {
            try {
                d = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new UnitException("duration '" + text + "' is not an ISO-8601 duration such as PT40M");
            }
        } else {
            Matcher m = HUMAN.matcher(text);
            if (!m.matches()) {
                throw new UnitException("duration '" + text + "' is not a number followed by s, min or h (e.g. 40min) nor ISO-8601 (PT40M)");
            }
            BigDecimal seconds = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(switch (m.group(2)) {
                case "s" -> 1;
                case "min" -> 60;
                default -> 3600;
            }));
            if (seconds.stripTrailingZeros().scale() > 0) {
                throw new UnitException("duration '" + text + "' is finer than one second");
            }
            d = Duration.ofSeconds(seconds.longValueExact());
        }
        return checked(d, text);
    }

    /** {@code d} if positive and whole seconds; otherwise a {@link UnitException} naming {@code text}. */
    public static Duration checked(Duration d, String text) {
        if (d.isNegative() || d.isZero()) {
            throw new UnitException("duration '" + text + "' must be above zero");
        }
        if (d.getNano() != 0) {
            throw new UnitException("duration '" + text + "' is finer than one second");
        }
        return d;
    }

    /** Clinician text: "40 min", "100 min", "1 min 30 s", "45 s"; from 3 h on "3 h 20 min". */
    public static String display(Duration d) {
        long total = d.getSeconds();
        long h = total >= 3 * 3600 ? total / 3600 : 0;
        long m = (total - h * 3600) / 60;
        long s = total % 60;
        StringBuilder sb = new StringBuilder();
        if (h > 0) {
            sb.append(h).append(" h");
        }
        if (m > 0) {
            sb.append(sb.isEmpty() ? "" : " ").append(m).append(" min");
        }
        if (s > 0 || sb.isEmpty()) {
            sb.append(sb.isEmpty() ? "" : " ").append(s).append(" s");
        }
        return sb.toString();
    }

    /** Minutes, e.g. 2400 s → 40, 90 s → 1.5; rounded HALF_UP to 4 decimals (display only). */
    public static BigDecimal minutes(Duration d) {
        BigDecimal nanos = BigDecimal.valueOf(d.getSeconds()).movePointRight(9).add(BigDecimal.valueOf(d.getNano()));
        BigDecimal minutes = nanos.divide(BigDecimal.valueOf(60_000_000_000L), 4, RoundingMode.HALF_UP);
        return minutes.signum() == 0 ? BigDecimal.ZERO : minutes.stripTrailingZeros();
    }
}
