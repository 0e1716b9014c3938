package org.dosewarden.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.dosewarden.testing.TempDirs;

/** Fail closed at start-up: bad users stop the daemon with a message naming the user. */
class UserDirectoryTest {

    private static final String GOOD = PasswordHash.create("a real password".toCharArray(), PasswordHash.MIN_ITERATIONS,
            new SecureRandom()).encode();

    private static String startupFailure(Map<String, Object> properties, String... environments) {
        Map<String, Object> p = new HashMap<>(properties);
        p.put("micronaut.server.port", -1);
        p.put("dosewarden.data-dir", tempDir());
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            try (ApplicationContext ctx = ApplicationContext.run(p, environments)) {
                ctx.getBean(UserDirectory.class);
            }
        });
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static String tempDir() {
        return TempDirs.create("dw-users").toString();
    }

    @Test
    @DisplayName("a user without a password hash stops start-up, naming the user")
    void missingHash() {
        String msg = startupFailure(Map.of("dosewarden.users.nurse-1.roles", "clinician"), "test");
        assertTrue(msg.contains("dosewarden.users.nurse-1.password-hash is missing or empty"), msg);
    }

    @Test
    @DisplayName("an empty hash stops start-up")
    void emptyHash() {
        String msg = startupFailure(Map.of("dosewarden.users.nurse-1.password-hash", "",
                "dosewarden.users.nurse-1.roles", "clinician"), "test");
        assertTrue(msg.contains("nurse-1"), msg);
    }

    @Test
    @DisplayName("a demo user outside the demo environment stops start-up")
    void demoUserOutsideDemo() {
        String msg = startupFailure(Map.of("dosewarden.users.demo-clinician.password-hash", GOOD,
                "dosewarden.users.demo-clinician.roles", "clinician"), "test");
        assertTrue(msg.contains("dosewarden.users.demo-clinician") && msg.contains("demo"), msg);
    }

    @Test
    @DisplayName("a demo password hash copied to a real user stops start-up")
    void demoHashOutsideDemo() {
        String demoHash = UserDirectory.shippedDemoHashes().iterator().next();
        String msg = startupFailure(Map.of("dosewarden.users.nurse-2.password-hash", demoHash,
                "dosewarden.users.nurse-2.roles", "clinician"), "test");
        assertTrue(msg.contains("dosewarden.users.nurse-2 uses a demo password"), msg);
    }

    @Test
    @DisplayName("weak hashes, unknown roles and no roles stop start-up")
    void weakHashAndRoles() {
        String weak = "pbkdf2-sha256:1000:AAAAAAAAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertTrue(startupFailure(Map.of("dosewarden.users.nurse-3.password-hash", weak,
                "dosewarden.users.nurse-3.roles", "clinician"), "test").contains("nurse-3.password-hash"));
        String unknownRole = startupFailure(Map.of("dosewarden.users.nurse-4.password-hash", GOOD,
                "dosewarden.users.nurse-4.roles", "clincian"), "test");
        assertTrue(unknownRole.contains("unknown role 'clincian'"), unknownRole);
        assertTrue(startupFailure(Map.of("dosewarden.users.nurse-5.password-hash", GOOD), "test")
                .contains("nurse-5.roles is empty"));
    }

    @Test
    @DisplayName("a valid user starts; roles are read from a list")
    void validUser() {
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("micronaut.server.port", -1,
                "dosewarden.data-dir", tempDir(),
                "dosewarden.users.nurse-6.password-hash", GOOD,
                "dosewarden.users.nurse-6.roles", java.util.List.of("clinician", "viewer")), "test")) {
            UserDirectory users = ctx.getBean(UserDirectory.class);
            assertEquals(Set.of(Role.CLINICIAN, Role.VIEWER), users.find("nurse-6").orElseThrow().roles());
        }
    }

    @Test
    @DisplayName("the demo environment starts with the demo users, whose published passwords match their hashes")
    void demoUsers() {
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("micronaut.server.port", -1,
                "dosewarden.data-dir", tempDir()), "demo", "test")) {
            UserDirectory users = ctx.getBean(UserDirectory.class);
            assertEquals(DemoUsers.PASSWORDS.keySet(), users.names());
            DemoUsers.PASSWORDS.forEach((name, password) ->
                    assertTrue(users.find(name).orElseThrow().passwordHash().matches(password.toCharArray()), name));
            assertEquals(Set.of(Role.CLINICIAN), users.find("demo-clinician2").orElseThrow().roles());
            assertEquals(Set.of(Role.VIEWER), users.find("demo-viewer").orElseThrow().roles());
            assertEquals(Set.of(Role.ADMIN), users.find("demo-admin").orElseThrow().roles());
        }
    }
}
