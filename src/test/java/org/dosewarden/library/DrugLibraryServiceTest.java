package org.dosewarden.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
}
