package org.dosewarden.gpio;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /api/gpio}: the state of every GPIO input and output. Roles are applied by the API layer. */
@Controller("/api/gpio")
@Tag(name = "gpio")
final class GpioController {

    private final BedsidePanel panel;

    GpioController(BedsidePanel panel) {
        this.panel = panel;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Emergency stop, confirm button, power relay, beacon, buzzer and watchdog heartbeat states")
    GpioStatus status() {
        return panel.status();
    }
}
