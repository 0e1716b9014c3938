package org.dosewarden.channel;

import java.util.Objects;

/**
 * One limit a request breaks, as a clinician reads it: which limit, how hard, what it allows and what
 * was asked. Values are display strings with their unit ({@code "1 mg/kg/h"}), already formatted by the
 * dosing domain; this record only carries them across the port.
 *
 * @param limit     limit id, e.g. {@code dose-rate.hard-max}; the id an override names
 * @param hard      true for a hard limit (never overridable), false for a soft one
 * @param limitValue the limit with its unit
 * @param requested  the requested value with its unit
 * @param message    clinician-readable sentence
 */
public record LimitViolation(String limit, boolean hard, String limitValue, String requested, String message) {

    public LimitViolation {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(limitValue, "limitValue");
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(message, "message");
    }
}
