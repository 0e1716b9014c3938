package org.dosewarden.library;

import java.util.List;
import java.util.stream.Collectors;
import org.dosewarden.dose.lint.LintFinding;

/** A drug library that does not validate. Its message lists every error; nothing falls back to a default. */
public class InvalidDrugLibraryException extends RuntimeException {

    private final transient List<LintFinding> errors;

    public InvalidDrugLibraryException(String source, List<LintFinding> errors) {
        super("drug library " + source + " is invalid (" + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + "):\n  "
                + errors.stream().map(LintFinding::toString).collect(Collectors.joining("\n  ")));
        this.errors = List.copyOf(errors);
    }

    public List<LintFinding> errors() {
        return errors;
    }
}
