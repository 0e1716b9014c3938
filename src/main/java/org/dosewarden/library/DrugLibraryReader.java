package org.dosewarden.library;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.lint.DrugLibraryLint;
import org.dosewarden.dose.lint.LintFinding;
import org.dosewarden.json.JsonMappers;

/**
 * Reads a drug library from YAML: parse (duplicate keys are errors), validate against the shipped JSON
 * Schema ({@value #SCHEMA_RESOURCE}), map onto the {@code dose} model ({@link LibraryMapping}: every unit parsed,
 * errors naming the field), then lint ({@link DrugLibraryLint}). A library is handed out only when there is no error, so a
 * caller can never run on a half-valid library.
 */
public final class DrugLibraryReader {

    public static final String SCHEMA_RESOURCE = "/drug-library.schema.json";
    /** The library shipped in the jar; a clinic points {@code dosewarden.drug-library} at its own file. */
    public static final String DEFAULT_LOCATION = "classpath:drug-library.yaml";

    private static final ObjectMapper YAML = JsonMappers.yaml();

    private static final JsonSchema SCHEMA = loadSchema();

    private DrugLibraryReader() {
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = DrugLibraryReader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("drug-library schema " + SCHEMA_RESOURCE + " is missing from the classpath");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@code location}: {@code classpath:NAME} or a file path.
     *
     * @throws NoSuchFileException when the file or resource does not exist
     */
    public static LibraryReport read(String location) throws IOException {
        Document document = Document.fetch(location);
        return read(document.source(), document.yaml());
    }

    /**
     * The bytes of a library file as read, and the name its findings give it. Reading them does not prepare the
     * reader (its YAML mapper and compiled schema), so a caller can read the file at once and parse it elsewhere.
     */
    public record Document(String source, byte[] yaml) {

        /**
         * The bytes at {@code location} ({@code classpath:NAME} or a file path), read now;
         * {@link DrugLibraryReader#read(String, byte[])} parses and checks them.
         *
         * @throws NoSuchFileException when the file or resource does not exist
         */
        public static Document fetch(String location) throws IOException {
            if (location.startsWith("classpath:")) {
                String name = location.substring("classpath:".length());
                try (InputStream in = DrugLibraryReader.class.getClassLoader().getResourceAsStream(name.startsWith("/") ? name.substring(1) : name)) {
                    if (in == null) {
                        throw new NoSuchFileException(location, null, "no such resource on the classpath");
                    }
                    return new Document(location, in.readAllBytes());
                }
            }
            Path file = Path.of(location);
            return new Document(file.toString(), Files.readAllBytes(file));
        }
    }

    public static LibraryReport read(Path file) throws IOException {
        return read(file.toString(), Files.readAllBytes(file));
    }

    /** The library shipped in the jar. */
    public static LibraryReport readDefault() {
        try {
            return read(DEFAULT_LOCATION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads and returns the library at {@code location}, failing closed.
     *
     * @throws InvalidDrugLibraryException listing every error when it does not validate
     * @throws IOException                 when it cannot be read
     */
    public static DrugLibrary load(String location) throws IOException {
        LibraryReport report = read(location);
        return report.library().orElseThrow(() -> new InvalidDrugLibraryException(location, report.errors()));
    }

    /** Reads a library from the bytes of a YAML (or JSON) document; {@code source} names it in findings. */
    public static LibraryReport read(String source, byte[] yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? source : source + ":" + e.getLocation().getLineNr();
            return LibraryReport.invalid(source, List.of(LintFinding.error(where,
                    "not readable YAML: " + e.getOriginalMessage())));
        } catch (IOException e) {
            return LibraryReport.invalid(source, List.of(LintFinding.error(source, "not readable: " + e.getMessage())));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return LibraryReport.invalid(source, List.of(LintFinding.error(source, "the file is empty")));
        }
        Set<ValidationMessage> schemaErrors = SCHEMA.validate(root);
        if (!schemaErrors.isEmpty()) {
            List<LintFinding> findings = schemaErrors.stream()
                    .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                            .thenComparing(ValidationMessage::getMessage))
                    .map(m -> LintFinding.error(m.getInstanceLocation().toString(), "schema: " + m.getMessage()))
                    .toList();
            return LibraryReport.invalid(source, findings);
        }
        LibraryMapping mapping = new LibraryMapping();
        DrugLibrary library = mapping.library(root);
        if (!mapping.errors().isEmpty()) {
            return LibraryReport.invalid(source, mapping.errors());
        }
        List<LintFinding> lint = DrugLibraryLint.lint(library);
        if (DrugLibraryLint.hasErrors(lint)) {
            return LibraryReport.invalid(source, lint);
        }
        return new LibraryReport(source, Optional.of(library), lint, Optional.of(root));
    }
}
