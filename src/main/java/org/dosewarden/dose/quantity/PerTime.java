package org.dosewarden.dose.quantity;

import java.math.BigDecimal;

/** The time base of a dose rate: per minute or per hour. */
public enum PerTime {
    MINUTE("min", 60),
    HOUR("h", 1);

    private final String code;
    private final int perHourFactor;

    PerTime(String code, int perHourFactor) {
        this.code = code;
        this.perHourFactor = perHourFactor;
    }

    /** UCUM code: {@code min} or {@code h}. */
    public String code() {
        return code;
    }

    /** A value per this time base, as a value per hour, exact (per minute × 60). */
    public BigDecimal toPerHour(BigDecimal value) {
        return value.multiply(BigDecimal.valueOf(perHourFactor));
    }

    /** @throws UnitException naming the text when it is not {@code min} or {@code h} */
    public static PerTime parse(String text) {
        return switch (text) {
            case "min" -> MINUTE;
            case "h", "hr" -> HOUR;
            default -> throw new UnitException("unknown time unit '" + text + "'; expected min or h");
        };
    }
}
