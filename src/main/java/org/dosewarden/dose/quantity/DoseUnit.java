package org.dosewarden.dose.quantity;

import java.util.Objects;

/**
 * The unit of a dose: an amount, optionally per kilogram of body weight ({@code mg/kg}, {@code ug},
 * {@code [iU]/kg}).
 *
 * @param amount the amount unit
 * @param perKg  whether the dose is per kg of body weight
 */
public record DoseUnit(AmountUnit amount, boolean perKg) implements DrugUnit {

    public DoseUnit {
        Objects.requireNonNull(amount, "amount");
    }

    @Override
    public AmountKind kind() {
        return amount.kind();
    }

    /**
     * Parses {@code mg}, {@code mg/kg}, {@code mcg/kg}, {@code units/kg}.
     *
     * @throws UnitException naming the unit text when it is not a dose unit
     */
    public static DoseUnit parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 1) {
                return new DoseUnit(AmountUnit.parse(parts[0]), false);
            }
            if (parts.length == 2 && parts[1].equals("kg")) {
                return new DoseUnit(AmountUnit.parse(parts[0]), true);
            }
        } catch (UnitException e) {
            throw new UnitException("unknown dose unit '" + text + "': " + e.getMessage());
        }
        throw new UnitException("unknown dose unit '" + text + "'; expected amount or amount/kg, e.g. mg/kg, mcg, units/kg");
    }

    /** UCUM wire code, e.g. {@code ug/kg}. */
    @Override
    public String code() {
        return amount.code() + (perKg ? "/kg" : "");
    }

    /** Screen text, e.g. "mcg/kg". */
    @Override
    public String display() {
        return amount.display() + (perKg ? "/kg" : "");
    }

    @Override
    public String toString() {
        return code();
    }
}
