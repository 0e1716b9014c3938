package org.dosewarden.api.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem the API answers with instead of a result. Thrown by controllers and request
 * readers; {@link ApiProblemHandler} turns it into an {@code application/problem+json} response.
 *
 * <p>{@code type} is a URN {@code urn:dosewarden:problem:<slug>}; the slugs are documented in docs/api.md.
 * Extension members ({@code errors}, {@code violations}, {@code currentState} ...) are kept in order.
 */
public final class ApiProblem extends RuntimeException {

    /** One wrong field of a request: its JSON path ({@code weight.value}, {@code overrides[0].reason}) and why. */
    public record FieldError(String field, String message) {
        public FieldError {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }
    }

    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, Object> extensions;

    public ApiProblem(int status, String slug, String title, String detail, Map<String, Object> extensions) {
        super(Objects.requireNonNull(detail, "detail"), null, false, false);
        this.status = status;
        this.slug = Objects.requireNonNull(slug, "slug");
        this.title = Objects.requireNonNull(title, "title");
        this.extensions = new LinkedHashMap<>(extensions);
    }

    /** 400: the request body or a parameter is malformed; every wrong field is named. */
    public static ApiProblem badRequest(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a bad-request problem names at least one field");
        }
        FieldError first = errors.getFirst();
        String detail = errors.size() == 1
                ? first.field() + ": " + first.message()
                : first.field() + ": " + first.message() + " (and " + (errors.size() - 1) + " more)";
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("field", first.field());
        ext.put("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        return new ApiProblem(400, "invalid-request", "Invalid request", detail, ext);
    }

    /** 400 for a single field. */
    public static ApiProblem badField(String field, String message) {
        return badRequest(List.of(new FieldError(field, message)));
    }

    /** 404: the named thing does not exist. */
    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail, Map.of());
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    /** The problem document: type, title, status, detail, instance, then the extension members. */
    public Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", typeUri(slug));
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        body.put("instance", instance);
        body.putAll(extensions);
        return body;
    }

    /** {@code urn:dosewarden:problem:<slug>}, or {@code about:blank} for a plain HTTP status. */
    public static String typeUri(String slug) {
        return "about:blank".equals(slug) ? slug : "urn:dosewarden:problem:" + slug;
    }
}
