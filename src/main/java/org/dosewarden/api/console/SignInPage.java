package org.dosewarden.api.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.util.regex.Pattern;
import org.dosewarden.api.audit.AuditNote;
import org.dosewarden.api.security.ConsoleSessions;
import org.dosewarden.api.security.SignIn;

/**
 * The console's sign-in page as plain HTML (SR-U1): a form that works without any script or front-end
 * bundle, so a clinician can always sign in. A successful sign-in sets the session cookie and goes on to
 * {@code next} (a console path); a failure shows the page again with the reason. Sign-out is a form too;
 * it carries the session's CSRF token in a hidden field, checked here.
 */
@Controller("/console")
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
public class SignInPage {

    /** Where a sign-in may lead: the console's own pages only (no open redirect). */
    private static final Pattern NEXT = Pattern.compile("/console(/[A-Za-z0-9._~/-]*)?");
    static final String DEFAULT_NEXT = "/console";

    private final SignIn signIn;
    private final ConsoleSessions sessions;

    SignInPage(SignIn signIn, ConsoleSessions sessions) {
        this.signIn = signIn;
        this.sessions = sessions;
    }

    @Get("/login{?next,ended}")
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Produces(MediaType.TEXT_HTML)
    public MutableHttpResponse<String> form(@Nullable @QueryValue String next, @Nullable @QueryValue String ended) {
        String message = ended == null ? "" : "Your console session has ended (signed out, no activity for "
                + minutes() + ", or the daemon restarted). Sign in again to continue.";
        return page(HttpStatus.OK, message, "", safeNext(next));
    }

    @Post("/login")
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public MutableHttpResponse<String> submit(HttpRequest<?> request, @Nullable String username,
                                              @Nullable String password, @Nullable String next) {
        String user = username == null ? "" : username.strip();
        String target = safeNext(next);
        if (user.isEmpty() || password == null || password.isEmpty()) {
            return page(HttpStatus.BAD_REQUEST, "Enter your user name and password.", user, target);
        }
        return switch (signIn.signIn(request, user, password)) {
            case SignIn.Outcome.Accepted a -> {
                MutableHttpResponse<String> r = HttpResponse.<String>status(HttpStatus.SEE_OTHER)
                        .headers(h -> h.location(URI.create(target)))
                        .cookie(ConsoleSessions.cookie(a.session().orElseThrow().token(), request.isSecure()));
                yield secured(r);
            }
            case SignIn.Outcome.Refused r -> page(HttpStatus.UNAUTHORIZED, "Sign-in failed: " + r.message() + ".",
                    user, target);
            case SignIn.Outcome.Throttled t -> page(HttpStatus.TOO_MANY_REQUESTS, "Sign-in refused: " + t.message()
                    + ".", user, target).header("Retry-After", Long.toString(t.retryAfter().toSeconds()));
        };
    }

    @Post("/logout")
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public MutableHttpResponse<String> logout(HttpRequest<?> request, @Nullable String csrf) {
        var session = ConsoleSessions.of(request);
        if (session.isPresent() && !session.get().csrfMatches(csrf)) {
            return secured(HttpResponse.<String>status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_HTML_TYPE)
                    .body(html("Not signed out", "<p role=\"alert\">This sign-out form did not come from your "
                            + "console page (its token does not match); you are still signed in.</p>")));
        }
        session.ifPresent(s -> {
            ConsoleSessions.token(request).ifPresent(sessions::close);
            new AuditNote(s.user(), true, "sign-out", "console session " + s.id() + " signed out").on(request);
        });
        MutableHttpResponse<String> r = HttpResponse.<String>status(HttpStatus.SEE_OTHER)
                .headers(h -> h.location(URI.create("/console/login")));
        ConsoleSessions.clearing(request.isSecure()).forEach(r::cookie);
        return secured(r);
    }

    private static String safeNext(String next) {
        return next != null && NEXT.matcher(next).matches() && !next.contains("//") ? next : DEFAULT_NEXT;
    }

    private MutableHttpResponse<String> page(HttpStatus status, String message, String user, String next) {
        String alert = message.isEmpty() ? "" : "<p role=\"alert\" id=\"sign-in-message\">" + escape(message) + "</p>\n";
        String body = "<p class=\"product\">dosewarden</p>\n<h1>Clinician console — sign in</h1>\n" + alert
                + "<form method=\"post\" action=\"/console/login\">\n"
                + "<input type=\"hidden\" name=\"next\" value=\"" + escape(next) + "\">\n"
                + "<p><label for=\"username\">User name</label><br>\n"
                + "<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus value=\""
                + escape(user) + "\"></p>\n"
                + "<p><label for=\"password\">Password</label><br>\n"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" "
                + "required></p>\n"
                + "<p><button type=\"submit\">Sign in</button></p>\n"
                + "</form>\n"
                + "<p class=\"idle\" id=\"idle-timeout\">You are signed out after " + escape(minutes())
                + " without activity. Use your own account: every action is journaled under your name.</p>\n";
        return secured(HttpResponse.<String>status(status).contentType(MediaType.TEXT_HTML_TYPE)
                .body(html("Sign in — dosewarden", body)));
    }

    private static String html(String title, String body) {
        return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n<link rel=\"stylesheet\" href=\"/assets/signin.css\">\n"
                + "</head>\n<body>\n<main class=\"signin\">\n" + body + "</main>\n</body>\n</html>\n";
    }

    /** The idle timeout as a clinician reads it ("15 min"). */
    private String minutes() {
        long m = sessions.idleTimeout().toMinutes();
        return m % 60 == 0 ? (m / 60) + " h" : m + " min";
    }

    /** No caching, no framing, no scripts, styles and fonts only from this daemon, forms only to it. */
    private static <T> MutableHttpResponse<T> secured(MutableHttpResponse<T> r) {
        return r.header("Cache-Control", "no-store")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'self'; font-src 'self'; "
                        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .header("X-Frame-Options", "DENY")
                // same-origin: under no-referrer the browser posts this form with "Origin: null", which the
                // CSRF check refuses as a foreign origin.
                .header("Referrer-Policy", "same-origin")
                .header("X-Content-Type-Options", "nosniff");
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
