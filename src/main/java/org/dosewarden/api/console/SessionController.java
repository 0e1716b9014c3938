package org.dosewarden.api.console;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dosewarden.api.RequestBinding;
import org.dosewarden.api.audit.AuditNote;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.api.problem.ProblemJson;
import org.dosewarden.api.security.ConsoleSession;
import org.dosewarden.api.security.ConsoleSessions;
import org.dosewarden.api.security.SignIn;
import org.dosewarden.api.security.UserDirectory;

/**
 * The console's sign-in as JSON (SR-U1): {@code POST /api/session} signs in and sets the session cookie,
 * {@code GET /api/session} tells the page who is signed in, with which roles, until when, and the CSRF
 * token its changes must carry; {@code DELETE /api/session} signs out. The plain-HTML form is
 * {@link SignInPage}.
 */
@Controller("/api/session")
@Tag(name = "session")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SessionController {

    private final SignIn signIn;
    private final ConsoleSessions sessions;
    private final ProblemJson problems;

    SessionController(SignIn signIn, ConsoleSessions sessions, ProblemJson problems) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.problems = problems;
    }

    /** The sign-in request. */
    @Serdeable
    @Schema(name = "SignInRequest")
    public record SignInRequest(
            @Schema(requiredMode = REQUIRED, maxLength = UserDirectory.MAX_NAME_CHARS) String username,
            @Schema(requiredMode = REQUIRED) String password) {
    }

    /** Who is signed in, and what the page needs to act for them. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ConsoleSession")
    public record SessionJson(
            String user,
            @Schema(description = "viewer, clinician, admin: what the server allows this user") List<String> roles,
            @Schema(description = "session (the console's cookie) or basic (a script)") String via,
            @Schema(description = "send as X-CSRF-Token with every change; null for HTTP Basic") @Nullable String csrfToken,
            @Nullable Instant signedInAt,
            @Schema(description = "when the session ends if nothing more is done (idle or absolute limit)")
            @Nullable Instant endsAt,
            @Schema(description = "ISO-8601, dosewarden.console.idle-timeout") String idleTimeout,
            @Schema(description = "ISO-8601, dosewarden.console.max-session") String maxSession) {
    }

    @Post
    @Secured(SecurityRule.IS_ANONYMOUS)
    @SecurityRequirements
    @Operation(summary = "Sign in to the console: sets an HttpOnly, SameSite=Strict session cookie and returns the "
            + "CSRF token. 401 for a wrong user name or password, 429 with Retry-After after repeated failures; "
            + "every attempt is journaled")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = SignInRequest.class)))
    @ApiResponse(responseCode = "200", description = "signed in",
            content = @Content(schema = @Schema(implementation = SessionJson.class)))
    @ApiResponse(responseCode = "401", description = "wrong user name or password (problem+json, type sign-in-failed)")
    @ApiResponse(responseCode = "429", description = "too many failures; Retry-After says when to try again")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<?> signIn(HttpRequest<?> request, @Nullable @Body String body) {
        SignInRequest typed = RequestBinding.bind(body, SignInRequest.class);
        return switch (signIn.signIn(request, typed.username(), typed.password())) {
            case SignIn.Outcome.Accepted a -> {
                ConsoleSessions.Opened opened = a.session().orElseThrow();
                yield HttpResponse.ok(json(opened.session())).cookie(ConsoleSessions.cookie(opened.token(),
                        request.isSecure())).header("Cache-Control", "no-store");
            }
            case SignIn.Outcome.Refused r -> problems.response(401, new ApiProblem(401, "sign-in-failed",
                    "Sign-in failed", r.message(), Map.of("field", "password")).body(request.getPath()));
            case SignIn.Outcome.Throttled t -> problems.response(429, new ApiProblem(429, "sign-in-throttled",
                    "Too many failed sign-ins", t.message(), Map.of("retryAfterSeconds", t.retryAfter().toSeconds()))
                    .body(request.getPath())).header("Retry-After", Long.toString(t.retryAfter().toSeconds()));
        };
    }

    @Get
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Operation(summary = "Who is signed in: user, roles, the CSRF token and when the session ends")
    public SessionJson current(HttpRequest<?> request, Authentication user) {
        return ConsoleSessions.of(request).map(this::json).orElseGet(() -> new SessionJson(user.getName(),
                List.copyOf(user.getRoles()).stream().sorted().toList(), "basic", null, null, null,
                sessions.idleTimeout().toString(), sessions.maxAge().toString()));
    }

    @Delete
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Operation(summary = "Sign out: the session ends on the server and the cookie is cleared (needs X-CSRF-Token)")
    @ApiResponse(responseCode = "204", description = "signed out")
    public MutableHttpResponse<?> signOut(HttpRequest<?> request, Authentication user) {
        MutableHttpResponse<?> response = HttpResponse.status(HttpStatus.NO_CONTENT);
        ConsoleSessions.of(request).ifPresent(s -> {
            ConsoleSessions.token(request).ifPresent(sessions::close);
            new AuditNote(s.user(), true, "sign-out", "console session " + s.id() + " signed out").on(request);
        });
        ConsoleSessions.clearing(request.isSecure()).forEach(response::cookie);
        return response;
    }

    private SessionJson json(ConsoleSession s) {
        return new SessionJson(s.user(), s.roles().stream().map(r -> r.configName()).sorted().toList(), "session",
                s.csrfToken(), s.openedAt(), sessions.endsAt(s), sessions.idleTimeout().toString(),
                sessions.maxAge().toString());
    }
}
