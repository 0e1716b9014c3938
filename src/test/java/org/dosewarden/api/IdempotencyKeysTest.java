package org.dosewarden.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.clock.ManualTimeSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The idempotency store on a real SQLite file: replay, bounds, expiry, durability across a restart. */
class IdempotencyKeysTest {

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource();
    private final AtomicInteger acted = new AtomicInteger();

    private ApiResult act(String text) {
        acted.incrementAndGet();
        return new ApiResult(200, "application/json", text.getBytes(StandardCharsets.UTF_8));
    }

    private IdempotencyKeys.Answer once(IdempotencyKeys keys, String key, String body) {
        return keys.once("clin-a", "POST", "/api/channels/a/start", key, body, () -> act("{\"n\":" + acted.get() + "}"),
                p -> new ApiResult(p.status(), "application/problem+json", p.getMessage().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("a repeat is the stored answer and does not act; the answers survive a restart")
    void replaysAndSurvivesRestart() {
        byte[] first;
        try (IdempotencyKeys keys = new IdempotencyKeys(time, dir.toString(), 100, Duration.ofHours(24))) {
            IdempotencyKeys.Answer a = once(keys, "k1", "{}");
            IdempotencyKeys.Answer b = once(keys, "k1", "{}");
            assertFalse(a.replayed());
            assertTrue(b.replayed());
            assertArrayEquals(a.result().body(), b.result().body());
            first = a.result().body();
        }
        try (IdempotencyKeys reopened = new IdempotencyKeys(time, dir.toString(), 100, Duration.ofHours(24))) {
            IdempotencyKeys.Answer c = once(reopened, "k1", "{}");
            assertTrue(c.replayed());
            assertArrayEquals(first, c.result().body());
        }
        assertEquals(1, acted.get());
    }

    @Test
    @DisplayName("bounded: at most max-entries answers, oldest dropped first; none older than the ttl")
    void boundedAndExpiring() {
        try (IdempotencyKeys keys = new IdempotencyKeys(time, dir.toString(), 3, Duration.ofMinutes(10))) {
            for (int i = 0; i < 5; i++) {
                once(keys, "k" + i, "{}");
                time.advance(Duration.ofSeconds(1));
            }
            assertEquals(3, keys.size());
            assertFalse(once(keys, "k0", "{}").replayed(), "the oldest was dropped, so k0 acts again");
            assertTrue(once(keys, "k4", "{}").replayed());
            time.advance(Duration.ofMinutes(11));
            assertFalse(once(keys, "k4", "{}").replayed(), "expired after the ttl");
        }
    }

    @Test
    @DisplayName("a key reused with another body is 422; a 5xx answer is not stored; no key means no storage")
    void misuseAndNonStorable() {
        try (IdempotencyKeys keys = new IdempotencyKeys(time, dir.toString(), 100, Duration.ofHours(1))) {
            once(keys, "k", "{}");
            ApiProblem reused = assertThrows(ApiProblem.class, () -> once(keys, "k", "{\"overrides\":[]}"));
            assertEquals(422, reused.status());
            keys.once("clin-a", "POST", "/x", "k5", "{}", () -> {
                throw new ApiProblem(503, "stale-intent", "Request expired", "expired", java.util.Map.of());
            }, p -> new ApiResult(p.status(), "application/problem+json", new byte[0]));
            assertFalse(once2(keys).replayed(), "a 503 is not stored, so the retry acts");
            int before = keys.size();
            keys.once("clin-a", "POST", "/x", null, "{}", () -> act("{}"), p -> null);
            assertEquals(before, keys.size());
        }
    }

    private IdempotencyKeys.Answer once2(IdempotencyKeys keys) {
        return keys.once("clin-a", "POST", "/x", "k5", "{}", () -> act("{}"), p -> null);
    }

    @Test
    @DisplayName("bad configuration is refused")
    void badConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new IdempotencyKeys(time, dir.toString(), 0, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new IdempotencyKeys(time, dir.toString(), 10, Duration.ZERO));
    }
}
