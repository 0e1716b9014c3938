package org.dosewarden.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real server-sent-events client over HTTP for tests: reads the stream on its own thread, parses the events
 * (name, id, data; comments skipped) and hands them over in order.
 */
final class EventStream implements AutoCloseable {

    record Received(String name, String id, String data) {
    }

    private final InputStream body;
    private final Thread reader;
    private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
    private final List<Received> seen = new ArrayList<>();

    private EventStream(InputStream body) {
        this.body = body;
        this.reader = new Thread(this::read, "sse-test-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static EventStream open(String url, ApiUsers user) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user.user + ":" + user.password).getBytes(StandardCharsets.UTF_8));
        return open(url, "Authorization", "Basic " + basic);
    }

    /** The stream as a signed-in console page opens it: with its session cookie. */
    static EventStream withCookie(String url, String cookie) throws IOException, InterruptedException {
        return open(url, "Cookie", cookie);
    }

    private static EventStream open(String url, String header, String value) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream").header(header, value).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String text = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            throw new AssertionError("event stream answered " + response.statusCode() + ": " + text);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/event-stream")) {
            throw new AssertionError("event stream has content type " + type);
        }
        return new EventStream(response.body());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            String id = null;
            StringBuilder data = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Received(name, id, data.toString()));
                    }
                    name = "message";
                    id = null;
                    data = null;
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    String part = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                    data = data == null ? new StringBuilder(part) : data.append('\n').append(part);
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** The next event, or an assertion error after {@code timeout}. */
    Received next(Duration timeout) throws InterruptedException {
        Received r = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no event within " + timeout + "; seen: " + seen);
        }
        seen.add(r);
        return r;
    }

    /** The first event from now that matches, skipping others, or an assertion error after {@code timeout}. */
    Received await(Predicate<Received> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Received r = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("no matching event within " + timeout + "; seen: " + seen);
            }
            seen.add(r);
            if (match.test(r)) {
                return r;
            }
        }
    }

    /**
     * The first event, already received or still to come, that matches: for two events the server sends in no fixed
     * order (a status and the journal records behind it), after {@link #await} has passed over one to find the other.
     */
    Received awaitAny(Predicate<Received> match, Duration timeout) throws InterruptedException {
        for (Received r : seen) {
            if (match.test(r)) {
                return r;
            }
        }
        return await(match, timeout);
    }

    /** True when the server ended the stream within {@code timeout}. */
    boolean endsWithin(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
        return !reader.isAlive();
    }

    @Override
    public void close() throws IOException {
        body.close();
        reader.interrupt();
    }
}
