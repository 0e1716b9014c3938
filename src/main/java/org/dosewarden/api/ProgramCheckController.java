package org.dosewarden.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import org.dosewarden.api.problem.ProblemJson;
import org.dosewarden.api.security.Role;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.check.Outcome;
import org.dosewarden.dose.check.ProgrammingDecision;
import org.dosewarden.dose.check.Violation;
import org.dosewarden.dose.plan.ProgrammedInfusion;
import org.dosewarden.dose.plan.ProgrammedStep;

/**
 * {@code POST /api/channels/{channel}/program/check}: the daemon's own check of a prescription, shown before
 * anything is loaded (SR-U4). Same body and same decision as {@code PUT .../program}, but nothing reaches the
 * channel: the answer is always 200 with the outcome, every violation (hard ones with limit and requested
 * value; soft ones saying whether they still need a reason), the plan as the pump would run it, and the
 * patient's course against the entry's course limits. A malformed body is a 400 naming the field, as for
 * programming.
 */
@Controller("/api/channels")
@Tag(name = "channels")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(beans = ChannelDirectory.class)
public class ProgramCheckController {

    private final ProgramEvaluation evaluation;

    ProgramCheckController(ProgramEvaluation evaluation) {
        this.evaluation = evaluation;
    }

    /** The check's answer. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ProgramCheck")
    public record CheckJson(
            String channel,
            @Schema(description = "ALLOWED, NEEDS_OVERRIDE or REFUSED") String outcome,
            @Schema(description = "PUT .../program with the same body would load it now") boolean loadable,
            @Schema(description = "no hard violation: reasons for the pending soft ones would make it loadable")
            boolean overridable,
            @Schema(description = "a high-alert entry: a second, different clinician confirms before start (SR-I2)")
            boolean secondClinicianRequired,
            List<CheckedViolation> violations,
            @Schema(description = "soft limit ids that still need a reason") List<String> pendingOverrides,
            @Nullable CheckedViolation mostLimiting,
            @Schema(description = "null when no plan could be made (unknown drug, wrong units ...)") @Nullable CheckedPlan plan,
            @Schema(description = "null when the drug entry is unknown") @Nullable CoursePicture course) {
    }

    /** One violated limit, as the page shows it next to its field. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "CheckedViolation")
    public record CheckedViolation(
            @Schema(description = "limit id, e.g. doseRate.hardMax; the id an override names") String limit,
            @Schema(description = "hard (refuses; cannot be overridden) or soft (needs a reason)") String severity,
            @Schema(description = "the limit with unit, e.g. 1.6 mg/kg/h") String limitValue,
            @Schema(description = "the requested value with unit") String requested,
            String message,
            @Schema(description = "a soft violation without a reason yet") boolean needsReason,
            @Schema(description = "the reason given for a soft violation, else null") @Nullable String reason) {
    }

    /** The plan the pump would run. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "CheckedPlan")
    public record CheckedPlan(String drugId, String drugName, String careArea, String libraryVersion,
                              ChannelView.QuantityJson concentration, List<CheckedStep> steps,
                              @Schema(description = "drug of the whole plan, rounded down") ChannelView.QuantityJson totalDose,
                              BigDecimal totalVolumeMl, BigDecimal expectedDurationMin, boolean highAlert) {
    }

    /** One plan step. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "CheckedStep")
    public record CheckedStep(int step, BigDecimal rateMlPerH, BigDecimal vtbiMl, BigDecimal durationMin,
                              @Schema(description = "drug in the step's volume") ChannelView.QuantityJson dose,
                              @Schema(description = "what bound the rate: prescription, a limit id or pump.maxRate")
                              String rateCap,
                              @Schema(description = "what bound the volume: prescription, sessionTotal.hardMax or pump.maxVolume")
                              String volumeCap) {
    }

    @Post("/{channel}/program/check")
    @Secured(Role.CLINICIAN_NAME)
    @Operation(summary = "Check a prescription exactly as programming would, and load nothing: decision, every "
            + "violation, the plan and the patient's course (SR-U4)")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ProgramController.ProgramRequest.class)))
    @ApiResponse(responseCode = "200", description = "the check (also when refused)",
            content = @Content(schema = @Schema(implementation = CheckJson.class)))
    @ApiResponse(responseCode = "400", description = "malformed body (problem+json naming the field)")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE})
    public CheckJson check(@PathVariable String channel, @Nullable @Body String body) {
        ProgramEvaluation.Evaluated e = evaluation.evaluate(channel, body);
        ProgrammingDecision d = e.result().decision();
        Optional<ProgrammedInfusion> infusion = e.result().infusion();
        CoursePicture course = e.entry().flatMap(entry -> infusion.map(i -> CoursePicture.of(
                e.prescription().patientId(), entry, e.prescription().weight(), i.totalDose(), e.sessions(), e.at())))
                .orElse(null);
        return new CheckJson(channel, d.outcome().name(), d.permitsStart(), d.outcome() == Outcome.NEEDS_OVERRIDE,
                e.entry().map(entry -> entry.highAlert()).orElse(false),
                d.violations().stream().map(v -> violation(v, e.overrides())).toList(),
                d.pendingOverrides().stream().map(Violation::limitId).toList(),
                d.mostLimiting().map(v -> violation(v, e.overrides())).orElse(null),
                infusion.map(i -> plan(i, e.entry().map(x -> x.displayName()).orElse(i.prescription().drugId())))
                        .orElse(null),
                course);
    }

    static CheckedViolation violation(Violation v, List<LimitOverride> overrides) {
        Optional<String> reason = v.hard() ? Optional.empty() : overrides.stream()
                .filter(o -> o.limitId().equals(v.limitId())).map(LimitOverride::reason).findFirst();
        return new CheckedViolation(v.limitId(), v.hard() ? "hard" : "soft", v.limit(), v.requested(), v.message(),
                !v.hard() && reason.isEmpty(), reason.orElse(null));
    }

    static CheckedPlan plan(ProgrammedInfusion p, String drugName) {
        List<CheckedStep> steps = new java.util.ArrayList<>();
        for (int i = 0; i < p.steps().size(); i++) {
            ProgrammedStep s = p.steps().get(i);
            ChannelView.StepJson wire = ChannelView.StepJson.of(s.planned());
            steps.add(new CheckedStep(i + 1, wire.rateMlPerH(), wire.vtbiMl(), wire.durationMin(),
                    ChannelView.QuantityJson.of(s.dose()), s.rateCap(), s.volumeCap()));
        }
        BigDecimal minutes = BigDecimal.valueOf(p.plan().expectedDuration().toNanos())
                .divide(BigDecimal.valueOf(60_000_000_000L), 3, RoundingMode.HALF_EVEN);
        var prescription = p.prescription();
        return new CheckedPlan(prescription.drugId(), drugName, prescription.careArea(), p.libraryVersion(),
                new ChannelView.QuantityJson(ChannelView.plain(p.concentration().value()), p.concentration().unit().code()),
                steps, ChannelView.QuantityJson.of(p.totalDose()), ChannelView.plain(p.totalVolume().millilitres()),
                ChannelView.plain(minutes), p.highAlert());
    }
}
