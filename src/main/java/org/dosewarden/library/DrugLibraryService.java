package org.dosewarden.library;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
public final class DrugLibraryService implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DrugLibraryService.class);

    private final String location;
    private final CompletableFuture<Loaded> loading = new CompletableFuture<>();

    /**
     * Reads the library file now and parses and checks it on a thread of its own, so that the parsing and the
     * schema check (a fifth of the start's main thread, docs/benchmarks-footprint.md, fifth round) run beside the
     * journal, the channels and the broker starting. Every accessor waits for the result, and so does the daemon's
     * start ({@link #onApplicationEvent}): the HTTP server, and with it readiness, comes after the library is
     * loaded, as before. What is loaded is the file as it was when this bean was made.
     */
    public DrugLibraryService(@Value("${dosewarden.drug-library:" + DrugLibraryReader.DEFAULT_LOCATION + "}") String location) {
        this.location = location;
        DrugLibraryReader.Document file;
        try {
            file = DrugLibraryReader.Document.fetch(location);
        } catch (IOException e) {
            loading.complete(loaded(location, LibraryReport.invalid(location,
                    List.of(LintFinding.error(location, "cannot read the drug library: " + e)))));
            return;
        }
        Thread reader = new Thread(() -> {
            try {
                loading.complete(loaded(location, DrugLibraryReader.read(file.source(), file.yaml())));
            } catch (RuntimeException | Error e) {
                loading.completeExceptionally(e);
            }
        }, "drug-library-load");
        reader.setDaemon(true);
        reader.start();
    }

    private static Loaded loaded(String location, LibraryReport report) {
        String failure = null;
        if (report.valid()) {
            LOG.info("drug library {} version {} loaded ({} warnings)", location, report.library().get().version(),
                    report.warnings().size());
            report.warnings().forEach(w -> LOG.warn("drug library: {}", w));
        } else {
            failure = new InvalidDrugLibraryException(location, report.errors()).getMessage();
            LOG.error("{}; no infusion can be programmed until it is fixed", failure);
        }
        return new Loaded(report.library(), report.findings(), report.document(), failure);
    }

    /** What the load found; waits for it. A failure of the reader itself is thrown here, to every caller. */
    private Loaded loaded() {
        try {
            return loading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            } else if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * The daemon's start waits here, after the other eager beans, for the library to be loaded; a reader that
     * failed (not an invalid library, which loads as invalid) fails the start, as it did when the library was read
     * in the constructor.
     */
    @Override
    public void onApplicationEvent(StartupEvent event) {
        loaded();
    }

    private record Loaded(Optional<DrugLibrary> library, List<LintFinding> findings, Optional<JsonNode> document,
            String problem) {
    }

    /** Where the library was loaded from. */
    public String location() {
        return location;
    }

    /** The library when it loaded without errors. */
    public Optional<DrugLibrary> library() {
        return loaded().library();
    }

    /**
     * The library, for programming an infusion.
     *
     * @throws InvalidDrugLibraryException listing every error when the library did not load
     */
    public DrugLibrary require() {
        Loaded loaded = loaded();
        return loaded.library().orElseThrow(() -> new InvalidDrugLibraryException(location,
                loaded.findings().stream().filter(LintFinding::isError).toList()));
    }

    /**
     * The document the library was read from (fields as in the schema), for display: the one read at start-up,
     * so what is shown is what was loaded. Absent when the library did not load. Each call gives a fresh copy.
     */
    public Optional<JsonNode> document() {
        return loaded().document().map(JsonNode::deepCopy);
    }

    /** Errors and warnings found when loading. */
    public List<LintFinding> findings() {
        return loaded().findings();
    }

    /** Why the library is unavailable, when it is. */
    public Optional<String> problem() {
        return Optional.ofNullable(loaded().problem());
    }
}
