package org.dosewarden.dose.library;

import java.time.Duration;
import java.util.List;

/**
 * A program of doses over durations run in order; the first of two or more is the loading step and is
 * held to the entry's loading-step limits, the rest to its dose-rate limits.
 *
 * @param steps at least one step
 */
public record StepProgram(List<DoseOverTime> steps) implements Dosing {

    public StepProgram {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a step program needs at least one step");
        }
    }

    @Override
    public DosingForm form() {
        return DosingForm.STEPS;
    }

    /** Sum of the step durations. */
    public Duration totalDuration() {
        Duration total = Duration.ZERO;
        for (DoseOverTime s : steps) {
            total = total.plus(s.duration());
        }
        return total;
    }

    @Override
    public String toString() {
        return String.join(", then ", steps.stream().map(DoseOverTime::toString).toList());
    }
}
