package org.dosewarden.api;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.clock.TimeSource;

/**
 * {@code Idempotency-Key} support for mutating requests: the first answer to (user, method, path, key) is
 * stored and a repeat gets exactly that answer back, marked {@value #REPLAYED_HEADER}, without acting again.
 *
 * <p>Storage: a small SQLite file {@code <dosewarden.data-dir>/api-idempotency.sqlite} (WAL,
 * {@code synchronous=FULL}), so keys survive a restart. Bounded: at most
 * {@code dosewarden.api.idempotency.max-entries} answers (oldest dropped first) and none older than
 * {@code dosewarden.api.idempotency.ttl}.
 *
 * <p>Rules: a key is 1-200 visible ASCII characters; the same key with a different body is refused (422,
 * {@code idempotency-key-reused}); the same key while the first request is still running is refused (409,
 * {@code idempotency-key-in-flight}). Answers that say nothing about the request itself (5xx, stale 503) are
 * not stored, so a retry can act. Crash window: if the daemon dies after the channel acted but before the
 * answer is stored, a repeat acts again; the channel's state table then refuses a second program/start/etc.
 * with 409, so a repeat never doubles a dose.
 */
@Singleton
public final class IdempotencyKeys implements AutoCloseable {

    /** The request header clients send. */
    public static final String HEADER = "Idempotency-Key";

    /** Set to {@code true} on a replayed answer. */
    public static final String REPLAYED_HEADER = "Idempotency-Replayed";

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
    private static final HexFormat HEX = HexFormat.of();

    private final TimeSource time;
    private final Connection db;
    private final int maxEntries;
    private final Duration ttl;
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();

    public IdempotencyKeys(TimeSource time,
                           @Value("${dosewarden.data-dir:./data}") String dataDir,
                           @Value("${dosewarden.api.idempotency.max-entries:10000}") int maxEntries,
                           @Value("${dosewarden.api.idempotency.ttl:24h}") Duration ttl) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("dosewarden.api.idempotency.max-entries must be at least 1: " + maxEntries);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("dosewarden.api.idempotency.ttl must be positive: " + ttl);
        }
        this.time = time;
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        Path file = Path.of(dataDir).resolve("api-idempotency.sqlite");
        try {
            Files.createDirectories(file.getParent());
            this.db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE IF NOT EXISTS answers (scope TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, "
                        + "status INTEGER NOT NULL, content_type TEXT NOT NULL, body BLOB NOT NULL, "
                        + "created_epoch_ms INTEGER NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS answers_created ON answers(created_epoch_ms)");
            }
        } catch (java.io.IOException | SQLException e) {
            throw new IllegalStateException("cannot open the idempotency store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} once per (user, method, path, key). Without a key it simply runs it.
     *
     * @param key  the client's {@code Idempotency-Key}, or null
     * @param body the raw request body (its SHA-256 detects a key reused for a different request)
     * @param work produces the answer; an {@link ApiProblem} it throws becomes a stored problem answer
     */
    public Answer once(String user, String method, String path, String key, String body, Supplier<ApiResult> work,
                       java.util.function.Function<ApiProblem, ApiResult> problemToResult) {
        if (key == null) {
            return new Answer(run(work, problemToResult), false);
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiProblem.badField(HEADER, "an idempotency key is 1 to 200 visible ASCII characters");
        }
        String scope = sha256(user + "\n" + method + " " + path + "\n" + key);
        String fingerprint = sha256(body == null ? "" : body);
        Optional<Stored> stored = find(scope);
        if (stored.isPresent()) {
            return replay(stored.get(), fingerprint);
        }
        if (inFlight.putIfAbsent(scope, Boolean.TRUE) != null) {
            throw new ApiProblem(409, "idempotency-key-in-flight", "Request in progress",
                    "a request with this Idempotency-Key is still being processed; repeat it when it has finished",
                    Map.of("field", HEADER));
        }
        try {
            // Checked again inside the in-flight guard: the first request may have finished in between.
            stored = find(scope);
            if (stored.isPresent()) {
                return replay(stored.get(), fingerprint);
            }
            ApiResult result = run(work, problemToResult);
            if (storable(result.status())) {
                store(scope, fingerprint, result);
            }
            return new Answer(result, false);
        } finally {
            inFlight.remove(scope);
        }
    }

    /** An answer and whether it is a replay of a stored one. */
    public record Answer(ApiResult result, boolean replayed) {
    }

    private static ApiResult run(Supplier<ApiResult> work, java.util.function.Function<ApiProblem, ApiResult> toResult) {
        try {
            return work.get();
        } catch (ApiProblem p) {
            return toResult.apply(p);
        }
    }

    private static Answer replay(Stored stored, String fingerprint) {
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new ApiProblem(422, "idempotency-key-reused", "Idempotency key reused",
                    "this Idempotency-Key was already used for a request with a different body; use a new key",
                    Map.of("field", HEADER));
        }
        return new Answer(stored.result(), true);
    }

    /** 401/403 never reach here; 5xx and stale 503 say nothing final about the request, so a retry may act. */
    private static boolean storable(int status) {
        return status < 500;
    }

    private record Stored(String fingerprint, ApiResult result) {
    }

    private synchronized Optional<Stored> find(String scope) {
        long oldest = time.wallTime().minus(ttl).toEpochMilli();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT fingerprint, status, content_type, body FROM answers WHERE scope = ? AND created_epoch_ms >= ?")) {
            q.setString(1, scope);
            q.setLong(2, oldest);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(rs.getString(1),
                        new ApiResult(rs.getInt(2), rs.getString(3), rs.getBytes(4))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("idempotency store unreadable: " + e.getMessage(), e);
        }
    }

    private synchronized void store(String scope, String fingerprint, ApiResult result) {
        Instant now = time.wallTime();
        try {
            db.setAutoCommit(false);
            try (PreparedStatement ins = db.prepareStatement(
                    "INSERT OR REPLACE INTO answers(scope, fingerprint, status, content_type, body, created_epoch_ms) "
                            + "VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement expire = db.prepareStatement("DELETE FROM answers WHERE created_epoch_ms < ?");
                 PreparedStatement trim = db.prepareStatement("DELETE FROM answers WHERE scope IN (SELECT scope FROM "
                         + "answers ORDER BY created_epoch_ms DESC, rowid DESC LIMIT -1 OFFSET ?)")) {
                ins.setString(1, scope);
                ins.setString(2, fingerprint);
                ins.setInt(3, result.status());
                ins.setString(4, result.contentType());
                ins.setBytes(5, result.body());
                ins.setLong(6, now.toEpochMilli());
                ins.executeUpdate();
                expire.setLong(1, now.minus(ttl).toEpochMilli());
                expire.executeUpdate();
                trim.setInt(1, maxEntries);
                trim.executeUpdate();
            }
            db.commit();
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the original failure is what matters
            }
            throw new IllegalStateException("idempotency store not written: " + e.getMessage(), e);
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // next use reports it
            }
        }
    }

    /** How many answers are stored now (for tests and diagnostics). */
    public synchronized int size() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM answers")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("idempotency store unreadable: " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // closing at shutdown; nothing left to protect
        }
    }
}
