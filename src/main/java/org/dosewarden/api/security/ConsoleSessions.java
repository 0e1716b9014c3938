package org.dosewarden.api.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dosewarden.clock.ScaledTimeSource;
import org.dosewarden.clock.TimeSource;

/**
 * The console's server-side sign-in sessions (SR-U1), held in memory only: a daemon restart signs everyone
 * out. The browser holds a random token in a cookie; this store keeps only the token's SHA-256, so a heap
 * dump or a log line never yields a usable cookie.
 *
 * <p>A session ends when it was idle for {@code dosewarden.console.idle-timeout} (default 15 min; a request
 * marked {@value #BACKGROUND_HEADER}{@code : true}, such as the page's own refreshes, does not count as
 * activity), when it is older than {@code dosewarden.console.max-session} (default 12 h, a long shift), or at
 * sign-out. Both limits are real time, also on the demo's accelerated clock.
 */
@Singleton
public final class ConsoleSessions {

    /** Cookie over plain HTTP (loopback, a lab network). */
    public static final String COOKIE = "dw-session";
    /** Cookie under TLS: the {@code __Host-} prefix makes the browser insist on Secure, Path=/ and no Domain. */
    public static final String SECURE_COOKIE = "__Host-dw-session";
    /** Header a page sets on its own periodic reads so they do not keep an unattended session alive. */
    public static final String BACKGROUND_HEADER = "X-Dosewarden-Background";

    /** A user with more sessions than this loses the oldest one (a forgotten tab on every station). */
    static final int MAX_SESSIONS_PER_USER = 16;
    /** All sessions together, so a flood of sign-ins cannot exhaust memory. */
    static final int MAX_SESSIONS = 1024;

    static final Duration MIN_IDLE = Duration.ofMinutes(1);
    static final Duration MAX_IDLE = Duration.ofHours(12);
    static final Duration MAX_AGE_LIMIT = Duration.ofHours(24);

    /** What a cookie's token turned out to be. */
    public sealed interface Lookup {
        /** A live session; its idle timer was restarted unless the request was background. */
        record Active(ConsoleSession session) implements Lookup {
        }

        /** A session that ended by timeout just now; it is gone from the store. */
        record Expired(ConsoleSession session, String why) implements Lookup {
        }

        /** No such session (never issued, signed out, expired earlier, or the daemon restarted). */
        record Unknown() implements Lookup {
        }
    }

    /** A new session and the token for its cookie (the only time the token exists outside the browser). */
    public record Opened(ConsoleSession session, String token) {
    }

    private final TimeSource time;
    private final long factor;
    private final Duration idleTimeout;
    private final Duration maxAge;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ConsoleSession> byTokenHash = new ConcurrentHashMap<>();

    public ConsoleSessions(TimeSource time,
                           @Value("${dosewarden.console.idle-timeout:15m}") Duration idleTimeout,
                           @Value("${dosewarden.console.max-session:12h}") Duration maxAge) {
        if (idleTimeout.compareTo(MIN_IDLE) < 0 || idleTimeout.compareTo(MAX_IDLE) > 0) {
            throw new IllegalArgumentException("dosewarden.console.idle-timeout must be between " + MIN_IDLE.toMinutes()
                    + " min and " + MAX_IDLE.toHours() + " h, not " + idleTimeout);
        }
        if (maxAge.compareTo(idleTimeout) < 0 || maxAge.compareTo(MAX_AGE_LIMIT) > 0) {
            throw new IllegalArgumentException("dosewarden.console.max-session must be at least the idle timeout ("
                    + idleTimeout + ") and at most " + MAX_AGE_LIMIT.toHours() + " h, not " + maxAge);
        }
        this.time = time;
        this.factor = time instanceof ScaledTimeSource scaled ? scaled.factor() : 1;
        this.idleTimeout = idleTimeout;
        this.maxAge = maxAge;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** Opens a session for a user whose password was just checked. */
    public Opened open(String user, Set<Role> roles) {
        long now = time.monotonicNanos();
        purgeExpired(now);
        String token = randomText();
        ConsoleSession session = new ConsoleSession(randomText().substring(0, 12), user, roles, randomText(),
                time.wallTime(), now, now);
        byTokenHash.put(hash(token), session);
        if (byTokenHash.values().stream().filter(s -> s.user().equals(user)).count() > MAX_SESSIONS_PER_USER) {
            evictOldest(Optional.of(user));
        }
        if (byTokenHash.size() > MAX_SESSIONS) {
            evictOldest(Optional.empty());
        }
        return new Opened(session, token);
    }

    /**
     * The session a cookie token belongs to. An active one has its idle timer restarted unless
     * {@code background}; a timed-out one is removed and reported once as {@link Lookup.Expired}.
     */
    public Lookup find(String token, boolean background) {
        if (token == null || token.isEmpty()) {
            return new Lookup.Unknown();
        }
        String key = hash(token);
        long now = time.monotonicNanos();
        Lookup[] result = {new Lookup.Unknown()};
        byTokenHash.computeIfPresent(key, (k, s) -> {
            Optional<String> why = expiry(s, now);
            if (why.isPresent()) {
                result[0] = new Lookup.Expired(s, why.get());
                return null;
            }
            ConsoleSession live = background ? s : s.activeAt(now);
            result[0] = new Lookup.Active(live);
            return live;
        });
        return result[0];
    }

    /**
     * True while the session of {@code token} is open: not signed out, not timed out. Touches nothing: the idle
     * timer runs on, and a timed-out session is left for {@link #find} to remove and report.
     */
    public boolean isOpen(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        ConsoleSession s = byTokenHash.get(hash(token));
        return s != null && expiry(s, time.monotonicNanos()).isEmpty();
    }

    /** Ends the session of {@code token} (sign-out); true when there was one. */
    public boolean close(String token) {
        return token != null && byTokenHash.remove(hash(token)) != null;
    }

    /** When the session ends if nothing more happens: the earlier of the idle and the absolute limit. */
    public Instant endsAt(ConsoleSession s) {
        long now = time.monotonicNanos();
        long idleLeft = realToClock(idleTimeout) - (now - s.lastActiveNanos());
        long ageLeft = realToClock(maxAge) - (now - s.openedNanos());
        return time.wallTime().plusNanos(Math.max(0, Math.min(idleLeft, ageLeft)) / factor);
    }

    /** The console session that authenticated {@code request}; empty for HTTP Basic and anonymous requests. */
    public static Optional<ConsoleSession> of(HttpRequest<?> request) {
        return SessionAuthentication.of(request);
    }

    /** The session token the request's cookie carries, whether or not it is still valid. */
    public static Optional<String> token(HttpRequest<?> request) {
        return SessionAuthentication.cookieToken(request);
    }

    /**
     * The cookie that carries {@code token}: HttpOnly (no script reads it), SameSite=Strict (no other site's
     * page sends it), Path=/, and under TLS Secure with the {@code __Host-} name. No Max-Age: the browser
     * forgets it when it closes, and the server's limits apply in any case.
     */
    public static Cookie cookie(String token, boolean tls) {
        return Cookie.of(tls ? SECURE_COOKIE : COOKIE, token).httpOnly(true).sameSite(SameSite.Strict)
                .secure(tls).path("/");
    }

    /** Cookies that make the browser forget the session (both names, so a switch to TLS leaves nothing behind). */
    public static java.util.List<Cookie> clearing(boolean tls) {
        return tls ? java.util.List.of(cookie("", true).maxAge(0), cookie("", false).maxAge(0))
                : java.util.List.of(cookie("", false).maxAge(0));
    }

    /** Number of open sessions, for tests and diagnostics. */
    int size() {
        return byTokenHash.size();
    }

    private Optional<String> expiry(ConsoleSession s, long now) {
        if (now - s.openedNanos() >= realToClock(maxAge)) {
            return Optional.of("signed in longer than " + text(maxAge) + " (dosewarden.console.max-session)");
        }
        if (now - s.lastActiveNanos() >= realToClock(idleTimeout)) {
            return Optional.of("no activity for " + text(idleTimeout) + " (dosewarden.console.idle-timeout)");
        }
        return Optional.empty();
    }

    private void purgeExpired(long now) {
        byTokenHash.entrySet().removeIf(e -> expiry(e.getValue(), now).isPresent());
    }

    private void evictOldest(Optional<String> ofUser) {
        byTokenHash.entrySet().stream()
                .filter(e -> ofUser.isEmpty() || e.getValue().user().equals(ofUser.get()))
                .min((x, y) -> Long.compare(x.getValue().openedNanos(), y.getValue().openedNanos()))
                .ifPresent(e -> byTokenHash.remove(e.getKey()));
    }

    /** Real time on this daemon's clock (the demo clock runs {@code factor} times faster). */
    private long realToClock(Duration real) {
        return Math.multiplyExact(real.toNanos(), factor);
    }

    private String randomText() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    static String text(Duration d) {
        if (d.toSeconds() % 3600 == 0) {
            return d.toHours() + " h";
        }
        if (d.toSeconds() % 60 == 0) {
            return d.toMinutes() + " min";
        }
        return d.toSeconds() + " s";
    }
}
