package org.dosewarden.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
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
        security = {@SecurityRequirement(name = "basic"), @SecurityRequirement(name = "session")})
@SecurityScheme(name = "basic", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "HTTP Basic with a user from dosewarden.users (use TLS beyond localhost); for scripts")
@SecurityScheme(name = "session", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE,
        paramName = "dw-session",
        description = "The console's session cookie from POST /api/session (named __Host-dw-session under TLS). "
                + "Every request that changes something must also carry the session's CSRF token in the "
                + "X-CSRF-Token header (GET /api/session gives it); without it: 403")
final class ApiDocumentation {

    private ApiDocumentation() {
    }
}
