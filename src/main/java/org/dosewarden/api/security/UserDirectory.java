package org.dosewarden.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.dosewarden.json.JsonMappers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users allowed to use the HTTP API, read from {@code dosewarden.users.*} and checked when the daemon
 * starts (it is a {@link Context} bean, so a bad entry stops start-up with a message naming the user).
 *
 * <p>Refused at start-up (fail closed, STYLE rule 7): a missing, empty or malformed password hash; an
 * iteration count below {@link PasswordHash#MIN_ITERATIONS}; no roles or an unknown role. Outside the
 * {@value DemoUsers#ENVIRONMENT} environment also: a user named {@code demo-*} and a hash copied from
 * {@code application-demo.yml} (a demo password).
 */
@Context
@Singleton
public final class UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(UserDirectory.class);

    /** The longest user name; a sign-in body naming a longer one is refused before any password is checked. */
    public static final int MAX_NAME_CHARS = 64;

    /** Lowercase because Micronaut normalises property names; no spaces or colons (HTTP Basic splits on ':'). */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0," + (MAX_NAME_CHARS - 1) + "}");

    /** A validated user. */
    public record User(String name, PasswordHash passwordHash, Set<Role> roles) {
        public User {
            roles = Set.copyOf(roles);
        }
    }

    private final Map<String, User> users;

    public UserDirectory(List<UserConfiguration> configured, Environment environment) {
        boolean demo = environment.getActiveNames().contains(DemoUsers.ENVIRONMENT);
        Set<String> demoHashes = demo ? Set.of() : shippedDemoHashes();
        List<String> problems = new ArrayList<>();
        Map<String, User> valid = new LinkedHashMap<>();
        for (UserConfiguration c : configured) {
            validate(c, demo, demoHashes, problems).ifPresent(u -> valid.put(u.name(), u));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start: " + String.join("; ", problems));
        }
        this.users = Map.copyOf(valid);
        if (users.isEmpty()) {
            LOG.warn("no users are configured under dosewarden.users: every API request except /health will be "
                    + "refused (see docs/api.md, 'Users')");
        }
        if (demo) {
            announceDemoUsers();
        }
    }

    /** The user called {@code name}, if configured. */
    public Optional<User> find(String name) {
        return Optional.ofNullable(users.get(name));
    }

    /** Names of every configured user, for diagnostics. */
    public Set<String> names() {
        return users.keySet();
    }

    private static Optional<User> validate(UserConfiguration c, boolean demo, Set<String> demoHashes,
                                           List<String> problems) {
        String name = c.getUsername();
        String where = "dosewarden.users." + name;
        if (!USERNAME.matcher(name).matches()) {
            problems.add(where + ": user names are 1-64 characters of a-z, 0-9, '.', '_' or '-'");
            return Optional.empty();
        }
        if (!demo && name.startsWith(DemoUsers.NAME_PREFIX)) {
            problems.add(where + ": demo users exist only in the '" + DemoUsers.ENVIRONMENT
                    + "' environment; remove the user or give it a real name and its own password");
            return Optional.empty();
        }
        String encoded = c.getPasswordHash().strip();
        if (encoded.isEmpty()) {
            problems.add(where + ".password-hash is missing or empty; make one with 'dosewarden hash-password'");
            return Optional.empty();
        }
        if (demoHashes.contains(encoded)) {
            problems.add(where + " uses a demo password (its hash is the one in application-demo.yml); "
                    + "set a new one with 'dosewarden hash-password'");
            return Optional.empty();
        }
        PasswordHash hash;
        try {
            hash = PasswordHash.parse(encoded);
        } catch (IllegalArgumentException e) {
            problems.add(where + ".password-hash: " + e.getMessage());
            return Optional.empty();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : c.getRoles()) {
            Optional<Role> role = Role.fromConfigName(r.strip());
            if (role.isEmpty()) {
                problems.add(where + ".roles: unknown role '" + r + "' (known: viewer, clinician, admin)");
                return Optional.empty();
            }
            roles.add(role.get());
        }
        if (roles.isEmpty()) {
            problems.add(where + ".roles is empty; give at least one of viewer, clinician, admin");
            return Optional.empty();
        }
        return Optional.of(new User(name, hash, roles));
    }

    /** The password hashes shipped in application-demo.yml, read from the classpath so they are never duplicated. */
    static Set<String> shippedDemoHashes() {
        Set<String> hashes = new HashSet<>();
        try (InputStream in = UserDirectory.class.getResourceAsStream("/application-demo.yml")) {
            if (in == null) {
                return hashes;
            }
            JsonNode root = JsonMappers.yaml().readTree(in);
            JsonNode users = root == null ? null : root.path("dosewarden").path("users");
            if (users != null && users.isObject()) {
                for (JsonNode user : users) {
                    JsonNode hash = user.path("password-hash");
                    if (hash.isTextual()) {
                        hashes.add(hash.textValue().strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read application-demo.yml from the classpath", e);
        }
        return hashes;
    }

    private void announceDemoUsers() {
        StringBuilder text = new StringBuilder("DEMO environment: these users have public passwords and must never "
                + "be used on a real installation:");
        DemoUsers.PASSWORDS.forEach((user, password) -> {
            User u = users.get(user);
            if (u != null) {
                text.append(System.lineSeparator()).append("  ").append(user).append(" / ").append(password)
                        .append("  roles ").append(u.roles().stream().map(Role::configName).sorted().toList());
            }
        });
        LOG.warn("{}", text);
    }
}
