package org.dosewarden.dose.quantity;

import java.util.Objects;

/**
 * The unit of a dose rate: an amount, optionally per kg, per minute or per hour ({@code mg/kg/h},
 * {@code ug/kg/min}, {@code [iU]/h}).
 *
 * @param amount the amount unit
 * @param perKg  whether the rate is per kg of body weight
 * @param time   per minute or per hour
 */
public record DoseRateUnit(AmountUnit amount, boolean perKg, PerTime time) implements DrugUnit {

    public DoseRateUnit {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(time, "time");
    }

    @Override
    public AmountKind kind() {
        return amount.kind();
    }

    /** The dose unit this rate delivers per unit time (mg/kg/h → mg/kg). */
    public DoseUnit doseUnit() {
        return new DoseUnit(amount, perKg);
    }

    /**
     * Parses {@code mg/kg/h}, {@code ug/kg/min}, {@code mcg/min}, {@code units/kg/h}.
     *
     * @throws UnitException naming the unit text when it is not a dose-rate unit
     */
    public static DoseRateUnit parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 2) {
                return new DoseRateUnit(AmountUnit.parse(parts[0]), false, PerTime.parse(parts[1]));
            }
            if (parts.length == 3 && parts[1].equals("kg")) {
                return new DoseRateUnit(AmountUnit.parse(parts[0]), true, PerTime.parse(parts[2]));
            }
        } catch (UnitException e) {
            throw new UnitException("unknown dose rate unit '" + text + "': " + e.getMessage());
        }
        throw new UnitException("unknown dose rate unit '" + text
                + "'; expected amount[/kg]/time, e.g. mg/kg/h, ug/kg/min, units/h");
    }

    /** UCUM wire code, e.g. {@code ug/kg/min}. */
    @Override
    public String code() {
        return amount.code() + (perKg ? "/kg" : "") + "/" + time.code();
    }

    /** Screen text, e.g. "mcg/kg/min". */
    @Override
    public String display() {
        return amount.display() + (perKg ? "/kg" : "") + "/" + time.code();
    }

    @Override
    public String toString() {
        return code();
    }
}
