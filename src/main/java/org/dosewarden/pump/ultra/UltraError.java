package org.dosewarden.pump.ultra;

import java.util.Optional;

/** The error lines an Ultra pump answers with instead of carrying out a command. */
public enum UltraError {
    /** The command word is not known (or not available on this model, e.g. withdraw on an infuse-only pump). */
    UNKNOWN_COMMAND("Unknown command"),
    /** The command is not valid now or with these arguments. */
    COMMAND_ERROR("Command error"),
    /** An argument could not be read (a unit the pump does not know, a target larger than the syringe). */
    ARGUMENT_ERROR("Argument error"),
    /** A value outside what the pump accepts with this syringe. */
    OUT_OF_RANGE("Out of range");

    private final String text;

    UltraError(String text) {
        this.text = text;
    }

    /** The words the pump writes at the start of the line. */
    public String text() {
        return text;
    }

    /** The error a reply line starts with, if any. */
    public static Optional<UltraError> ofLine(String line) {
        String trimmed = line.strip();
        for (UltraError e : values()) {
            if (trimmed.startsWith(e.text)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
