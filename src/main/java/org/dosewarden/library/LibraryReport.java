package org.dosewarden.library;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.lint.DrugLibraryLint;
import org.dosewarden.dose.lint.LintFinding;

/**
 * The result of reading a drug-library file: the library when it is valid, the document it was read from, and
 * every finding (schema errors, unit errors, lint errors and warnings).
 *
 * @param source   where the library came from (a path or {@code classpath:...})
 * @param library  present only when there is no error
 * @param findings errors first, then warnings, each in file order
 * @param document the parsed document (fields as in the schema) the library was mapped from; present exactly
 *                 when the library is, so a display of the library shows what was loaded, never a second read
 */
public record LibraryReport(String source, Optional<DrugLibrary> library, List<LintFinding> findings,
                            Optional<JsonNode> document) {

    public LibraryReport {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(document, "document");
        findings = DrugLibraryLint.errorsFirst(findings);
        if (library.isPresent() && DrugLibraryLint.hasErrors(findings)) {
            throw new IllegalArgumentException("a library with errors must not be handed out");
        }
        if (library.isPresent() != document.isPresent()) {
            throw new IllegalArgumentException("a valid library comes with its document, an invalid one without");
        }
        document = document.map(JsonNode::deepCopy);
    }

    /** A report of a library that did not load. */
    public static LibraryReport invalid(String source, List<LintFinding> findings) {
        return new LibraryReport(source, Optional.empty(), findings, Optional.empty());
    }

    /** A copy of the document, so no caller can change what the next one sees. */
    @Override
    public Optional<JsonNode> document() {
        return document.map(JsonNode::deepCopy);
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
