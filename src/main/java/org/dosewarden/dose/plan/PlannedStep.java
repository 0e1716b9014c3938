package org.dosewarden.dose.plan;

import java.time.Duration;
import java.util.Objects;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * One step of an infusion plan as the pump will run it.
 *
 * @param rate              pump rate, already rounded down to the pump's resolution
 * @param volumeToBeInfused volume to be infused (VTBI) for this step, rounded down to the pump's resolution
 * @param expectedDuration  how long the step runs at {@code rate} to deliver {@code volumeToBeInfused}
 */
public record PlannedStep(FlowRate rate, Volume volumeToBeInfused, Duration expectedDuration) {

    public PlannedStep {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(volumeToBeInfused, "volumeToBeInfused");
        Objects.requireNonNull(expectedDuration, "expectedDuration");
        if (rate.isZero()) {
            throw new IllegalArgumentException("a planned step needs a rate above zero");
        }
        if (expectedDuration.isNegative()) {
            throw new IllegalArgumentException("expected duration must not be negative: " + expectedDuration);
        }
    }
}
