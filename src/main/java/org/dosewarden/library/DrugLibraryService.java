package org.dosewarden.library;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.lint.LintFinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's drug library, loaded and parsed once at startup (the only reader of the file in the daemon) from {@code dosewarden.drug-library} (a file path or
 * {@code classpath:drug-library.yaml}, the default). Fails closed: an unreadable or invalid library is never
 * replaced by a default; {@link #require()} then throws with every error, so nothing can be programmed, and
 * the health endpoint reports DOWN with the reason.
 */
@Context
public final class DrugLibraryService {

    private static final Logger LOG = LoggerFactory.getLogger(DrugLibraryService.class);

    private final String location;
    private final Optional<DrugLibrary> library;
    private final List<LintFinding> findings;
    private final Optional<JsonNode> document;
    private final String problem;

    public DrugLibraryService(@Value("${dosewarden.drug-library:" + DrugLibraryReader.DEFAULT_LOCATION + "}") String location) {
        this.location = location;
        LibraryReport report;
        String failure = null;
        try {
            report = DrugLibraryReader.read(location);
        } catch (IOException e) {
            report = LibraryReport.invalid(location, List.of(LintFinding.error(location, "cannot read the drug library: " + e)));
        }
        this.library = report.library();
        this.findings = report.findings();
        this.document = report.document();
        if (report.valid()) {
            LOG.info("drug library {} version {} loaded ({} warnings)", location, report.library().get().version(),
                    report.warnings().size());
            report.warnings().forEach(w -> LOG.warn("drug library: {}", w));
        } else {
            failure = new InvalidDrugLibraryException(location, report.errors()).getMessage();
            LOG.error("{}; no infusion can be programmed until it is fixed", failure);
        }
        this.problem = failure;
    }

    /** Where the library was loaded from. */
    public String location() {
        return location;
    }

    /** The library when it loaded without errors. */
    public Optional<DrugLibrary> library() {
        return library;
    }

    /**
     * The library, for programming an infusion.
     *
     * @throws InvalidDrugLibraryException listing every error when the library did not load
     */
    public DrugLibrary require() {
        return library.orElseThrow(() -> new InvalidDrugLibraryException(location,
                findings.stream().filter(LintFinding::isError).toList()));
    }

    /**
     * The document the library was read from (fields as in the schema), for display: the one read at start-up,
     * so what is shown is what was loaded. Absent when the library did not load. Each call gives a fresh copy.
     */
    public Optional<JsonNode> document() {
        return document.map(JsonNode::deepCopy);
    }

    /** Errors and warnings found when loading. */
    public List<LintFinding> findings() {
        return findings;
    }

    /** Why the library is unavailable, when it is. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }
}
