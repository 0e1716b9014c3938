package org.dosewarden.api.problem;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.bind.exceptions.UnsatisfiedArgumentException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.UnsupportedMediaException;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes every error Micronaut itself produces (unknown route, wrong method, unsupported media type,
 * unconvertible parameter, missing credentials, forbidden, internal error) an RFC 9457
 * {@code application/problem+json} document, whatever the client's {@code Accept} header says. For
 * parameter errors the offending parameter is named in {@code field}.
 */
@Singleton
@Primary
@Replaces(ErrorResponseProcessor.class)
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

    private final ProblemJson problems;

    ProblemErrorResponseProcessor(ProblemJson problems) {
        this.problems = problems;
    }

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.code();
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            @SuppressWarnings("unchecked")
            MutableHttpResponse<byte[]> head = (MutableHttpResponse<byte[]>) response;
            return head;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ApiProblem.typeUri(slug(status)));
        body.put("title", title(status, response.reason()));
        body.put("status", status);
        body.put("detail", detail(status, context, response));
        body.put("instance", context.getRequest().getPath());
        List<Map<String, String>> errors = new ArrayList<>();
        Optional<String> field = field(context);
        if (status == 400) {
            for (Error e : context.getErrors()) {
                errors.add(Map.of("field", e.getPath().or(() -> field).orElse("request"), "message", e.getMessage()));
            }
            body.put("field", field.orElse(errors.isEmpty() ? "request" : errors.getFirst().get("field")));
            if (!errors.isEmpty()) {
                body.put("errors", errors);
            }
        }
        if (status == 405) {
            response.getHeaders().get(HttpHeaders.ALLOW, String.class).ifPresent(allow -> body.put("allow", allow));
        }
        return problems.onto(response, body);
    }

    private static String slug(int status) {
        return switch (status) {
            case 400 -> "invalid-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 415 -> "unsupported-media-type";
            default -> "about:blank";
        };
    }

    private static String title(int status, String reason) {
        return switch (status) {
            case 400 -> "Invalid request";
            case 401 -> "Authentication required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 415 -> "Unsupported media type";
            default -> reason;
        };
    }

    private static String detail(int status, ErrorContext context, MutableHttpResponse<?> response) {
        return switch (status) {
            case 401 -> "sign in: HTTP Basic authentication for scripts, or the console's sign-in "
                    + "(/console/login, POST /api/session), whose session may have ended";
            case 403 -> "your roles do not allow " + context.getRequest().getMethod() + " "
                    + context.getRequest().getPath();
            case 404 -> "no resource at " + context.getRequest().getPath();
            case 405 -> context.getRequest().getMethod() + " is not allowed on " + context.getRequest().getPath();
            case 415 -> "send the body as " + acceptedTypes(context) + " (got "
                    + context.getRequest().getContentType().map(Object::toString).orElse("no content type") + ")";
            default -> {
                if (status >= 500) {
                    // Never leak internals to the client; the log has the cause.
                    yield "the daemon could not complete the request; see its log";
                }
                yield context.getErrors().isEmpty() ? response.reason() : context.getErrors().getFirst().getMessage();
            }
        };
    }

    /** Causes looked through for the route's media types. */
    private static final int MAX_CAUSES = 16;

    /**
     * What the route takes, as Micronaut reports it with the refusal: application/json for the API, a form for the
     * console's sign-in. Without that report, application/json (the API's).
     */
    private static String acceptedTypes(ErrorContext context) {
        // A bounded walk: a chain of causes that loops (a library's own getCause()) must not hang the error answer.
        Throwable t = context.getRootCause().orElse(null);
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof UnsupportedMediaException u && !u.getAcceptableContentTypes().isEmpty()) {
                return String.join(" or ", u.getAcceptableContentTypes());
            }
        }
        return "application/json";
    }

    /** The request parameter a conversion or binding error is about, if the framework says. */
    private static Optional<String> field(ErrorContext context) {
        Optional<Throwable> cause = context.getRootCause();
        if (cause.isPresent() && cause.get() instanceof ConversionErrorException c) {
            return Optional.of(c.getArgument().getName());
        }
        if (cause.isPresent() && cause.get() instanceof UnsatisfiedArgumentException u) {
            return Optional.of(u.getArgument().getName());
        }
        return context.getErrors().stream().map(Error::getPath).flatMap(Optional::stream).findFirst();
    }
}
