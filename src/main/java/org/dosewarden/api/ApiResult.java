package org.dosewarden.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.Objects;

/**
 * A finished API answer as bytes, so it can be stored for an {@code Idempotency-Key} and replayed exactly.
 *
 * @param status      HTTP status
 * @param contentType media type of {@code body}
 * @param body        the serialised body (JSON or problem+json)
 */
public record ApiResult(int status, String contentType, byte[] body) {

    public ApiResult {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The HTTP response carrying this result. */
    public MutableHttpResponse<byte[]> toResponse() {
        return HttpResponse.<byte[]>status(HttpStatus.valueOf(status)).contentType(MediaType.of(contentType)).body(body());
    }
}
