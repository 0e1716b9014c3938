package org.dosewarden.pump.ultra;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * The numbers with units an Ultra pump reads and writes ({@code 199.49 ul/min}, {@code 7.2620 mm},
 * {@code 8.6284 ml}), converted exactly to µL and µL/h, and the way dosewarden writes them: at most four digits
 * with at most three decimals, in µL (µL/h) when that is exact, else in mL (mL/h), always floored, so a value sent
 * is never above the one asked for. The pump is asked back for every value it was sent.
 */
public final class UltraQuantity {

    private static final Pattern QUANTITY =
            Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?|\\.\\d{1,9}) ([a-z]{1,2})(?:/([a-z]{1,3}))?");
    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    private UltraQuantity() {}

    /** A value and its unit as the pump wrote them. */
    record Parsed(BigDecimal value, String volumeUnit, String timeUnit) {}

    private static Parsed parse(String text) throws UltraFormatException {
        Matcher m = QUANTITY.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UltraFormatException("'" + UltraReply.printable(text) + "' is not a number with a unit");
        }
        String v = m.group(1);
        return new Parsed(new BigDecimal(v.startsWith(".") ? "0" + v : v), m.group(2), m.group(3));
    }

    /** µL per unit of volume. */
    private static BigDecimal microlitresPer(String unit) throws UltraFormatException {
        return switch (unit) {
            case "l" -> BigDecimal.valueOf(1_000_000);
            case "ml" -> BigDecimal.valueOf(1_000);
            case "ul" -> BigDecimal.ONE;
            case "nl" -> new BigDecimal("0.001");
            case "pl" -> new BigDecimal("0.000001");
            default -> throw new UltraFormatException("'" + unit + "' is not a volume unit (l, ml, ul, nl, pl)");
        };
    }

    /** Time units per hour. */
    private static BigDecimal perHour(String unit) throws UltraFormatException {
        return switch (unit) {
            case "hr", "h" -> BigDecimal.ONE;
            case "min", "m" -> BigDecimal.valueOf(60);
            case "sec", "s" -> BigDecimal.valueOf(3600);
            default -> throw new UltraFormatException("'" + unit + "' is not a time unit (hr, min, sec)");
        };
    }

    /** A volume such as {@code 8.6284 ml}, exactly, in µL. */
    public static BigDecimal parseVolumeMicrolitres(String text) throws UltraFormatException {
        Parsed p = parse(text);
        if (p.timeUnit() != null) {
            throw new UltraFormatException("'" + text + "' is a rate, not a volume");
        }
        return p.value().multiply(microlitresPer(p.volumeUnit()));
    }

    /** A rate such as {@code 199.49 ul/min}, exactly, in µL/h. */
    public static BigDecimal parseRateMicrolitresPerHour(String text) throws UltraFormatException {
        Parsed p = parse(text);
        if (p.timeUnit() == null) {
            throw new UltraFormatException("'" + text + "' is a volume, not a rate");
        }
        return p.value().multiply(microlitresPer(p.volumeUnit())).multiply(perHour(p.timeUnit()));
    }

    /** A length in mm such as {@code 26.5900 mm} (the diameter), exactly. */
    public static BigDecimal parseMillimetres(String text) throws UltraFormatException {
        Parsed p = parse(text);
        if (!p.volumeUnit().equals("mm") || p.timeUnit() != null) {
            throw new UltraFormatException("'" + text + "' is not a length in mm");
        }
        return p.value();
    }

    /**
     * The rate argument for {@code irate}: the largest rate not above {@code rate} that has at most four digits and
     * three decimals in {@code ul/hr} or {@code ml/hr} (every whole µL/h up to 9999 exactly; above, 10 µL/h steps
     * below 100 mL/h and 100 µL/h steps below 1000 mL/h).
     *
     * @throws IllegalArgumentException when the rate is zero or 10 L/h or more
     */
    public static String rateArgument(FlowRate rate) {
        long ul = rate.microlitresPerHour();
        if (ul <= 0) {
            throw new IllegalArgumentException("a rate of 0 cannot be programmed; stop the pump instead");
        }
        if (ul <= 9_999) {
            return ul + " ul/hr";
        }
        return format(BigDecimal.valueOf(ul).movePointLeft(3), "rate " + rate) + " ml/hr";
    }

    /** The µL/h a {@link #rateArgument} stands for. */
    public static long rateArgumentMicrolitresPerHour(FlowRate rate) {
        try {
            return parseRateMicrolitresPerHour(rateArgument(rate)).longValueExact();
        } catch (UltraFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The volume argument for {@code tvolume}/{@code svolume}, floored the same way in {@code ul} or {@code ml}. */
    public static String volumeArgument(Volume volume) {
        long ul = volume.microlitres();
        if (ul <= 0) {
            throw new IllegalArgumentException("a volume argument must be above zero: " + volume);
        }
        if (ul <= 9_999) {
            return ul + " ul";
        }
        return format(BigDecimal.valueOf(ul).movePointLeft(3), "volume " + volume) + " ml";
    }

    /** The diameter argument for {@code diameter}: millimetres with at most four decimals, floored. */
    public static String diameterArgument(BigDecimal millimetres) {
        BigDecimal v = millimetres.setScale(4, RoundingMode.DOWN).stripTrailingZeros();
        if (v.signum() <= 0) {
            throw new IllegalArgumentException("diameter " + millimetres.toPlainString() + " mm is below 0.0001 mm");
        }
        return v.toPlainString();
    }

    /** At most four digits with at most three decimals, floored; {@code value} below 10000. */
    private static String format(BigDecimal value, String what) {
        if (value.compareTo(TEN_THOUSAND) >= 0) {
            throw new IllegalArgumentException(what + " is beyond four digits in mL");
        }
        int scale = value.compareTo(BigDecimal.TEN) < 0 ? 3 : value.compareTo(BigDecimal.valueOf(100)) < 0 ? 2
                : value.compareTo(BigDecimal.valueOf(1000)) < 0 ? 1 : 0;
        BigDecimal floored = value.setScale(scale, RoundingMode.DOWN);
        return floored.signum() == 0 ? "0" : floored.stripTrailingZeros().toPlainString();
    }

    /** A rate in µL/h as the pump would write it back in {@code ul/hr} or {@code ml/hr} (simulator side). */
    public static String writeRate(BigDecimal microlitresPerHour, boolean millilitres) {
        BigDecimal v = millilitres ? microlitresPerHour.movePointLeft(3) : microlitresPerHour;
        return plain(v) + (millilitres ? " ml/hr" : " ul/hr");
    }

    /** A volume in µL as the pump would write it back in {@code ul} or {@code ml} (simulator side). */
    public static String writeVolume(BigDecimal microlitres, boolean millilitres) {
        BigDecimal v = millilitres ? microlitres.movePointLeft(3) : microlitres;
        return plain(v) + (millilitres ? " ml" : " ul");
    }

    private static String plain(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }
}
