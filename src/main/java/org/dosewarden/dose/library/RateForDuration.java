package org.dosewarden.dose.library;

import java.time.Duration;
import java.util.Objects;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DurationText;
import org.dosewarden.dose.quantity.UnitException;

/**
 * A continuous dose rate for a duration: "0.75 mg/kg/h for 40 min".
 *
 * @param rate     the dose rate, above zero
 * @param duration above zero, whole seconds
 */
public record RateForDuration(DoseRate rate, Duration duration) implements Dosing {

    public RateForDuration {
        Objects.requireNonNull(rate, "rate");
        DurationText.checked(Objects.requireNonNull(duration, "duration"), String.valueOf(duration));
        if (rate.value().signum() == 0) {
            throw new UnitException("dose rate must be above zero: " + rate.display());
        }
    }

    @Override
    public DosingForm form() {
        return DosingForm.DOSE_RATE;
    }

    @Override
    public String toString() {
        return rate.display() + " for " + DurationText.display(duration);
    }
}
