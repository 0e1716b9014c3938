package org.dosewarden.safety;

import java.time.Instant;
import java.util.Objects;

/**
 * Who asked for an intent, when, and until when it may still be carried out (SR-D3: a stale start or rate
 * change is never executed).
 *
 * @param user           authenticated user id (SR-I1); never blank
 * @param issuedAt       wall time the clinician made the request
 * @param expiresAtNanos monotonic deadline (same origin as {@link Moment#monotonicNanos()} of the event
 *                       that carries it); an intent processed after it is refused as stale
 */
public record ClinicianRequest(String user, Instant issuedAt, long expiresAtNanos) {

    public ClinicianRequest {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (user.isBlank()) {
            throw new IllegalArgumentException("an intent needs a user id");
        }
    }
}
