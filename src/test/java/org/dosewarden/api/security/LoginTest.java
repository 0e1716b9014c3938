package org.dosewarden.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.UsernamePasswordCredentials;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.dosewarden.testing.TempDirs;

/** The login check itself: roles granted, wrong passwords, unknown users, re-hashed demo passwords. */
class LoginTest {

    @Test
    @DisplayName("a correct login gets the configured roles; wrong password and unknown user fail")
    @SuppressWarnings("unchecked")
    void logins() throws Exception {
        String hash = PasswordHash.create("nurse-7 password".toCharArray(), PasswordHash.MIN_ITERATIONS,
                new SecureRandom()).encode();
        // A demo password hashed anew (different salt, so not caught by the start-up check).
        String demoRehashed = PasswordHash.create(DemoUsers.PASSWORDS.get("demo-viewer").toCharArray(),
                PasswordHash.MIN_ITERATIONS, new SecureRandom()).encode();
        try (ApplicationContext ctx = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "dosewarden.data-dir", TempDirs.create("dw-login").toString(),
                "dosewarden.users.nurse-7.password-hash", hash,
                "dosewarden.users.nurse-7.roles", List.of("clinician", "viewer"),
                "dosewarden.users.lazy.password-hash", demoRehashed,
                "dosewarden.users.lazy.roles", List.of("viewer")), "test")) {
            ConfiguredUserAuthentication<Object> auth = ctx.getBean(ConfiguredUserAuthentication.class);
            HttpRequest<Object> request = HttpRequest.GET("/api/channels");
            AuthenticationResponse ok = auth.authenticate(request,
                    new UsernamePasswordCredentials("nurse-7", "nurse-7 password"));
            assertTrue(ok.isAuthenticated());
            assertEquals(List.of("clinician", "viewer"),
                    ok.getAuthentication().orElseThrow().getRoles().stream().sorted().toList());
            assertTrue(auth.authenticate(request, new UsernamePasswordCredentials("nurse-7", "nurse-7 password"))
                    .isAuthenticated(), "the cached path accepts the same password");
            assertFalse(auth.authenticate(request, new UsernamePasswordCredentials("nurse-7", "nurse-7 passworD"))
                    .isAuthenticated());
            assertFalse(auth.authenticate(request, new UsernamePasswordCredentials("nobody", "nurse-7 password"))
                    .isAuthenticated());
            assertFalse(auth.authenticate(request, new UsernamePasswordCredentials("nurse-7", "")).isAuthenticated());
            assertFalse(auth.authenticate(request, new UsernamePasswordCredentials("lazy",
                    DemoUsers.PASSWORDS.get("demo-viewer"))).isAuthenticated(),
                    "a published demo password is refused outside the demo environment");
        }
    }
}
