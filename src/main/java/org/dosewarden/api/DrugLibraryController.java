package org.dosewarden.api;

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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.api.problem.ProblemJson;
import org.dosewarden.api.security.Role;
import org.dosewarden.channel.LibraryImpactReport;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.lint.LintFinding;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.JournalReader;
import org.dosewarden.library.DrugLibraryReader;
import org.dosewarden.library.DrugLibraryService;
import org.dosewarden.library.LibraryReport;
import org.dosewarden.json.JsonMappers;

/**
 * The drug library in use (any role may read it) and a check of a candidate library (admin): lint, and the
 * impact on every recorded program order (SR-L1). The running library is never replaced over HTTP: a new one
 * takes effect when {@code dosewarden.drug-library} points at it and the daemon restarts.
 */
@Controller("/api/drug-library")
@Tag(name = "drug library")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DrugLibraryController {

    private static final ObjectMapper JSON = JsonMappers.json();

    private final DrugLibraryService library;
    /** The daemon's journal, for the impact replay; absent in a context without one. */
    private final JournalReader journal;

    DrugLibraryController(DrugLibraryService library, @Nullable Journal journal) {
        this.library = library;
        this.journal = journal;
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
        // The document the service parsed at start-up: what is shown is what was loaded, never a second read.
        JsonNode doc = library.document().orElseThrow(() -> new ApiProblem(503, "drug-library-unavailable",
                "No drug library", library.problem().orElse("no drug library is loaded"), Map.of()));
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

    @Post("/check")
    @Secured(Role.ADMIN_NAME)
    @Operation(summary = "Check a candidate drug library (YAML or JSON) against the schema and lint rules, and replay "
            + "every recorded program order through it (SR-L1), without loading it. 200 with the findings; "
            + "valid=false when it has errors")
    @RequestBody(required = true, content = {@Content(mediaType = "application/yaml"),
            @Content(mediaType = MediaType.APPLICATION_JSON)})
    @ApiResponse(responseCode = "200", description = "the check", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(description = "{valid, version, errors: [{where, "
                    + "message}], warnings: [..], impact: {library: {current, candidate}, programs, changed: [{sessionId, "
                    + "channel, drug, programmedAt, before, after, limits: [..]}]} or null, impactProblem: why there is "
                    + "no impact (invalid candidate, no journal, an order that cannot be replayed) or null}")))
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public MutableHttpResponse<String> check(@Nullable @Body String candidate) {
        if (candidate == null || candidate.isBlank()) {
            throw ApiProblem.badField("body", "send the library document (YAML or JSON) as the body");
        }
        if (candidate.length() > 4 * 1024 * 1024) {
            throw ApiProblem.badField("body", "a drug library above 4 MiB is not accepted");
        }
        LibraryReport report = DrugLibraryReader.read("request body", candidate.getBytes(StandardCharsets.UTF_8));
        ObjectNode body = JSON.createObjectNode();
        body.put("valid", report.valid());
        body.put("version", report.library().map(DrugLibrary::version).orElse(null));
        body.set("errors", JSON.valueToTree(report.errors().stream().map(DrugLibraryController::finding).toList()));
        body.set("warnings", JSON.valueToTree(report.warnings().stream().map(DrugLibraryController::finding).toList()));
        String problem = null;
        if (report.library().isEmpty()) {
            problem = "the candidate is not a valid drug library: fix its errors first";
        } else if (journal == null) {
            problem = "no journal: there are no recorded program orders to replay";
        } else {
            try {
                LibraryImpactReport impact = LibraryImpactReport.of(journal,
                        library.library().map(DrugLibrary::version), report.library().get());
                if (impact.complete()) {
                    body.set("impact", impact.toJson());
                } else {
                    problem = impact.unreadable().size() + " recorded program order(s) cannot be replayed: "
                            + String.join("; ", impact.unreadable());
                }
            } catch (JournalException e) {
                problem = "the journal cannot be read: " + e.getMessage();
            }
        }
        if (!body.has("impact")) {
            body.putNull("impact");
        }
        body.put("impactProblem", problem);
        return HttpResponse.ok(body.toString()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static Map<String, String> finding(LintFinding f) {
        return Map.of("where", f.where(), "message", f.message());
    }
}
