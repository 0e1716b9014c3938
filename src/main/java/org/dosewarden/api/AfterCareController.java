package org.dosewarden.api;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.api.problem.ProblemJson;
import org.dosewarden.api.security.Role;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.ClinicianIntent.ClinicianAction;
import org.dosewarden.library.ObservationCatalogue;
import org.dosewarden.library.ObservationDefinition;

/**
 * Observations and after-care of the session on a channel (SR-O1, SR-O3): record an observation, checked here
 * against the library schema's definition (400 naming the field and what is allowed) and by the channel against
 * the session's drug entry; and the discharge sign-off that closes a monitored session. The override of the
 * sign-off is {@code POST .../end} with a reason ({@link ChannelController}).
 */
@Controller("/api/channels")
@Tag(name = "channels")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(beans = ChannelDirectory.class)
public class AfterCareController {

    private final ChannelIntents intents;
    private final IdempotencyKeys idempotency;
    private final ObservationCatalogue catalogue = ObservationCatalogue.shipped();

    AfterCareController(ChannelIntents intents, IdempotencyKeys idempotency) {
        this.intents = intents;
        this.idempotency = idempotency;
    }

    /** The longest observation id; the library's ids are short words such as {@code cadss}. */
    static final int MAX_OBSERVATION_CHARS = 64;

    /** The longest prompt: an ISO-8601 time into the session ({@code PT40M}) or {@code end}. */
    static final int MAX_PROMPT_CHARS = 32;

    /**
     * Request body of an observation. The value stays a JSON value here: its shape is the library schema's
     * (a whole number, a text, an object), checked against the observation's definition after binding.
     */
    @Serdeable
    @Schema(name = "ObservationRequest")
    public record ObservationRequest(
            @Schema(requiredMode = REQUIRED, maxLength = MAX_OBSERVATION_CHARS,
                    description = "an observation id the session's drug entry names, e.g. cadss") String observation,
            @Schema(requiredMode = REQUIRED, implementation = Object.class, description = "the value: a whole number, "
                    + "a text or an object, as the library schema defines the observation (GET /api/drug-library, "
                    + "programming)") JsonNode value,
            @Schema(requiredMode = NOT_REQUIRED, maxLength = MAX_PROMPT_CHARS,
                    description = "the prompt it answers, e.g. PT40M or end; omit when none") String prompt) {
    }

    /** Request body of the discharge sign-off. */
    @Serdeable
    @Schema(name = "DischargeRequest")
    public record DischargeRequest(@Schema(requiredMode = REQUIRED, description = "true when an escort is there to "
            + "take the patient home, false otherwise (then the sign-off is refused)") Boolean escortConfirmed) {
    }

    @Post("/{channel}/observations")
    @Secured(Role.CLINICIAN_NAME)
    @Operation(summary = "Record an observation of the session's patient (SR-O1): journaled in the session, in its "
            + "timeline and export. 400 names the field and the allowed values; 422 when the drug entry does not "
            + "record it; 409 without a session")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ObservationRequest.class)))
    @ApiResponse(responseCode = "200", description = "recorded", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @Consumes({MediaType.APPLICATION_JSON})
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<byte[]> observe(HttpRequest<?> request, @PathVariable String channel,
            @Nullable @Body String body, @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey,
            Authentication user) {
        return ChannelController.act(intents, idempotency, request, channel, body, idempotencyKey, user,
                this::observation);
    }

    @Post("/{channel}/discharge")
    @Secured(Role.CLINICIAN_NAME)
    @Operation(summary = "Discharge sign-off at the end of after-care monitoring (SR-O3): the period is over, an "
            + "escort is confirmed, alarms are acknowledged; the session closes. 409 names the time still to go")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = DischargeRequest.class)))
    @ApiResponse(responseCode = "200", description = "discharged; the channel is IDLE",
            content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @Consumes({MediaType.APPLICATION_JSON})
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<byte[]> discharge(HttpRequest<?> request, @PathVariable String channel,
            @Nullable @Body String body, @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey,
            Authentication user) {
        return ChannelController.act(intents, idempotency, request, channel, body, idempotencyKey, user, json ->
                new ClinicianAction.Discharge(RequestBinding.bind(json, DischargeRequest.class).escortConfirmed()));
    }

    /** The observation of a request body, its value checked against the schema's definition. */
    ClinicianAction.RecordObservation observation(String json) {
        ObservationRequest typed = RequestBinding.bind(json, ObservationRequest.class);
        String id = typed.observation();
        ObservationDefinition definition = catalogue.find(id).orElseThrow(() -> ApiProblem.badField("observation",
                "'" + id + "' is not an observation the drug library defines; defined: " + catalogue.ids()));
        List<ApiProblem.FieldError> errors = definition.check(typed.value()).stream()
                .map(p -> new ApiProblem.FieldError(p.field(), p.message())).toList();
        if (!errors.isEmpty()) {
            throw ApiProblem.badRequest(errors);
        }
        return new ClinicianAction.RecordObservation(id, typed.value().toString(),
                typed.prompt() == null ? "" : typed.prompt());
    }
}
