package org.dosewarden.api.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.api.problem.ProblemJson;

/**
 * Cross-site request forgery protection for the console (SR-U1). A request that changes something and was
 * authenticated by the session cookie must carry the session's token in {@value #HEADER} (the page gets it
 * from {@code GET /api/session}); a request the browser marks as coming from another site, or whose
 * {@code Origin} is not this daemon, is refused as well. Either way: 403 problem+json, nothing done.
 *
 * <p>HTTP Basic requests (scripts) are not touched: a browser never adds that header to a forged request
 * unless the user typed the password into its own Basic prompt, which the console never asks for. Runs
 * after the security filter, so the roles were already checked (a viewer's forged change is 403 there).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class CsrfProtection implements Ordered {

    /** Request header carrying the session's CSRF token. */
    public static final String HEADER = "X-CSRF-Token";

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE);

    /** Sign-in requests check their origin themselves (they open a session, they are not made with one). */
    private static final Set<String> SIGN_IN_PATHS = Set.of("/api/session", "/console/login");
    /** The plain-HTML sign-out form checks the token from its body. */
    static final String FORM_SIGN_OUT = "/console/logout";

    private final ProblemJson problems;

    CsrfProtection(ProblemJson problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        if (SAFE.contains(request.getMethod())) {
            return null;
        }
        String path = request.getPath();
        if (SIGN_IN_PATHS.contains(path) && request.getMethod() == HttpMethod.POST) {
            return foreignOrigin(request).map(why -> refuse(request, why)).orElse(null);
        }
        Optional<ConsoleSession> session = SessionAuthentication.of(request);
        if (session.isEmpty()) {
            return null;
        }
        Optional<String> foreign = foreignOrigin(request);
        if (foreign.isPresent()) {
            return refuse(request, foreign.get());
        }
        if (path.equals(FORM_SIGN_OUT)) {
            return null;
        }
        String presented = request.getHeaders().get(HEADER);
        if (!session.get().csrfMatches(presented)) {
            return refuse(request, (presented == null ? "the " + HEADER + " header is missing"
                    : "the " + HEADER + " header does not match this session")
                    + "; a change made with the console's sign-in cookie must carry the session's token "
                    + "(GET /api/session gives it)");
        }
        return null;
    }

    /**
     * Why the request comes from another site, if it does: the browser says so ({@code Sec-Fetch-Site:
     * cross-site}) or its {@code Origin} is not this daemon's scheme and host.
     */
    static Optional<String> foreignOrigin(HttpRequest<?> request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if ("cross-site".equalsIgnoreCase(site)) {
            return Optional.of("the browser says the request comes from another site");
        }
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin == null || origin.isEmpty()) {
            return Optional.empty();
        }
        String host = request.getHeaders().get(HttpHeaders.HOST);
        String own = (request.isSecure() ? "https://" : "http://") + host;
        if (host == null || !origin.equalsIgnoreCase(own)) {
            return Optional.of("the request comes from " + origin + ", not from this daemon (" + own + ")");
        }
        return Optional.empty();
    }

    private HttpResponse<?> refuse(HttpRequest<?> request, String why) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("header", HEADER);
        return problems.response(403, new ApiProblem(403, "csrf", "Request not accepted from this page",
                why + "; nothing was done", ext).body(request.getPath()));
    }
}
