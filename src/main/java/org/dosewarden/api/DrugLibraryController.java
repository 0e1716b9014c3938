package org.dosewarden.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.api.problem.ProblemJson;
import org.dosewarden.api.security.Role;
import org.dosewarden.dose.lint.LintFinding;
import org.dosewarden.library.DrugLibraryReader;
import org.dosewarden.library.DrugLibraryService;
import org.dosewarden.library.LibraryReport;

/**
 * The drug library in use (any role may read it) and a lint check of a candidate library (admin). The
 * running library is never replaced over HTTP: a new one takes effect when {@code dosewarden.drug-library}
 * points at it and the daemon restarts.
 */
@Controller("/api/drug-library")
@Tag(name = "drug library")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DrugLibraryController {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DrugLibraryService library;
    private final DrugLibraryDocument document;

    DrugLibraryController(DrugLibraryService library, DrugLibraryDocument document) {
        this.library = library;
        this.document = document;
    }

    @Get
    @Secured({Role.VIEWER_NAME, Role.CLINICIAN_NAME, Role.ADMIN_NAME})
    @Operation(summary = "The drug library in use: its source, version, lint warnings, what the programming form "
            + "offers per care area and entry (forms, standard concentrations, protocols as prescription fields, "
            + "vitals limits, observations and after-care), and the document itself")
    @ApiResponse(responseCode = "200", description = "the library",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
                    description = "{source, version, name, warnings: [..], programming: {careAreas: [{id, "
                            + "displayName, weight, entries: [{id, drug, displayName, highAlert, forms, dosingUnit, "
                            + "doseUnit, concentration: {unit, standard}, maxSteps, kvoAllowed, protocols: [{id, name, "
                            + "form, prescription}], vitals}]}]}, library: <the library document as loaded, fields "
                            + "as in drug-library.schema.json>}")))
    @ApiResponse(responseCode = "503", description = "no valid library is loaded; the detail says why")
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<String> get() {
        JsonNode doc = document.document().orElseThrow(() -> new ApiProblem(503, "drug-library-unavailable",
                "No drug library", document.problem(), Map.of()));
        var loaded = library.library().orElseThrow();
        ObjectNode body = JSON.createObjectNode();
        body.put("source", library.location());
        body.put("version", loaded.version());
        body.put("name", loaded.name());
        body.set("warnings", JSON.valueToTree(library.findings().stream().filter(f -> !f.isError())
                .map(DrugLibraryController::finding).toList()));
        body.set("programming", ProgrammingChoices.of(loaded));
        body.set("library", doc);
        return HttpResponse.ok(body.toString()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** The result of checking a candidate library. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "LibraryCheck")
    public record LibraryCheck(boolean valid, @Nullable String version, List<Map<String, String>> errors,
                               List<Map<String, String>> warnings) {
    }

    @Post("/check")
    @Secured(Role.ADMIN_NAME)
    @Operation(summary = "Check a candidate drug library (YAML or JSON) against the schema and lint rules, without "
            + "loading it. 200 with the findings; valid=false when it has errors")
    @RequestBody(required = true, content = {@Content(mediaType = "application/yaml"),
            @Content(mediaType = MediaType.APPLICATION_JSON)})
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public LibraryCheck check(@Nullable @Body String candidate) {
        if (candidate == null || candidate.isBlank()) {
            throw ApiProblem.badField("body", "send the library document (YAML or JSON) as the body");
        }
        if (candidate.length() > 4 * 1024 * 1024) {
            throw ApiProblem.badField("body", "a drug library above 4 MiB is not accepted");
        }
        LibraryReport report = DrugLibraryReader.read("request body", candidate.getBytes(StandardCharsets.UTF_8));
        return new LibraryCheck(report.valid(), report.library().map(l -> l.version()).orElse(null),
                report.errors().stream().map(DrugLibraryController::finding).toList(),
                report.warnings().stream().map(DrugLibraryController::finding).toList());
    }

    private static Map<String, String> finding(LintFinding f) {
        return Map.of("where", f.where(), "message", f.message());
    }
}
