package org.dosewarden.api.audit;

import io.micronaut.http.HttpRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request handler knows better than the {@link AuditFilter}: for a sign-in the user who tried (the
 * name is in the body, not in an Authorization header), what was tried and how it ended. Put on the request
 * with {@link #on}; the filter writes it into the audit entry of that request.
 *
 * @param user          the user the request was about (claimed or signed in)
 * @param authenticated whether that user proved who they are in this request
 * @param action        what was asked, e.g. {@code sign-in}, {@code sign-out}
 * @param detail        how it ended, in words (never a password or a token)
 */
public record AuditNote(String user, boolean authenticated, String action, String detail) {

    private static final String ATTRIBUTE = "dosewarden.audit.note";

    public AuditNote {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(detail, "detail");
    }

    /** Attaches this note to {@code request} (the last note wins). */
    public void on(HttpRequest<?> request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    /** The note attached to {@code request}, if any. */
    static Optional<AuditNote> of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, AuditNote.class);
    }
}
