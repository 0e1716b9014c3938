package org.dosewarden.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.dosewarden.api.security.PasswordHash;

/**
 * HTTP API costs, measured against the running app on 127.0.0.1 (API test users, in-memory channel double,
 * real parser, programming check, SQLite idempotency store and journal):
 * <ul>
 *   <li>one PBKDF2 check at the default iteration count (a cold login or a wrong password);</li>
 *   <li>GET /api/channels with a cached login (round trip through security, filter, audit skip, JSON);</li>
 *   <li>PUT program (strict JSON, prescription parser, programming check, channel, journaled audit) + POST end;</li>
 *   <li>an idempotent replay (SQLite lookup, stored answer).</li>
 * </ul>
 * Arguments: {@code --requests N} (default 2000).
 */
public final class ApiBench {

    private static final String KETAMINE = "{\"patientId\":\"B-%d\",\"weight\":{\"value\":70,\"unit\":\"kg\"},"
            + "\"drug\":\"ketamine-psych\",\"careArea\":\"psychiatry\",\"concentration\":{\"value\":1,\"unit\":\"mg/mL\"},"
            + "\"prescriber\":\"dr-a\",\"dose\":{\"value\":0.5,\"unit\":\"mg/kg\"},\"duration\":\"PT40M\"}";

    public static void main(String[] args) throws Exception {
        int requests = 2000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--requests")) {
                requests = Integer.parseInt(args[++i]);
            }
        }
        // PBKDF2 at the default cost.
        PasswordHash hash = PasswordHash.create("bench password".toCharArray(), PasswordHash.DEFAULT_ITERATIONS,
                new SecureRandom());
        long[] pbkdf2 = new long[7];
        for (int i = 0; i < pbkdf2.length; i++) {
            long t = System.nanoTime();
            hash.matches("bench password".toCharArray());
            pbkdf2[i] = System.nanoTime() - t;
        }
        print("PBKDF2-HMAC-SHA256 check, " + PasswordHash.DEFAULT_ITERATIONS + " iterations", pbkdf2);

        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "dosewarden.data-dir", Files.createTempDirectory("dw-api-bench").toString()), "test", "apitest");
             HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            BlockingHttpClient client = http.toBlocking();
            for (int i = 0; i < 200; i++) { // warm-up, includes the one cold login
                client.exchange(HttpRequest.GET("/api/channels").basicAuth("watcher", "viewer-secret-1"), String.class);
            }
            long[] reads = new long[requests];
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                client.exchange(HttpRequest.GET("/api/channels").basicAuth("watcher", "viewer-secret-1"), String.class);
                reads[i] = System.nanoTime() - t;
            }
            print("GET /api/channels (cached login)", reads);

            int programs = Math.max(50, requests / 10);
            long[] program = new long[programs];
            for (int i = 0; i < programs; i++) {
                long t = System.nanoTime();
                client.exchange(HttpRequest.PUT("/api/channels/a/program", String.format(KETAMINE, i))
                        .contentType("application/json").basicAuth("clin-a", "clinician-a-secret"), String.class);
                program[i] = System.nanoTime() - t;
                client.exchange(HttpRequest.POST("/api/channels/a/end", "{}").contentType("application/json")
                        .basicAuth("clin-a", "clinician-a-secret"), String.class);
            }
            print("PUT /api/channels/a/program (check + load + audit)", program);

            try {
                client.exchange(HttpRequest.POST("/api/channels/b/pause", "{}").contentType("application/json")
                        .header("Idempotency-Key", "bench-replay").basicAuth("clin-a", "clinician-a-secret"), String.class);
            } catch (HttpClientResponseException expected) {
                // 409: channel b is idle; the refusal is what gets stored and replayed
            }
            long[] replay = new long[requests];
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                try {
                    client.exchange(HttpRequest.POST("/api/channels/b/pause", "{}").contentType("application/json")
                            .header("Idempotency-Key", "bench-replay").basicAuth("clin-a", "clinician-a-secret"),
                            String.class);
                } catch (HttpClientResponseException expected) {
                    // replayed 409
                }
                replay[i] = System.nanoTime() - t;
            }
            print("idempotent replay (stored 409, audited)", replay);
        }
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-55s n=%5d  p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms%n", what, sorted.length,
                sorted[sorted.length / 2] / 1e6, sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
