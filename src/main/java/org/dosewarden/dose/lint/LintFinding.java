package org.dosewarden.dose.lint;

import java.util.Objects;

/**
 * One problem found in a drug library. Errors keep the library from loading; warnings (e.g. a missing hard
 * limit) are allowed but reported.
 *
 * @param level   error or warning
 * @param where   location, e.g. {@code psychiatry/ketamine-psych doseRate} or a file path like {@code /careAreas/0}
 * @param message what is wrong and which limit or rule applies
 */
public record LintFinding(Level level, String where, String message) {

    public enum Level {
        ERROR,
        WARNING
    }

    public LintFinding {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(message, "message");
    }

    public static LintFinding error(String where, String message) {
        return new LintFinding(Level.ERROR, where, message);
    }

    public static LintFinding warning(String where, String message) {
        return new LintFinding(Level.WARNING, where, message);
    }

    public boolean isError() {
        return level == Level.ERROR;
    }

    @Override
    public String toString() {
        return level + " " + where + ": " + message;
    }
}
