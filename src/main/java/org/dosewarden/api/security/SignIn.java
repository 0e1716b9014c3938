package org.dosewarden.api.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.UsernamePasswordCredentials;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.dosewarden.api.audit.AuditNote;
import org.dosewarden.clock.ScaledTimeSource;
import org.dosewarden.clock.TimeSource;

/**
 * Checks a user name and password typed into the console (SR-U1): the sign-in form, and the second
 * clinician's signature on a high-alert program (SR-I2). Same password check as HTTP Basic, slowed down by
 * {@link SignInThrottle}, and every attempt journaled through the request's audit entry with the user, the
 * source address and the outcome (the password never).
 */
@Singleton
public final class SignIn {

    /** What became of an attempt. */
    public sealed interface Outcome {
        /** The password is right (and, for {@link SignIn#signIn}, a session was opened). */
        record Accepted(UserDirectory.User user, Optional<ConsoleSessions.Opened> session) implements Outcome {
        }

        /** Wrong user name or password; {@code message} is what the clinician reads. */
        record Refused(String message) implements Outcome {
        }

        /** Too many failures: not checked; try again after {@code retryAfter}. */
        record Throttled(Duration retryAfter, String message) implements Outcome {
        }
    }

    /** Same words for an unknown user and a wrong password, so the answer does not reveal which users exist. */
    static final String WRONG = "wrong user name or password";

    private final ConfiguredUserAuthentication<Object> passwords;
    private final UserDirectory users;
    private final ConsoleSessions sessions;
    private final TimeSource time;
    private final long factor;
    private final SignInThrottle throttle = new SignInThrottle();

    SignIn(ConfiguredUserAuthentication<Object> passwords, UserDirectory users, ConsoleSessions sessions,
           TimeSource time) {
        this.passwords = passwords;
        this.users = users;
        this.sessions = sessions;
        this.time = time;
        this.factor = time instanceof ScaledTimeSource scaled ? scaled.factor() : 1;
    }

    /** Signs {@code user} in from the console and opens a session on success. Blocking (PBKDF2): call off the event loop. */
    public Outcome signIn(HttpRequest<?> request, String user, String password) {
        Checked checked = check(request, user, password);
        if (checked.outcome() instanceof Outcome.Accepted a) {
            ConsoleSessions.Opened opened = sessions.open(a.user().name(), a.user().roles());
            new AuditNote(a.user().name(), true, "sign-in", "signed in from " + address(request) + " (session "
                    + opened.session().id() + ")").on(request);
            return new Outcome.Accepted(a.user(), Optional.of(opened));
        }
        new AuditNote(claimed(user), false, "sign-in", checked.detail()).on(request);
        return checked.outcome();
    }

    /**
     * Checks a second clinician's password typed on a console that another user is signed in to (SR-I2): the
     * password proves the second person is present; no session is opened for them. Slowed down like a
     * sign-in; the attempt is journaled in the request's audit entry under {@code action}.
     */
    public Outcome countersign(HttpRequest<?> request, String user, String password, String action) {
        Checked checked = check(request, user, password);
        String detail = checked.outcome() instanceof Outcome.Accepted
                ? "second clinician " + user.strip() + " signed with their password at " + address(request)
                : "second clinician '" + claimed(user) + "' not accepted: " + checked.detail();
        new AuditNote(signedInUser(request), true, action, detail).on(request);
        return checked.outcome();
    }

    private record Checked(Outcome outcome, String detail) {
    }

    private Checked check(HttpRequest<?> request, String user, String password) {
        String address = address(request);
        String name = user == null ? "" : user.strip();
        long now = realNanos();
        Optional<Duration> wait = throttle.waitBefore(name, address, now);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            String message = "too many failed sign-ins; try again in " + seconds + " s";
            return new Checked(new Outcome.Throttled(Duration.ofSeconds(seconds), message),
                    message + " (from " + address + "; password not checked)");
        }
        @SuppressWarnings("unchecked")
        HttpRequest<Object> req = (HttpRequest<Object>) request;
        var result = passwords.authenticate(req, new UsernamePasswordCredentials(name,
                password == null ? "" : password));
        Optional<UserDirectory.User> known = users.find(name);
        if (result.isAuthenticated() && known.isPresent()) {
            throttle.succeeded(name, address);
            return new Checked(new Outcome.Accepted(known.get(), Optional.empty()), "");
        }
        SignInThrottle.Count count = throttle.failed(name, address, now);
        return new Checked(new Outcome.Refused(WRONG), WRONG + " (from " + address + "; " + count.pair()
                + " failed for this user from this address, " + count.address() + " from this address and "
                + count.user() + " for this user in " + SignInThrottle.WINDOW.toMinutes() + " min)");
    }

    /** Monotonic time in real nanoseconds (the demo clock runs faster; waits are real time). */
    private long realNanos() {
        return time.monotonicNanos() / factor;
    }

    private static String signedInUser(HttpRequest<?> request) {
        return request.getUserPrincipal().map(java.security.Principal::getName).orElse("anonymous");
    }

    /** The claimed name for the journal, cut and made printable (it is attacker-chosen text). */
    private static String claimed(String user) {
        String name = user == null ? "" : user.strip();
        String printable = name.replaceAll("[^\\x21-\\x7e]", "?");
        return "unauthenticated:" + (printable.length() > 64 ? printable.substring(0, 64) + "..." : printable);
    }

    /** The source address of the request, as the daemon's socket sees it. */
    static String address(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
