package org.dosewarden.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a browser does with the console's sign-in, over real HTTP: keeps the session cookie it was given
 * (and only that), sends the CSRF token when told to, never follows redirects (tests look at them).
 */
final class ConsoleBrowser {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        List<String> setCookies() {
            return raw.headers().allValues("Set-Cookie");
        }
    }

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    String cookie;
    String csrf;

    ConsoleBrowser(URI base) {
        this.base = base;
    }

    /** Signs in through {@code POST /api/session}; keeps cookie and token. */
    Reply signIn(String user, String password) {
        Reply r = send("POST", "/api/session", "application/json",
                "{\"username\":" + quote(user) + ",\"password\":" + quote(password) + "}", false);
        if (r.status() == 200) {
            keepCookie(r);
            csrf = r.json().path("csrfToken").asText();
        }
        return r;
    }

    Reply signIn(ApiUsers user) {
        Reply r = signIn(user.user, user.password);
        assertEquals(200, r.status(), r.body());
        return r;
    }

    void keepCookie(Reply r) {
        for (String c : r.setCookies()) {
            String pair = c.split(";", 2)[0];
            if (pair.startsWith("dw-session=")) {
                cookie = pair.substring("dw-session=".length());
            }
        }
    }

    Reply get(String path) {
        return send("GET", path, null, null, false);
    }

    /** A page's own periodic read: marked as background, so it does not count as activity. */
    Reply backgroundGet(String path) {
        return send("GET", path, null, null, true, "X-Dosewarden-Background", "true");
    }

    /** A change as the page makes it: JSON body, CSRF token header. */
    Reply post(String path, String json) {
        return send("POST", path, "application/json", json, true);
    }

    /** A change without the CSRF token: what a forged request looks like. */
    Reply postWithoutToken(String path, String json) {
        return send("POST", path, "application/json", json, false);
    }

    Reply form(String path, String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return send("POST", path, "application/x-www-form-urlencoded", body.toString(), false);
    }

    Reply send(String method, String path, String contentType, String body, boolean withToken, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (cookie != null) {
            b.header("Cookie", "dw-session=" + cookie);
        }
        if (withToken && csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
