package org.dosewarden.api.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One API request that changed something or was refused (SR-I1): who, when, on which channel, what, and
 * how it ended.
 *
 * @param at             wall time the answer was decided
 * @param user           the authenticated user; for a failed login the name that was claimed; {@code anonymous}
 *                       when no credentials were sent
 * @param authenticated  whether {@code user} was authenticated
 * @param channel        the channel the request was about, or empty when none
 * @param action         what was asked: {@code program}, {@code start}, ..., or the method and path for other requests
 * @param method         HTTP method
 * @param path           request path
 * @param status         HTTP status answered
 * @param outcome        {@code accepted}, {@code replayed}, {@code refused} or {@code failed}
 * @param detail         for refusals the problem detail (reason and current state); empty otherwise
 * @param idempotencyKey the request's {@code Idempotency-Key}, or empty
 */
public record AuditEntry(Instant at, String user, boolean authenticated, String channel, String action, String method,
                         String path, int status, String outcome, String detail, String idempotencyKey) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
