package org.dosewarden.api.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The roles a configured user can hold. Each endpoint names the roles it admits; nothing is implied:
 * {@code admin} does not include {@code clinician} (an engineer who maintains the drug library does not
 * thereby program infusions). Reading is open to every role because a clinician and an admin both need
 * to see what a channel is doing.
 */
public enum Role {
    /** Reads channels, journals, sessions and the drug library. */
    VIEWER,
    /** Programs, confirms, starts, pauses, resumes, stops and ends infusions; acknowledges alarms; resets trips. */
    CLINICIAN,
    /** Maintains the drug library and configuration. */
    ADMIN;

    /** Role names as written in configuration and in {@code @Secured}. */
    public static final String VIEWER_NAME = "viewer";
    public static final String CLINICIAN_NAME = "clinician";
    public static final String ADMIN_NAME = "admin";

    /** The lowercase configuration name, e.g. {@code clinician}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role with configuration name {@code name} (exact, lowercase), if there is one. */
    public static Optional<Role> fromConfigName(String name) {
        return Arrays.stream(values()).filter(r -> r.configName().equals(name)).findFirst();
    }
}
