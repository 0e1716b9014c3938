package org.dosewarden.dose.library;

import java.util.Objects;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.UnitException;

/**
 * A continuous dose rate until a total dose is given: "0.75 mg/kg/h up to 0.5 mg/kg".
 *
 * @param rate  the dose rate, above zero
 * @param total the total dose, above zero; per kg or absolute
 */
public record RateWithTotal(DoseRate rate, Dose total) implements Dosing {

    public RateWithTotal {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(total, "total");
        if (rate.value().signum() == 0) {
            throw new UnitException("dose rate must be above zero: " + rate.display());
        }
        if (total.value().signum() == 0) {
            throw new UnitException("total dose must be above zero: " + total.display());
        }
    }

    @Override
    public DosingForm form() {
        return DosingForm.DOSE_RATE;
    }

    @Override
    public String toString() {
        return rate.display() + " up to " + total.display();
    }
}
