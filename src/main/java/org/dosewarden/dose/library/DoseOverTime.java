package org.dosewarden.dose.library;

import java.time.Duration;
import java.util.Objects;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DurationText;

/**
 * A dose given evenly over a duration: "0.5 mg/kg over 40 min". Also one step of a {@link StepProgram}.
 *
 * @param dose     the dose, per kg or absolute
 * @param duration above zero, whole seconds
 */
public record DoseOverTime(Dose dose, Duration duration) implements Dosing {

    public DoseOverTime {
        Objects.requireNonNull(dose, "dose");
        DurationText.checked(Objects.requireNonNull(duration, "duration"), String.valueOf(duration));
    }

    @Override
    public DosingForm form() {
        return DosingForm.DOSE_OVER_TIME;
    }

    @Override
    public String toString() {
        return dose.display() + " over " + DurationText.display(duration);
    }
}
