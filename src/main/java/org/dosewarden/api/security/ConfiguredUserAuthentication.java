package org.dosewarden.api.security;

import io.micronaut.context.env.Environment;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks HTTP Basic credentials against {@link UserDirectory}. Runs on the blocking executor.
 *
 * <p>Why a cache: HTTP Basic sends the password with every request and one PBKDF2 check at 600,000
 * iterations costs ~0.15 s on a PC and ~1 s on a Pi. After a successful check the daemon keeps, per user,
 * an HMAC of the password under a random key that lives only in this process's memory; a later request
 * with the same password is accepted after a constant-time comparison of HMACs. A wrong password always
 * takes the full PBKDF2 path, and only {@link #SLOW_CHECKS} such checks run at once so password guessing
 * cannot starve the pump channel threads of CPU.
 *
 * <p>Outside the demo environment a login with a public (demo) password is refused even when the hash
 * matches, and logged, so a demo password re-hashed with a new salt is still caught.
 */
@Singleton
final class ConfiguredUserAuthentication<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredUserAuthentication.class);

    /** At most this many PBKDF2 checks run at once: about half the cores, at least one. */
    static final int SLOW_CHECKS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /** How long a login waits for a PBKDF2 slot before it is refused. */
    private static final long SLOT_WAIT_SECONDS = 10;

    private final UserDirectory users;
    private final boolean demo;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final Semaphore slowChecks = new Semaphore(SLOW_CHECKS, true);
    /** Checked for unknown users so they take as long as known ones (no user enumeration by timing). */
    private final PasswordHash decoy;

    ConfiguredUserAuthentication(UserDirectory users, Environment environment) {
        this.users = users;
        this.demo = environment.getActiveNames().contains(DemoUsers.ENVIRONMENT);
        SecureRandom random = new SecureRandom();
        random.nextBytes(cacheKey);
        byte[] salt = new byte[PasswordHash.MIN_SALT_BYTES];
        random.nextBytes(salt);
        this.decoy = new PasswordHash(PasswordHash.DEFAULT_ITERATIONS, salt, new byte[PasswordHash.HASH_BYTES]);
    }

    @Override
    public AuthenticationResponse authenticate(HttpRequest<B> request,
                                               AuthenticationRequest<String, String> authenticationRequest) {
        String name = authenticationRequest.getIdentity();
        String secret = authenticationRequest.getSecret();
        if (name == null || secret == null) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        Optional<UserDirectory.User> user = users.find(name);
        char[] password = secret.toCharArray();
        try {
            if (!check(name, user, password)) {
                return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
            }
        } finally {
            Arrays.fill(password, '\0');
        }
        if (!demo && DemoUsers.isPublicPassword(secret)) {
            LOG.error("user '{}' logged in with a public demo password; login refused. Set a new password hash "
                    + "with 'dosewarden hash-password'", name);
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        return AuthenticationResponse.success(name, user.orElseThrow().roles().stream().map(Role::configName).toList());
    }

    private boolean check(String name, Optional<UserDirectory.User> user, char[] password) {
        byte[] tag = tag(name, password);
        try {
            byte[] known = verified.get(name);
            if (user.isPresent() && known != null && MessageDigest.isEqual(known, tag)) {
                return true;
            }
            if (!slowChecks.tryAcquire(SLOT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("login of '{}' refused: too many password checks in progress", name);
                return false;
            }
            boolean ok;
            try {
                if (user.isPresent()) {
                    ok = user.get().passwordHash().matches(password);
                } else {
                    decoy.matches(password); // same cost as a real check; the result is meaningless
                    ok = false;
                }
            } finally {
                slowChecks.release();
            }
            if (ok) {
                verified.put(name, tag.clone());
            }
            return ok;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            Arrays.fill(tag, (byte) 0);
        }
    }

    private byte[] tag(String name, char[] password) {
        byte[] bytes = PasswordHash.utf8(password);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            mac.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no HmacSHA256", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
