package org.dosewarden.api;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;
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
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.api.problem.ProblemJson;
import org.dosewarden.api.security.Role;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.ClinicianIntent.ClinicianAction;
import org.dosewarden.channel.ProgramOrder;
import org.dosewarden.dose.check.Outcome;
import org.dosewarden.dose.check.ProgrammingCheck;
import org.dosewarden.dose.check.ProgrammingDecision;
import org.dosewarden.dose.check.Violation;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.ProgrammedInfusion;
import org.dosewarden.library.PrescriptionJson;

/**
 * {@code PUT /api/channels/{channel}/program}: a prescription, checked before anything reaches the pump
 * (SR-A1). The body is the prescription's wire shape (issue 2) plus optional
 * {@code "overrides": [{"limit": id, "reason": text}]}, bound to {@link ProgramRequest} ({@link ProgramBody}); the
 * dosing domain parses the prescription ({@link PrescriptionJson}) and checks it ({@link ProgrammingCheck}) against the drug library, the channel's
 * pump and the patient's course history; only an allowed program (soft limits overridden with reasons) is
 * sent to the channel.
 *
 * <ul>
 *   <li>200: {@code {"decision": .., "plan": .., "channel": ..}}: the program is loaded (PROGRAMMED, or
 *       AWAITING_CONFIRMATION for a high-alert drug).</li>
 *   <li>422 {@code limits-violated}: {@code violations} (every one: limit, severity, limitValue, requested,
 *       message), {@code overridable} (no hard violation: the same request with overrides would pass),
 *       {@code pendingOverrides} (the soft limit ids still to override), {@code mostLimiting}, and the
 *       {@code plan} when one could be made, so the clinician sees the numbers.</li>
 *   <li>400: the body is malformed; {@code field} names the first bad field.</li>
 * </ul>
 */
@Controller("/api/channels")
@Tag(name = "channels")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(beans = ChannelDirectory.class)
public class ProgramController {

    private final ChannelIntents intents;
    private final IdempotencyKeys idempotency;
    private final ProgramEvaluation evaluation;

    ProgramController(ChannelIntents intents, IdempotencyKeys idempotency, ProgramEvaluation evaluation) {
        this.intents = intents;
        this.idempotency = idempotency;
        this.evaluation = evaluation;
    }

    /**
     * The request body: what the OpenAPI document shows is what {@link ProgramBody} binds (unknown fields, wrong
     * types and missing required fields are 400s naming the field); the dosing domain then reads the prescription.
     */
    @Serdeable
    @Schema(name = "ProgramRequest", description = "A prescription (fields as in issue 2 / docs/api.md) with optional "
            + "overrides. Exactly one dosing form: dose+duration, steps, doseRate+totalDose or doseRate+duration.")
    public record ProgramRequest(@Schema(requiredMode = REQUIRED) String patientId,
                                 @Schema(requiredMode = NOT_REQUIRED) String bed,
                                 @Schema(requiredMode = REQUIRED) ChannelView.QuantityJson weight,
                                 @Schema(requiredMode = REQUIRED) String drug,
                                 @Schema(requiredMode = REQUIRED) String careArea,
                                 @Schema(requiredMode = REQUIRED) ChannelView.QuantityJson concentration,
                                 @Schema(requiredMode = REQUIRED) String prescriber,
                                 @Schema(requiredMode = NOT_REQUIRED) ChannelView.QuantityJson dose,
                                 @Schema(requiredMode = NOT_REQUIRED, description = "ISO-8601, e.g. PT40M") String duration,
                                 @Schema(requiredMode = NOT_REQUIRED) List<StepRequest> steps,
                                 @Schema(requiredMode = NOT_REQUIRED) ChannelView.QuantityJson doseRate,
                                 @Schema(requiredMode = NOT_REQUIRED) ChannelView.QuantityJson totalDose,
                                 @Schema(requiredMode = NOT_REQUIRED) List<ChannelView.OverrideJson> overrides) {
    }

    /** One step of a multi-step program. */
    @Serdeable
    @Schema(name = "ProgramStep")
    public record StepRequest(@Schema(requiredMode = REQUIRED) ChannelView.QuantityJson dose,
                              @Schema(requiredMode = REQUIRED, description = "ISO-8601, e.g. PT2M") String duration) {
    }

    /** The answer to an accepted program. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ProgramResult")
    public record ProgramResult(DecisionJson decision, PlanJson plan, ChannelView channel) {
    }

    /** The programming check's decision. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Decision")
    public record DecisionJson(@Schema(description = "ALLOWED, NEEDS_OVERRIDE or REFUSED") String outcome,
                               List<ViolationJson> violations, @Nullable ViolationJson mostLimiting,
                               List<ChannelView.OverrideJson> overrides) {
    }

    /** One violated limit. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Violation")
    public record ViolationJson(String limit, @Schema(description = "hard or soft") String severity,
                                String limitValue, String requested, String message) {
    }

    /** The pump plan. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Plan")
    public record PlanJson(String drugId, List<ChannelView.StepJson> steps, ChannelView.QuantityJson totalDose,
                           BigDecimal totalVolumeMl, BigDecimal expectedDurationMin, boolean highAlert) {
    }

    @Put("/{channel}/program")
    @Secured(Role.CLINICIAN_NAME)
    @Operation(summary = "Check a prescription against the drug library, the pump and the course history, and load it")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ProgramRequest.class)))
    @ApiResponse(responseCode = "200", description = "allowed and loaded",
            content = @Content(schema = @Schema(implementation = ProgramResult.class)))
    @ApiResponse(responseCode = "422", description = "limits violated (problem+json with violations and overridable)")
    @Consumes({MediaType.APPLICATION_JSON})
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public MutableHttpResponse<byte[]> program(HttpRequest<?> request, @PathVariable String channel,
            @Nullable @Body String body, @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey,
            Authentication user) {
        String path = request.getPath();
        IdempotencyKeys.Answer answer = idempotency.once(user.getName(), request.getMethodName(), path,
                idempotencyKey, body, () -> load(channel, user.getName(), body), p -> intents.problem(p, path));
        MutableHttpResponse<byte[]> response = answer.result().toResponse();
        if (answer.replayed()) {
            response.header(IdempotencyKeys.REPLAYED_HEADER, "true");
        }
        return response;
    }

    private ApiResult load(String channelName, String user, String body) {
        ProgramEvaluation.Evaluated evaluated = evaluation.evaluate(channelName, body);
        Prescription prescription = evaluated.prescription();
        ProgrammingDecision decision = evaluated.result().decision();
        if (!decision.permitsStart()) {
            throw limits(channelName, decision, evaluated.result().infusion());
        }
        ProgrammedInfusion infusion = evaluated.result().infusion().orElseThrow(
                () -> new IllegalStateException("an allowed decision comes with a plan"));
        ChannelView view = ChannelView.of(intents.accepted(channelName, user,
                new ClinicianAction.Program(new ProgramOrder(infusion, decision,
                        PrescriptionJson.toJson(prescription).toString()))));
        return intents.ok(new ProgramResult(decision(decision), plan(infusion), view));
    }

    private static ApiProblem limits(String channel, ProgrammingDecision decision, Optional<ProgrammedInfusion> plan) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("channel", channel);
        ext.put("outcome", decision.outcome().name());
        ext.put("violations", ChannelIntents.violations(decision.violations()));
        boolean overridable = decision.outcome() == Outcome.NEEDS_OVERRIDE;
        ext.put("overridable", overridable);
        ext.put("pendingOverrides", decision.pendingOverrides().stream().map(Violation::limitId).toList());
        decision.mostLimiting().ifPresent(v -> ext.put("mostLimiting", ChannelIntents.violations(List.of(v)).getFirst()));
        plan.ifPresent(p -> ext.put("plan", planMap(p)));
        Violation first = decision.mostLimiting().orElseThrow();
        String detail = (overridable
                ? "needs an override with a reason: "
                : "refused by a hard limit: ") + first.message()
                + (decision.violations().size() > 1 ? " (and " + (decision.violations().size() - 1) + " more)" : "");
        return new ApiProblem(422, "limits-violated", overridable ? "Override needed" : "Refused by a hard limit",
                detail, ext);
    }

    private static Map<String, Object> planMap(ProgrammedInfusion p) {
        PlanJson plan = plan(p);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", plan.steps().stream().map(s -> Map.of("rateMlPerH", s.rateMlPerH(), "vtbiMl", s.vtbiMl(),
                "durationMin", s.durationMin())).toList());
        m.put("totalDose", Map.of("value", plan.totalDose().value(), "unit", plan.totalDose().unit()));
        m.put("totalVolumeMl", plan.totalVolumeMl());
        return m;
    }

    static PlanJson plan(ProgrammedInfusion p) {
        BigDecimal minutes = BigDecimal.valueOf(p.plan().expectedDuration().toNanos())
                .divide(BigDecimal.valueOf(60_000_000_000L), 3, java.math.RoundingMode.HALF_EVEN);
        return new PlanJson(p.prescription().drugId(), p.plan().steps().stream().map(ChannelView.StepJson::of).toList(),
                ChannelView.QuantityJson.of(p.totalDose()), ChannelView.plain(p.totalVolume().millilitres()),
                ChannelView.plain(minutes), p.highAlert());
    }

    static DecisionJson decision(ProgrammingDecision d) {
        return new DecisionJson(d.outcome().name(), d.violations().stream().map(ProgramController::violation).toList(),
                d.mostLimiting().map(ProgramController::violation).orElse(null),
                d.overrides().stream().map(o -> new ChannelView.OverrideJson(o.limitId(), o.reason())).toList());
    }

    private static ViolationJson violation(Violation v) {
        return new ViolationJson(v.limitId(), v.hard() ? "hard" : "soft", v.limit(), v.requested(), v.message());
    }

}
