package org.dosewarden.dose.quantity;

import java.util.Objects;

/**
 * The unit of a concentration: an amount per millilitre ({@code mg/mL}, {@code ug/mL}, {@code [iU]/mL}).
 *
 * @param amount the amount unit
 */
public record ConcentrationUnit(AmountUnit amount) implements DrugUnit {

    public ConcentrationUnit {
        Objects.requireNonNull(amount, "amount");
    }

    @Override
    public AmountKind kind() {
        return amount.kind();
    }

    /**
     * Parses {@code mg/mL}, {@code mcg/mL}, {@code units/mL} ({@code ml} accepted for {@code mL}).
     *
     * @throws UnitException naming the unit text when it is not a concentration unit
     */
    public static ConcentrationUnit parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length == 2 && (parts[1].equals("mL") || parts[1].equals("ml"))) {
            try {
                return new ConcentrationUnit(AmountUnit.parse(parts[0]));
            } catch (UnitException e) {
                throw new UnitException("unknown concentration unit '" + text + "': " + e.getMessage());
            }
        }
        throw new UnitException("unknown concentration unit '" + text + "'; expected amount/mL, e.g. mg/mL, mcg/mL, units/mL");
    }

    /** UCUM wire code, e.g. {@code ug/mL}. */
    @Override
    public String code() {
        return amount.code() + "/mL";
    }

    /** Screen text, e.g. "mcg/mL". */
    @Override
    public String display() {
        return amount.display() + "/mL";
    }

    @Override
    public String toString() {
        return code();
    }
}
