package org.dosewarden.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

/** A blocking client that returns every answer (also 4xx/5xx) as status, headers and parsed body. */
final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, String contentType, String body, HttpResponse<?> response) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return response.getHeaders().get(name);
        }

        /** Asserts an RFC 9457 problem document with this status and returns it. */
        JsonNode problem(int expectedStatus) {
            assertEquals(expectedStatus, status, () -> "status; body: " + body);
            assertTrue(contentType != null && contentType.startsWith("application/problem+json"),
                    () -> "content type " + contentType + "; body: " + body);
            JsonNode p = json();
            assertEquals(expectedStatus, p.path("status").asInt(), body);
            assertTrue(p.path("type").isTextual() && p.path("title").isTextual() && p.path("detail").isTextual(), body);
            return p;
        }

        JsonNode ok() {
            assertEquals(200, status, () -> "status; body: " + body);
            return json();
        }
    }

    private final BlockingHttpClient client;

    Http(HttpClient client) {
        this.client = client.toBlocking();
    }

    Answer send(HttpRequest<?> request) {
        try {
            HttpResponse<String> r = client.exchange(request, String.class);
            return new Answer(r.code(), r.getContentType().map(Object::toString).orElse(null), r.body(), r);
        } catch (HttpClientResponseException e) {
            HttpResponse<?> r = e.getResponse();
            return new Answer(r.code(), r.getContentType().map(Object::toString).orElse(null),
                    r.getBody(String.class).orElse(""), r);
        }
    }
}
