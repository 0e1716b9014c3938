package org.dosewarden.library;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.lint.DrugLibraryLint;
import org.dosewarden.dose.lint.LintFinding;

/**
 * The result of reading a drug-library file: the library when it is valid, and every finding (schema
 * errors, unit errors, lint errors and warnings).
 *
 * @param source   where the library came from (a path or {@code classpath:...})
 * @param library  present only when there is no error
 * @param findings errors first, then warnings, each in file order
 */
public record LibraryReport(String source, Optional<DrugLibrary> library, List<LintFinding> findings) {

    public LibraryReport {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(library, "library");
        findings = DrugLibraryLint.errorsFirst(findings);
        if (library.isPresent() && DrugLibraryLint.hasErrors(findings)) {
            throw new IllegalArgumentException("a library with errors must not be handed out");
        }
    }

    public boolean valid() {
        return library.isPresent();
    }

    public List<LintFinding> errors() {
        return findings.stream().filter(LintFinding::isError).toList();
    }

    public List<LintFinding> warnings() {
        return findings.stream().filter(f -> !f.isError()).toList();
    }
}
