package org.dosewarden.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** Startup fails closed: an invalid library is never replaced by a default, and health says so. */
class DrugLibraryServiceTest {

    @Test
    void aValidLibraryIsLoadedAndHealthy() {
        DrugLibraryService service = new DrugLibraryService(DrugLibraryReader.DEFAULT_LOCATION);
        assertEquals("2025.1-designed", service.require().version());
        Map<String, Object> details = new DrugLibraryHealthIndicator(service).getHealthInformation();
        assertEquals("2025.1-designed", details.get("version"));
        assertEquals(2L, details.get("warnings"));
    }

    @Test
    void anInvalidLibraryFailsClosedWithAClearMessage(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "schemaVersion: 1\nversion: x\nname: y\ncareAreas: []\n");
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("dosewarden.drug-library", bad.toString(),
                "micronaut.security.enabled", false))) {
            DrugLibraryService service = ctx.getBean(DrugLibraryService.class);
            assertTrue(service.library().isEmpty());
            InvalidDrugLibraryException e = assertThrows(InvalidDrugLibraryException.class, service::require);
            assertTrue(e.getMessage().startsWith("drug library " + bad + " is invalid (1 error)"), e.getMessage());
            assertTrue(e.getMessage().contains("careAreas"), e.getMessage());
            HealthResult health = Mono.from(ctx.getBean(DrugLibraryHealthIndicator.class).getResult()).block();
            assertEquals(HealthStatus.DOWN, health.getStatus());
            assertTrue(String.valueOf(health.getDetails()).contains("is invalid"), String.valueOf(health.getDetails()));
        }
    }

    @Test
    void aMissingLibraryFileFailsClosed(@TempDir Path dir) {
        DrugLibraryService service = new DrugLibraryService(dir.resolve("none.yaml").toString());
        InvalidDrugLibraryException e = assertThrows(InvalidDrugLibraryException.class, service::require);
        assertTrue(e.getMessage().contains("cannot read the drug library"), e.getMessage());
    }

    @Test
    @DisplayName("issue 16: the document shown for the library is the one parsed at start-up, never a second read of the file")
    void theDocumentIsTheOneLoaded(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("library.yaml");
        try (var in = DrugLibraryServiceTest.class.getResourceAsStream("/drug-library.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        DrugLibraryService service = new DrugLibraryService(file.toString());
        Files.writeString(file, "schemaVersion: 1\nversion: changed-after-loading\n");
        JsonNode shown = service.document().orElseThrow();
        assertEquals("2025.1-designed", shown.path("version").asText());
        assertEquals(service.require().name(), shown.path("name").asText());
        ((ObjectNode) shown).put("version", "edited by a caller");
        assertEquals("2025.1-designed", service.document().orElseThrow().path("version").asText(),
                "each caller gets its own copy");
    }

    @Test
    @DisplayName("issue 16: a library that did not load has no document to show")
    void noDocumentWithoutALibrary(@TempDir Path dir) {
        DrugLibraryService service = new DrugLibraryService(dir.resolve("none.yaml").toString());
        assertTrue(service.document().isEmpty());
    }

    @Test
    @DisplayName("issue 16: a repeated key in the library file is an error naming it, not the last value winning")
    void aRepeatedKeyIsAnError() {
        LibraryReport report = DrugLibraryReader.read("dup.yaml",
                "schemaVersion: 1\nversion: a\nversion: b\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(report.library().isEmpty());
        assertTrue(report.errors().getFirst().message().contains("version"), report.errors().toString());
    }
}
