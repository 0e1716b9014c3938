package org.dosewarden.api;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.dosewarden.api.security.Role;
import org.dosewarden.gpio.BedsidePanel;
import org.dosewarden.gpio.GpioStatus;

/**
 * {@code GET /api/gpio}: the state of every GPIO input and output. Readable by every role, like channel status. It
 * lives with the other controllers; the gpio package knows nothing of HTTP.
 */
@Controller("/api/gpio")
@Tag(name = "gpio")
final class GpioController {

    private final BedsidePanel panel;

    GpioController(BedsidePanel panel) {
        this.panel = panel;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Secured({Role.VIEWER_NAME, Role.CLINICIAN_NAME, Role.ADMIN_NAME})
    @Operation(summary = "Emergency stop, confirm button, power relay, beacon, buzzer and watchdog heartbeat states")
    GpioStatus status() {
        return panel.status();
    }
}
