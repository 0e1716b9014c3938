package org.dosewarden.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The OpenAPI description of the clinician API, generated at compile time into
 * {@code META-INF/swagger/dosewarden-api-v1.yml} and served at {@code /swagger/dosewarden-api-v1.yml}
 * with Swagger UI at {@code /swagger-ui/index.html} (both need a login).
 */
@OpenAPIDefinition(
        info = @Info(
                title = "dosewarden-api",
                version = "v1",
                description = "Clinician HTTP API of dosewarden, an infusion-pump supervisor: channels, programs, "
                        + "start/pause/resume/stop, alarms, journal, course history, drug library. Errors are RFC 9457 "
                        + "application/problem+json; mutating requests accept an Idempotency-Key header.",
                license = @License(name = "see the project README")),
        security = @SecurityRequirement(name = "basic"))
@SecurityScheme(name = "basic", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "HTTP Basic with a user from dosewarden.users (use TLS beyond localhost)")
final class ApiDocumentation {

    private ApiDocumentation() {
    }
}
