package org.dosewarden.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.DrugLibrary;
import org.dosewarden.dose.LintFinding;
import org.dosewarden.library.DrugLibraryReader;
import org.dosewarden.library.LibraryReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drug library the daemon runs with: read once at start-up from {@code dosewarden.drug-library}
 * ({@code classpath:NAME} or a file path). Fail closed (STYLE rule 7): a library that does not validate is
 * not used at all; every program is then refused with the reason (503), and the daemon says so at start.
 * A new library takes effect on restart, never in the middle of a session.
 */
@Context
public final class ActiveDrugLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveDrugLibrary.class);
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final String source;
    private final LibraryReport report;
    private final JsonNode document;
    private final String failure;

    public ActiveDrugLibrary(@Value("${dosewarden.drug-library:" + DrugLibraryReader.DEFAULT_LOCATION + "}") String location) {
        this.source = location;
        LibraryReport r = null;
        JsonNode doc = null;
        String why = null;
        try {
            byte[] bytes = bytes(location);
            r = DrugLibraryReader.read(location, bytes);
            if (r.valid()) {
                doc = YAML.readTree(bytes);
            } else {
                why = "drug library " + location + " does not validate: "
                        + r.errors().stream().map(LintFinding::toString).toList();
            }
        } catch (IOException e) {
            why = "drug library " + location + " cannot be read: " + e;
        }
        this.report = r;
        this.document = doc;
        this.failure = why;
        if (why != null) {
            LOG.error("{}; every program will be refused until it is fixed and the daemon restarted", why);
        } else {
            r.warnings().forEach(w -> LOG.warn("drug library {}: {}", location, w));
        }
    }

    private static byte[] bytes(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String name = location.substring("classpath:".length()).replaceFirst("^/", "");
            try (InputStream in = ActiveDrugLibrary.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new java.nio.file.NoSuchFileException(location, null, "no such resource on the classpath");
                }
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(Path.of(location));
    }

    /** The validated library, if it loaded. */
    public Optional<DrugLibrary> library() {
        return report == null ? Optional.empty() : report.library();
    }

    /** Why there is no library; empty when it loaded. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Where it was read from. */
    public String source() {
        return source;
    }

    /** The library document as it was loaded (YAML read as a JSON tree), if it loaded. */
    public Optional<JsonNode> document() {
        return Optional.ofNullable(document).map(JsonNode::deepCopy);
    }

    /** Lint warnings of the loaded library (errors keep it from loading). */
    public List<LintFinding> warnings() {
        return report == null ? List.of() : report.warnings();
    }
}
