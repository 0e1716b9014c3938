package org.dosewarden.api;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.api.problem.ProblemJson;
import org.dosewarden.api.security.Role;
import org.dosewarden.api.security.SignIn;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.ChannelHandle;
import org.dosewarden.channel.ChannelRecord;
import org.dosewarden.channel.ClinicianIntent.ClinicianAction;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.json.JsonMappers;

/**
 * The clinician's view of the pump channels and every action on them except programming
 * ({@link ProgramController}). Each action goes to the channel's thread as an intent; the channel journals
 * it and answers (see {@link ChannelIntents} for how answers map to statuses).
 */
@Controller("/api/channels")
@Tag(name = "channels")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(beans = ChannelDirectory.class)
public class ChannelController {

    /** Largest page of journal records one request returns. */
    static final int MAX_JOURNAL_PAGE = 1000;

    private final ChannelDirectory channels;
    private final ChannelIntents intents;
    private final IdempotencyKeys idempotency;
    private final SignIn signIn;

    ChannelController(ChannelDirectory channels, ChannelIntents intents, IdempotencyKeys idempotency, SignIn signIn) {
        this.channels = channels;
        this.intents = intents;
        this.idempotency = idempotency;
        this.signIn = signIn;
    }

    @Get
    @Secured({Role.VIEWER_NAME, Role.CLINICIAN_NAME, Role.ADMIN_NAME})
    @Operation(summary = "Every configured channel with its state")
    public List<ChannelView> list() {
        return channels.channels().stream().map(c -> ChannelView.of(c.snapshot())).toList();
    }

    @Get("/{channel}")
    @Secured({Role.VIEWER_NAME, Role.CLINICIAN_NAME, Role.ADMIN_NAME})
    @Operation(summary = "One channel: configuration, link state, infusion state, plan, delivered so far, active alarms")
    public ChannelView get(@PathVariable String channel) {
        return ChannelView.of(intents.channel(channel).snapshot());
    }

    /** A journal record on the wire. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "JournalRecord")
    public record RecordJson(long sequence, Instant wallTime, String type,
                             @Schema(description = "the record's payload, as JSON text") String payload) {
    }

    /** A page of journal records and where to continue. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "JournalPage")
    public record JournalPage(String channel, List<RecordJson> records,
                              @Schema(description = "pass as ?after= to read on; equals the request's after when nothing new")
                              long next) {
    }

    @Get("/{channel}/journal{?after,limit}")
    @Secured({Role.VIEWER_NAME, Role.CLINICIAN_NAME, Role.ADMIN_NAME})
    @Operation(summary = "Journal records of a channel after sequence number SEQ (exclusive), oldest first")
    public JournalPage journal(@PathVariable String channel, @QueryValue(defaultValue = "0") long after,
                               @QueryValue(defaultValue = "100") int limit) {
        if (after < 0) {
            throw ApiProblem.badField("after", "must be 0 or a journal sequence number, not " + after);
        }
        if (limit < 1 || limit > MAX_JOURNAL_PAGE) {
            throw ApiProblem.badField("limit", "must be between 1 and " + MAX_JOURNAL_PAGE + ", not " + limit);
        }
        ChannelHandle handle = intents.channel(channel);
        List<ChannelRecord> records = handle.records(after, limit);
        long next = records.isEmpty() ? after : records.getLast().sequence();
        return new JournalPage(channel, records.stream()
                .map(r -> new RecordJson(r.sequence(), r.wallTime(), r.type(), r.payloadJson())).toList(), next);
    }

    // ---- actions ----------------------------------------------------------------------------------------

    /** Request body of start and resume: optional override of the vitals gate ({@code vitals.startGate}). */
    @Serdeable
    @Schema(name = "StartRequest")
    public record StartRequest(@Schema(requiredMode = NOT_REQUIRED) List<ChannelView.OverrideJson> overrides) {
    }

    /** Request body carrying a clinician's reason (reset-trip, reset-emergency-stop, end). */
    @Serdeable
    @Schema(name = "ReasonRequest")
    public record ReasonRequest(@Schema(requiredMode = REQUIRED, description = "the clinician's reason; journaled")
                                String reason) {
    }

    /** Request body of end: a reason, required (by the channel) only when ending from TRIPPED or FAULT. */
    @Serdeable
    @Schema(name = "EndRequest")
    public record EndRequest(@Schema(requiredMode = NOT_REQUIRED, description = "the clinician's reason; journaled")
                             String reason) {
    }

    /** The body of an action that takes no fields: absent, empty or {@code {}}. */
    @Serdeable
    @Schema(name = "EmptyRequest")
    public record EmptyRequest() {
    }

    /**
     * Request body of confirm: absent or {@code {}} when the signed-in user confirms; on a shared screen the second
     * clinician signs with their own password.
     */
    @Serdeable
    @Schema(name = "ConfirmRequest")
    public record ConfirmRequest(@Schema(requiredMode = NOT_REQUIRED) SecondClinician secondClinician) {
    }

    @Post("/{channel}/confirm")
    @Secured(Role.CLINICIAN_NAME)
    @Operation(summary = "Second clinician confirms a high-alert program (must not be the user who programmed it, SR-I2). "
            + "Without a body the signed-in user confirms; with secondClinician the named clinician does, proving "
            + "presence with their password on the same screen (422 second-clinician-refused, 429 when slowed down)")
    @RequestBody(content = @Content(schema = @Schema(implementation = ConfirmRequest.class)))
    @ApiResponse(responseCode = "200", description = "confirmed", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @Consumes({MediaType.APPLICATION_JSON})
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<byte[]> confirm(HttpRequest<?> request, @PathVariable String channel,
            @Nullable @Body String body, @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey,
            Authentication user) {
        SecondClinician second = RequestBinding.bindOptional(body, ConfirmRequest.class).secondClinician();
        if (second == null) {
            return act(request, channel, body, idempotencyKey, user, json -> new ClinicianAction.Confirm());
        }
        String confirmer = switch (signIn.countersign(request, second.username(), second.password(), "confirm")) {
            case SignIn.Outcome.Accepted a -> {
                if (!a.user().roles().contains(Role.CLINICIAN)) {
                    throw new ApiProblem(403, "not-permitted", "Not permitted", "the second signature must be a "
                            + "clinician's; " + a.user().name() + " is not one", Map.of("field", "secondClinician.username"));
                }
                yield a.user().name();
            }
            case SignIn.Outcome.Refused r -> throw new ApiProblem(422, "second-clinician-refused",
                    "Second clinician not accepted", "second clinician: " + r.message() + "; nothing was confirmed",
                    Map.of("field", "secondClinician.password"));
            case SignIn.Outcome.Throttled t -> throw new ApiProblem(429, "sign-in-throttled",
                    "Too many failed sign-ins", "second clinician: " + t.message() + "; nothing was confirmed",
                    Map.of("field", "secondClinician.password", "retryAfterSeconds", t.retryAfter().toSeconds()));
        };
        // The password never reaches the idempotency store, not even hashed: the request is recognised by who signed.
        String fingerprint = JsonMappers.json().createObjectNode().put("secondClinician", confirmer).toString();
        String path = request.getPath();
        IdempotencyKeys.Answer answer = idempotency.once(user.getName(), request.getMethodName(), path,
                idempotencyKey, fingerprint, () -> {
                    intents.channel(channel);
                    return intents.submit(channel, confirmer, new ClinicianAction.Confirm());
                }, p -> intents.problem(p, path));
        MutableHttpResponse<byte[]> response = answer.result().toResponse();
        if (answer.replayed()) {
            response.header(IdempotencyKeys.REPLAYED_HEADER, "true");
        }
        return response;
    }

    @Post("/{channel}/start")
    @Secured(Role.CLINICIAN_NAME)
    @Operation(summary = "Start delivery of the loaded program")
    @RequestBody(content = @Content(schema = @Schema(implementation = StartRequest.class)))
    @ApiResponse(responseCode = "200", description = "started", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @Consumes({MediaType.APPLICATION_JSON})
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<byte[]> start(HttpRequest<?> request, @PathVariable String channel,
            @Nullable @Body String body, @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey,
            Authentication user) {
        return act(request, channel, body, idempotencyKey, user, json -> new ClinicianAction.Start(
                startOverrides(RequestBinding.bindOptional(json, StartRequest.class).overrides())));
    }

    @Post("/{channel}/pause")
    @Secured(Role.CLINICIAN_NAME)
    @Operation(summary = "Pause delivery (rate 0), keeping the program and the delivered total")
    @ApiResponse(responseCode = "200", description = "paused", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @Consumes({MediaType.APPLICATION_JSON})
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<byte[]> pause(HttpRequest<?> request, @PathVariable String channel,
            @Nullable @Body String body, @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey,
            Authentication user) {
        return act(request, channel, body, idempotencyKey, user, noFields(new ClinicianAction.Pause()));
    }

    @Post("/{channel}/resume")
    @Secured(Role.CLINICIAN_NAME)
    @Operation(summary = "Resume a paused infusion (same gates as a start; the vitals gate may be overridden with a reason)")
    @RequestBody(content = @Content(schema = @Schema(implementation = StartRequest.class)))
    @ApiResponse(responseCode = "200", description = "resumed", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @Consumes({MediaType.APPLICATION_JSON})
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<byte[]> resume(HttpRequest<?> request, @PathVariable String channel,
            @Nullable @Body String body, @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey,
            Authentication user) {
        return act(request, channel, body, idempotencyKey, user, json -> new ClinicianAction.Resume(
                startOverrides(RequestBinding.bindOptional(json, StartRequest.class).overrides())));
    }

    @Post("/{channel}/stop")
    @Secured(Role.CLINICIAN_NAME)
    @Operation(summary = "Stop delivery for good")
    @ApiResponse(responseCode = "200", description = "stopped", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @Consumes({MediaType.APPLICATION_JSON})
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<byte[]> stop(HttpRequest<?> request, @PathVariable String channel,
            @Nullable @Body String body, @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey,
            Authentication user) {
        return act(request, channel, body, idempotencyKey, user, noFields(new ClinicianAction.Stop()));
    }

    @Post("/{channel}/end")
    @Secured(Role.CLINICIAN_NAME)
    @Operation(summary = "Close the session; the channel returns to IDLE. From TRIPPED or FAULT a reason is required")
    @RequestBody(content = @Content(schema = @Schema(implementation = EndRequest.class)))
    @ApiResponse(responseCode = "200", description = "ended", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @Consumes({MediaType.APPLICATION_JSON})
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<byte[]> end(HttpRequest<?> request, @PathVariable String channel,
            @Nullable @Body String body, @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey,
            Authentication user) {
        return act(request, channel, body, idempotencyKey, user, json -> {
            String reason = RequestBinding.bindOptional(json, EndRequest.class).reason();
            return new ClinicianAction.End(reason == null ? "" : reason);
        });
    }

    @Post("/{channel}/alarms/{alarmId}/acknowledge")
    @Secured(Role.CLINICIAN_NAME)
    @Operation(summary = "Acknowledge a latched alarm")
    @ApiResponse(responseCode = "200", description = "acknowledged", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @Consumes({MediaType.APPLICATION_JSON})
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<byte[]> acknowledge(HttpRequest<?> request, @PathVariable String channel,
            @PathVariable String alarmId, @Nullable @Body String body,
            @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey, Authentication user) {
        return act(request, channel, body, idempotencyKey, user, noFields(new ClinicianAction.AcknowledgeAlarm(alarmId)));
    }

    @Post("/{channel}/reset-trip")
    @Secured(Role.CLINICIAN_NAME)
    @Operation(summary = "Clear a TRIPPED or FAULT infusion to PAUSED (alarms acknowledged first) with a reason")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ReasonRequest.class)))
    @ApiResponse(responseCode = "200", description = "trip cleared", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @Consumes({MediaType.APPLICATION_JSON})
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<byte[]> resetTrip(HttpRequest<?> request, @PathVariable String channel,
            @Nullable @Body String body, @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey,
            Authentication user) {
        return act(request, channel, body, idempotencyKey, user, json -> new ClinicianAction.ResetTrip(
                RequestBinding.bind(json, ReasonRequest.class).reason()));
    }

    @Post("/{channel}/reset-emergency-stop")
    @Secured(Role.CLINICIAN_NAME)
    @Operation(summary = "Clear the emergency-stop latch once the input is released, with a reason")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ReasonRequest.class)))
    @ApiResponse(responseCode = "200", description = "latch cleared", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @Consumes({MediaType.APPLICATION_JSON})
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<byte[]> resetEmergencyStop(HttpRequest<?> request, @PathVariable String channel,
            @Nullable @Body String body, @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey,
            Authentication user) {
        return act(request, channel, body, idempotencyKey, user, json -> new ClinicianAction.ResetEmergencyStop(
                RequestBinding.bind(json, ReasonRequest.class).reason()));
    }

    /** Overrides of a bound request body ({@code overrides: [{"limit": id, "reason": text}]}); none when absent. */
    static List<LimitOverride> overrides(@Nullable List<ChannelView.OverrideJson> given) {
        return given == null ? List.of()
                : given.stream().map(o -> new LimitOverride(o.limit(), o.reason())).toList();
    }

    /**
     * Overrides of start/resume gates. Only the vitals pre-start gate can be overridden at start; the limits
     * of the program itself are overridden when programming. Anything else is refused rather than ignored,
     * so a clinician never believes an override took effect when it did not.
     */
    static List<LimitOverride> startOverrides(@Nullable List<ChannelView.OverrideJson> given) {
        List<LimitOverride> overrides = overrides(given);
        for (int i = 0; i < overrides.size(); i++) {
            if (!overrides.get(i).limitId().equals(ClinicianAction.Start.VITALS_GATE)) {
                throw ApiProblem.badField("overrides[" + i + "].limit", "'" + overrides.get(i).limitId()
                        + "' cannot be overridden at start or resume; allowed: " + ClinicianAction.Start.VITALS_GATE
                        + " (program limits are overridden in PUT .../program)");
            }
        }
        return overrides;
    }

    /** An action whose body must be empty or {@code {}}. */
    private static Function<String, ClinicianAction> noFields(ClinicianAction action) {
        return json -> {
            RequestBinding.bindOptional(json, EmptyRequest.class);
            return action;
        };
    }

    private MutableHttpResponse<byte[]> act(HttpRequest<?> request, String channel, String body, String key,
                                            Authentication user, Function<String, ClinicianAction> parse) {
        return act(intents, idempotency, request, channel, body, key, user, parse);
    }

    /**
     * Answers a clinician's action once per idempotency key: the body is parsed (400 naming the field), the
     * action goes to the channel, and its answer (or refusal) is stored for a replay of the same request.
     */
    static MutableHttpResponse<byte[]> act(ChannelIntents intents, IdempotencyKeys idempotency,
                                           HttpRequest<?> request, String channel, String body, String key,
                                           Authentication user, Function<String, ClinicianAction> parse) {
        String path = request.getPath();
        IdempotencyKeys.Answer answer = idempotency.once(user.getName(), request.getMethodName(), path, key, body,
                () -> {
                    // Unknown channel and malformed body are answered before anything reaches a channel.
                    intents.channel(channel);
                    return intents.submit(channel, user.getName(), parse.apply(body));
                },
                p -> intents.problem(p, path));
        MutableHttpResponse<byte[]> response = answer.result().toResponse();
        if (answer.replayed()) {
            response.header(IdempotencyKeys.REPLAYED_HEADER, "true");
        }
        return response;
    }

}
