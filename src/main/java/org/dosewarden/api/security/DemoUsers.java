package org.dosewarden.api.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo environment's users and their passwords. Their hashes are in {@code application-demo.yml};
 * the passwords are here so the demo can print them and so the daemon can refuse them everywhere else.
 * They are public knowledge by design: never use them on a real installation.
 */
public final class DemoUsers {

    /** The name of the Micronaut environment in which these users are allowed. */
    public static final String ENVIRONMENT = "demo";

    /** Every demo user name starts with this, so a copied demo user is recognisable. */
    public static final String NAME_PREFIX = "demo-";

    /** username → password, in the order the demo prints them. */
    public static final Map<String, String> PASSWORDS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("demo-clinician", "demo-clinician-pass");
        m.put("demo-clinician2", "demo-clinician2-pass");
        m.put("demo-viewer", "demo-viewer-pass");
        m.put("demo-admin", "demo-admin-pass");
        PASSWORDS = java.util.Collections.unmodifiableMap(m);
    }

    private DemoUsers() {
    }

    /** True for a password that is shipped in the open (a demo password) and so never acceptable for real use. */
    public static boolean isPublicPassword(String password) {
        return PASSWORDS.containsValue(password);
    }
}
