package org.dosewarden.dose.check;

/**
 * A clinician's decision to go beyond a soft limit. It names the limit id of the {@link Violation} and why.
 * Hard limits cannot be overridden: an override naming one has no effect.
 *
 * @param limitId the violation's limit id, e.g. {@code doseOverTime.dose.softMax}
 * @param reason  why, in the clinician's words; never blank
 */
public record LimitOverride(String limitId, String reason) {

    public LimitOverride {
        if (limitId == null || limitId.isBlank()) {
            throw new IllegalArgumentException("an override must name the limit id it overrides");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an override of " + limitId + " needs a reason");
        }
    }
}
