package org.dosewarden.dose.check;

import java.util.Objects;
import org.dosewarden.dose.library.Severity;

/**
 * One limit a prescription breaks.
 *
 * @param limitId   stable id of the limit, used to override it: {@code doseRate.softMax}, {@code weight.hardMax},
 *                  {@code loadingStep.doseRate.hardMax}, {@code course.interval.softMin}, {@code pump.maxRate},
 *                  {@code drug.unknown} ...
 * @param severity  hard (refuses) or soft (needs an override)
 * @param limit     the limit's value with unit, e.g. "1.6 mg/kg/h" (empty when the rule has no value, e.g. unknown drug)
 * @param requested the requested value with unit, e.g. "2 mg/kg/h"
 * @param message   what a clinician reads
 */
public record Violation(String limitId, Severity severity, String limit, String requested, String message) {

    public Violation {
        Objects.requireNonNull(limitId, "limitId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(message, "message");
    }

    public boolean hard() {
        return severity == Severity.HARD;
    }
}
