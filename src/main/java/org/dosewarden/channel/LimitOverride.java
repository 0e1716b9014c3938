package org.dosewarden.channel;

import java.util.Objects;

/**
 * A clinician's explicit override of one soft limit (SR-A1), journaled with the program or start.
 *
 * @param limit  the id of the limit being overridden, as named in the violation (e.g. {@code dose-rate.soft-max})
 * @param reason the clinician's reason, never blank
 */
public record LimitOverride(String limit, String reason) {

    public LimitOverride {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(reason, "reason");
        if (limit.isBlank() || reason.isBlank()) {
            throw new IllegalArgumentException("an override names the limit and gives a reason");
        }
    }
}
