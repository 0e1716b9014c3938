package org.dosewarden.api.problem;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Writes problem documents as {@code application/problem+json} responses. */
@Singleton
public final class ProblemJson {

    /** {@code application/problem+json} (RFC 9457). */
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM = MediaType.of(MEDIA_TYPE);

    private final JsonMapper json;

    public ProblemJson(JsonMapper json) {
        this.json = json;
    }

    /** A response with {@code status} and the problem body serialised as JSON bytes. */
    public MutableHttpResponse<byte[]> response(int status, Map<String, Object> body) {
        return HttpResponse.<byte[]>status(io.micronaut.http.HttpStatus.valueOf(status))
                .contentType(PROBLEM)
                .body(bytes(body));
    }

    /** Puts the problem body on an existing response (keeps its status and headers, e.g. WWW-Authenticate). */
    public MutableHttpResponse<byte[]> onto(MutableHttpResponse<?> response, Map<String, Object> body) {
        @SuppressWarnings("unchecked")
        MutableHttpResponse<byte[]> r = (MutableHttpResponse<byte[]>) response;
        return r.contentType(PROBLEM).body(bytes(body));
    }

    byte[] bytes(Map<String, Object> body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise a problem document", e);
        }
    }
}
