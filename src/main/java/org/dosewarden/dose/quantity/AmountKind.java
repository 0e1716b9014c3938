package org.dosewarden.dose.quantity;

/**
 * What a drug amount measures. The two kinds never mix: a mass cannot be added to, compared with or
 * converted into drug units, whatever the numbers say.
 */
public enum AmountKind {
    /** Mass, held in whole micrograms (µg). */
    MASS("mass", "ug"),
    /** Drug units (international units, e.g. heparin, insulin), held in whole milli-units. */
    UNITS("drug units", "m[iU]");

    private final String displayName;
    private final String baseCode;

    AmountKind(String displayName, String baseCode) {
        this.displayName = displayName;
        this.baseCode = baseCode;
    }

    /** "mass" or "drug units", for messages. */
    public String displayName() {
        return displayName;
    }

    /** UCUM code of the exact integer base unit: {@code ug} or {@code m[iU]}. */
    public String baseCode() {
        return baseCode;
    }
}
