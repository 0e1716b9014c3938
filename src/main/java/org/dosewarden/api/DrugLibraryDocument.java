package org.dosewarden.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.dosewarden.json.JsonMappers;
import org.dosewarden.library.DrugLibraryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drug library document for display ({@code GET /api/drug-library}): the file {@link DrugLibraryService}
 * loaded, read once more at start-up as a JSON tree. Shown only when its {@code version} is the one the
 * service validated, so the API never shows a file that changed after loading.
 */
@Singleton
final class DrugLibraryDocument {

    private static final Logger LOG = LoggerFactory.getLogger(DrugLibraryDocument.class);
    private static final ObjectMapper YAML = JsonMappers.yaml();

    private final JsonNode document;
    private final String problem;

    DrugLibraryDocument(DrugLibraryService service) {
        JsonNode doc = null;
        String why = null;
        if (service.library().isEmpty()) {
            why = service.problem().orElse("no drug library is loaded");
        } else {
            String version = service.library().get().version();
            try {
                doc = YAML.readTree(bytes(service.location()));
                if (!version.equals(doc.path("version").asText())) {
                    why = "the drug library file " + service.location() + " changed after it was loaded (loaded version "
                            + version + ", file now " + doc.path("version").asText() + "); restart to load it";
                    doc = null;
                }
            } catch (IOException e) {
                why = "drug library " + service.location() + " cannot be read for display: " + e.getMessage();
            }
        }
        if (why != null && service.library().isPresent()) {
            LOG.warn("{}", why);
        }
        this.document = doc;
        this.problem = why;
    }

    private static byte[] bytes(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String name = location.substring("classpath:".length()).replaceFirst("^/", "");
            try (InputStream in = DrugLibraryDocument.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new NoSuchFileException(location, null, "no such resource on the classpath");
                }
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(Path.of(location));
    }

    /** The document, when the library loaded and the file is the one loaded. */
    Optional<JsonNode> document() {
        return Optional.ofNullable(document).map(JsonNode::deepCopy);
    }

    /** Why there is no document to show. */
    String problem() {
        return problem == null ? "" : problem;
    }
}
