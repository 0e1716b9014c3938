package org.dosewarden.dose.library;

import java.time.Duration;
import java.util.Objects;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;

/**
 * Limits of a multi-step program. The first step of a program with two or more steps is the loading
 * step and has its own per-step limits, because a rate cap that allows a 2-minute loading rate would
 * otherwise allow it for the whole session; later steps are held to the entry's dose-rate limits.
 *
 * @param maxSteps        most steps a program may have ({@code >= 1})
 * @param loadingDose     limits of the loading step's dose
 * @param loadingDuration limits of the loading step's duration
 * @param loadingDoseRate limits of the loading step's dose rate
 */
public record StepLimits(int maxSteps, Bounds<Dose> loadingDose, Bounds<Duration> loadingDuration,
        Bounds<DoseRate> loadingDoseRate) {

    public StepLimits {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1: " + maxSteps);
        }
        Objects.requireNonNull(loadingDose, "loadingDose");
        Objects.requireNonNull(loadingDuration, "loadingDuration");
        Objects.requireNonNull(loadingDoseRate, "loadingDoseRate");
    }

    /** One step only, no loading limits: what an entry without a steps section gets. */
    public static StepLimits singleStep() {
        return new StepLimits(1, Bounds.none(), Bounds.none(), Bounds.none());
    }
}
