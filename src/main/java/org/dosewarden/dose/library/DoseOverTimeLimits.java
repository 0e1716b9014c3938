package org.dosewarden.dose.library;

import java.time.Duration;
import java.util.Objects;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseUnit;

/**
 * Limits of a dose-over-time session (forms {@link DosingForm#DOSE_OVER_TIME} and {@link DosingForm#STEPS}):
 * the session's dose and its duration ("0.5-0.8 mg/kg over 40-100 min").
 *
 * @param unit     the dose unit the dose limits are written in
 * @param dose     limits of the whole session's dose
 * @param duration limits of the whole session's duration
 */
public record DoseOverTimeLimits(DoseUnit unit, Bounds<Dose> dose, Bounds<Duration> duration) {

    public DoseOverTimeLimits {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(dose, "dose");
        Objects.requireNonNull(duration, "duration");
    }
}
