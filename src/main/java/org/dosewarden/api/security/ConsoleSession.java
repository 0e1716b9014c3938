package org.dosewarden.api.security;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One signed-in browser (SR-U1).
 *
 * @param id              a short public name of the session for the journal and logs (not the cookie token)
 * @param user            the signed-in user
 * @param roles           the user's roles at sign-in
 * @param csrfToken       the token every mutating request of this session must carry in {@code X-CSRF-Token}
 * @param openedAt        wall time of sign-in
 * @param openedNanos     monotonic time of sign-in (absolute limit)
 * @param lastActiveNanos monotonic time of the last request that counted as activity (idle limit)
 */
public record ConsoleSession(String id, String user, Set<Role> roles, String csrfToken, Instant openedAt,
                             long openedNanos, long lastActiveNanos) {

    public ConsoleSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(openedAt, "openedAt");
    }

    ConsoleSession activeAt(long nanos) {
        return new ConsoleSession(id, user, roles, csrfToken, openedAt, openedNanos, Math.max(lastActiveNanos, nanos));
    }

    /** True when {@code presented} is this session's CSRF token (constant-time comparison). */
    public boolean csrfMatches(String presented) {
        return presented != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Never prints the CSRF token. */
    @Override
    public String toString() {
        return "ConsoleSession[" + id + ", " + user + ", " + roles + "]";
    }
}
