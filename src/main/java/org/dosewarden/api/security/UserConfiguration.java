package org.dosewarden.api.security;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry under {@code dosewarden.users.<username>}: a PBKDF2 password hash made by
 * {@code dosewarden hash-password} and a list of roles ({@code viewer}, {@code clinician}, {@code admin}).
 * Read as-is; {@link UserDirectory} validates it at start-up.
 */
@EachProperty("dosewarden.users")
public final class UserConfiguration {

    private final String username;
    private String passwordHash = "";
    private List<String> roles = new ArrayList<>();

    public UserConfiguration(@Parameter String username) {
        this.username = username;
    }

    public String getUsername() {
        return username;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash == null ? "" : passwordHash;
    }

    public List<String> getRoles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = roles == null ? new ArrayList<>() : new ArrayList<>(roles);
    }
}
