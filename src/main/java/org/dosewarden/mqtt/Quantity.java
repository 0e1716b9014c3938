package org.dosewarden.mqtt;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A value with its unit as it travels to dashboards, e.g. {@code 0.75 mg/kg/h}. The unit is a UCUM code
 * ({@code ug}, never {@code mcg}); the value is exact and written without trailing zeros.
 *
 * @param value exact value, never negative
 * @param unit  UCUM unit code, e.g. {@code mg}, {@code mg/kg/h}, {@code [iU]/h}
 */
public record Quantity(BigDecimal value, String unit) {

    public Quantity {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        if (value.signum() < 0) {
            throw new IllegalArgumentException("quantity must not be negative: " + value.toPlainString() + " " + unit);
        }
        if (unit.isBlank()) {
            throw new IllegalArgumentException("quantity " + value.toPlainString() + " needs a unit");
        }
        value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    public static Quantity of(String value, String unit) {
        return new Quantity(new BigDecimal(value), unit);
    }
}
