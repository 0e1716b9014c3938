package org.dosewarden.api.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.dosewarden.api.audit.AuditNote;
import org.reactivestreams.Publisher;

/**
 * Authenticates a request by its console session cookie (SR-U1). A request with an {@code Authorization}
 * header is left to HTTP Basic, so scripts work exactly as before and a request is never both. The session
 * is put on the request ({@link #of}) for the CSRF check and the session endpoints.
 */
@Singleton
final class SessionAuthentication implements AuthenticationFetcher<HttpRequest<?>> {

    /** Authentication attribute naming how the user was authenticated: {@value #VIA_SESSION}. */
    static final String VIA = "dosewarden.via";
    static final String VIA_SESSION = "session";
    private static final String REQUEST_ATTRIBUTE = "dosewarden.console.session";

    private final ConsoleSessions sessions;

    SessionAuthentication(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
            return Publishers.empty();
        }
        Optional<String> token = cookieToken(request);
        if (token.isEmpty()) {
            return Publishers.empty();
        }
        boolean background = request.getHeaders().get(ConsoleSessions.BACKGROUND_HEADER, String.class)
                .map("true"::equalsIgnoreCase).orElse(false);
        return switch (sessions.find(token.get(), background)) {
            case ConsoleSessions.Lookup.Active a -> {
                request.setAttribute(REQUEST_ATTRIBUTE, a.session());
                yield Publishers.just(Authentication.build(a.session().user(),
                        a.session().roles().stream().map(Role::configName).toList(),
                        Map.of(VIA, VIA_SESSION, "session", a.session().id())));
            }
            case ConsoleSessions.Lookup.Expired e -> {
                new AuditNote(e.session().user(), false, "session-expired", "console session " + e.session().id()
                        + " of " + e.session().user() + " ended: " + e.why()).on(request);
                yield Publishers.empty();
            }
            case ConsoleSessions.Lookup.Unknown u -> Publishers.empty();
        };
    }

    /** The console session that authenticated {@code request}, if it was one. */
    static Optional<ConsoleSession> of(HttpRequest<?> request) {
        return request.getAttribute(REQUEST_ATTRIBUTE, ConsoleSession.class);
    }

    /** The session token in the request's cookie (the TLS name first). */
    static Optional<String> cookieToken(HttpRequest<?> request) {
        return request.getCookies().findCookie(ConsoleSessions.SECURE_COOKIE)
                .or(() -> request.getCookies().findCookie(ConsoleSessions.COOKIE))
                .map(Cookie::getValue);
    }
}
