package org.dosewarden.dose.library;

/** One of the four limits a drug-library quantity can have. A request equal to a limit is within it. */
public enum Bound {
    HARD_MIN("hardMin", Severity.HARD, false),
    SOFT_MIN("softMin", Severity.SOFT, false),
    SOFT_MAX("softMax", Severity.SOFT, true),
    HARD_MAX("hardMax", Severity.HARD, true);

    private final String key;
    private final Severity severity;
    private final boolean upper;

    Bound(String key, Severity severity, boolean upper) {
        this.key = key;
        this.severity = severity;
        this.upper = upper;
    }

    /** The library file key and limit-id suffix: {@code hardMin}, {@code softMin}, {@code softMax}, {@code hardMax}. */
    public String key() {
        return key;
    }

    public Severity severity() {
        return severity;
    }

    /** True for maxima: a request above the limit violates it; false for minima (below violates). */
    public boolean upper() {
        return upper;
    }

    /** "hard maximum", "soft minimum", for messages. */
    public String describe() {
        return (severity == Severity.HARD ? "hard " : "soft ") + (upper ? "maximum" : "minimum");
    }
}
