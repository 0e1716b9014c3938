package org.dosewarden.dose.quantity;

import java.math.BigDecimal;
import java.util.List;

/**
 * A unit a drug amount is written in. Each unit is an exact integer multiple of its kind's base unit
 * (µg for mass, milli-units for drug units), so converting a value into the base never rounds.
 * Wire codes follow UCUM ({@code ug}, {@code [iU]}); screen text follows clinical convention ("mcg",
 * "units").
 */
public enum AmountUnit {
    GRAM(AmountKind.MASS, 1_000_000, "g", "g", List.of("g")),
    MILLIGRAM(AmountKind.MASS, 1_000, "mg", "mg", List.of("mg")),
    MICROGRAM(AmountKind.MASS, 1, "ug", "mcg", List.of("ug", "mcg", "\u00b5g", "\u03bcg")),
    UNIT(AmountKind.UNITS, 1_000, "[iU]", "units", List.of("[iU]", "U", "IU", "unit", "units", "[IU]")),
    MILLIUNIT(AmountKind.UNITS, 1, "m[iU]", "milliunits", List.of("m[iU]", "mU", "mIU", "milliunits"));

    private final AmountKind kind;
    private final long baseFactor;
    private final String code;
    private final String display;
    private final List<String> accepted;

    AmountUnit(AmountKind kind, long baseFactor, String code, String display, List<String> accepted) {
        this.kind = kind;
        this.baseFactor = baseFactor;
        this.code = code;
        this.display = display;
        this.accepted = accepted;
    }

    public AmountKind kind() {
        return kind;
    }

    /** How many base units (µg or milli-units) one of this unit is. */
    public long baseFactor() {
        return baseFactor;
    }

    /** {@code value} of this unit in base units, exact. */
    public BigDecimal toBase(BigDecimal value) {
        return value.multiply(BigDecimal.valueOf(baseFactor));
    }

    /** UCUM wire code, e.g. {@code ug}. */
    public String code() {
        return code;
    }

    /** Screen text, e.g. "mcg". */
    public String display() {
        return display;
    }

    /**
     * The unit for {@code text}: a UCUM code or a clinical alias ({@code mcg}, {@code units}). Case matters
     * (UCUM is case-sensitive: {@code Mg} is not {@code mg}).
     *
     * @throws UnitException naming the text when it is no amount unit
     */
    public static AmountUnit parse(String text) {
        for (AmountUnit unit : values()) {
            if (unit.accepted.contains(text)) {
                return unit;
            }
        }
        throw new UnitException("unknown amount unit '" + text + "'; expected one of g, mg, ug (mcg), [iU] (U, units), m[iU]");
    }
}
