package org.dosewarden.library;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/** Health of the drug library: UP with its version when loaded, DOWN with the errors when it is invalid. */
@Singleton
public final class DrugLibraryHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final DrugLibraryService service;

    public DrugLibraryHealthIndicator(DrugLibraryService service) {
        this.service = service;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("location", service.location());
        if (service.library().isPresent()) {
            healthStatus = HealthStatus.UP;
            details.put("version", service.library().get().version());
            details.put("warnings", service.findings().stream().filter(f -> !f.isError()).count());
        } else {
            healthStatus = HealthStatus.DOWN;
            details.put("error", service.problem().orElse("not loaded"));
        }
        return details;
    }

    @Override
    protected String getName() {
        return "drugLibrary";
    }
}
