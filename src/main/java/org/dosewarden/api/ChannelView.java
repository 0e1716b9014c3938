package org.dosewarden.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.channel.ChannelSnapshot.AlarmView;
import org.dosewarden.channel.ChannelSnapshot.LoadedProgram;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.DrugAmount;
import org.dosewarden.json.JsonMappers;

/**
 * A channel as the API shows it (the JSON of {@code GET /api/channels/{channel}}). Volumes in mL, rates in mL/h.
 * Every field is always present (empty lists as {@code []}, absent values as {@code null}) so clients can rely
 * on the shape.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Channel", description = "A pump channel: configuration, link, infusion state, program, delivered volume, alarms")
public record ChannelView(
        String name,
        boolean enabled,
        @Schema(description = "why the channel is disabled or degraded; empty when all is well") String statusReason,
        String pumpProfile,
        String port,
        @Schema(description = "CONNECTING, CONNECTED, LOST or DISABLED") String linkState,
        @Schema(description = "IDLE, PROGRAMMED, AWAITING_CONFIRMATION, RUNNING, PAUSED, COMPLETED, STOPPED, TRIPPED or FAULT")
        String infusionState,
        @Schema(description = "a command's outcome is not yet confirmed by readback") boolean uncertain,
        @Nullable ProgramView program,
        int currentStep,
        BigDecimal deliveredMl,
        BigDecimal pumpRateMlPerH,
        List<AlarmJson> activeAlarms,
        Instant asOf,
        @Schema(description = "where the loaded program stands; null when none is loaded") @Nullable ProgressJson progress,
        @Schema(description = "the latest usable reading of each vital sign, oldest first") List<VitalJson> vitals,
        @Schema(description = "the session's observations, prompts and after-care monitoring (SR-O1..O3); null when "
                + "there is no session or its drug entry asks for none")
        @Nullable AfterCareJson afterCare) {

    /** The loaded program. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "LoadedProgram")
    public record ProgramView(@Schema(description = "the session's id: its timeline and its journal export")
                              @Nullable String sessionId, String patientId, String drugId, String careArea,
                              String prescriber, boolean highAlert, String programmedBy, Instant programmedAt, @Nullable String confirmedBy,
                              @Nullable Instant startedAt, @Nullable Instant expectedEnd, List<StepJson> steps,
                              QuantityJson totalDose, BigDecimal totalVolumeMl, List<OverrideJson> overrides,
                              @Schema(description = "the preparation's concentration") QuantityJson concentration,
                              @Schema(description = "the prescription exactly as accepted (the program request's "
                                      + "fields: patient, bed, weight, drug, concentration, prescriber, dosing)")
                              Map<String, Object> prescription) {
    }

    /** Where a loaded program stands (volumes in mL at the plan's rates). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ProgramProgress")
    public record ProgressJson(BigDecimal planVolumeMl, BigDecimal remainingMl, long remainingSeconds,
                               @Schema(description = "the near-end advisory is raised (SR-C5)") boolean nearEnd) {
    }

    /** The latest usable reading of one vital sign. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "VitalReading")
    public record VitalJson(@Schema(description = "sbp, dbp, hr, spo2 or rr") String sign, int value,
                            @Schema(description = "mmHg, /min or %") String unit, Instant at,
                            @Schema(description = "soft or hard when past a limit of the program's vitals profile")
                            @Nullable String breach) {
    }

    /**
     * A quantity on the wire: a JSON number and a UCUM unit ({@code mg}, {@code ug}, {@code [iU]},
     * {@code mg/kg}, {@code mg/mL} ...). Requests and answers use the same shape.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Quantity")
    public record QuantityJson(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) BigDecimal value,
                               @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String unit) {
        static QuantityJson of(DrugAmount amount) {
            return new QuantityJson(plain(amount.wireValue()), amount.naturalUnit().code());
        }
    }

    /** One plan step. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "PlanStep")
    public record StepJson(BigDecimal rateMlPerH, BigDecimal vtbiMl, BigDecimal durationMin) {

        static StepJson of(PlannedStep step) {
            BigDecimal minutes = BigDecimal.valueOf(step.expectedDuration().toNanos())
                    .divide(BigDecimal.valueOf(60_000_000_000L), 3, java.math.RoundingMode.HALF_EVEN)
                    .stripTrailingZeros();
            return new StepJson(plain(step.rate().millilitresPerHour()), plain(step.volumeToBeInfused().millilitres()),
                    plain(minutes));
        }
    }

    /** An override with its reason. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Override")
    public record OverrideJson(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String limit,
                               @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String reason) {
    }

    /** An active alarm. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Alarm")
    public record AlarmJson(String id, String type, @Schema(description = "HIGH, MEDIUM or LOW") String priority,
                            String message, Instant raisedAt, boolean latched, @Nullable String acknowledgedBy) {
    }

    static ChannelView of(ChannelSnapshot s) {
        return new ChannelView(s.name(), s.enabled(), s.statusReason(), s.pumpProfile(), s.port(), s.linkState().name(),
                s.infusionState(), s.uncertain(), s.loadedProgram().map(ChannelView::program).orElse(null),
                s.currentStep(), plain(s.delivered().millilitres()), plain(s.pumpRate().millilitresPerHour()),
                s.activeAlarms().stream().map(ChannelView::alarm).toList(), s.asOf(),
                s.progress() == null ? null : progress(s.progress()),
                s.vitals().stream().map(ChannelView::vital).toList(),
                s.afterCareView().map(ChannelView::afterCare).orElse(null));
    }

    /** A session's after-care (SR-O1..O3). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "AfterCare")
    public record AfterCareJson(
            @Schema(description = "ids of the observations the drug entry names") List<String> observations,
            List<PromptJson> prompts,
            @Schema(description = "ISO-8601 period watched after delivery, e.g. PT2H; PT0S when none") String monitoringAfter,
            @Schema(description = "when monitoring began (again after a restart); null before delivery ended")
            @Nullable Instant monitoringSince,
            @Schema(description = "earliest discharge sign-off; null while monitoring has not begun") @Nullable Instant dischargeFrom,
            @Schema(description = "observations recorded in this session") int recorded) {
    }

    /** One prompt for observations (SR-O2). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ObservationPrompt")
    public record PromptJson(@Schema(description = "PT40M (after the first start) or end") String prompt,
                             @Nullable Instant dueAt,
                             @Schema(description = "pending, due or answered") String status) {
    }

    private static AfterCareJson afterCare(ChannelSnapshot.AfterCareView a) {
        return new AfterCareJson(a.observations(), a.prompts().stream()
                .map(p -> new PromptJson(p.prompt(), p.dueAt(), p.status())).toList(), a.monitoringAfter().toString(),
                a.monitoringSince(), a.dischargeFrom(), a.recorded());
    }

    private static ProgressJson progress(ChannelSnapshot.Progress p) {
        return new ProgressJson(plain(p.planVolume().millilitres()), plain(p.remainingVolume().millilitres()),
                p.remainingTime().toSeconds(), p.nearEnd());
    }

    private static VitalJson vital(ChannelSnapshot.VitalReading v) {
        return new VitalJson(ProgrammingChoices.key(v.sign()), v.value(), v.sign().unit(), v.at(), v.breach());
    }

    private static ProgramView program(LoadedProgram p) {
        var infusion = p.order().infusion();
        var prescription = infusion.prescription();
        return new ProgramView(p.sessionId(), prescription.patientId(), prescription.drugId(), prescription.careArea(),
                prescription.prescriber(), infusion.highAlert(), p.programmedBy(), p.programmedAt(), p.confirmedBy(),
                p.startedAt(), p.expectedEnd(), infusion.plan().steps().stream().map(StepJson::of).toList(),
                QuantityJson.of(infusion.totalDose()), plain(infusion.totalVolume().millilitres()),
                p.order().decision().overrides().stream().map(ChannelView::override).toList(),
                new QuantityJson(plain(infusion.concentration().value()), infusion.concentration().unit().code()),
                prescriptionFields(p.order().prescriptionJson()));
    }

    private static OverrideJson override(LimitOverride o) {
        return new OverrideJson(o.limitId(), o.reason());
    }

    private static AlarmJson alarm(AlarmView a) {
        return new AlarmJson(a.id(), a.type(), a.priority(), a.message(), a.raisedAt(), a.latched(), a.acknowledgedBy());
    }

    /** The accepted prescription's canonical JSON as a tree of maps, lists, text and exact numbers. */
    private static Map<String, Object> prescriptionFields(String json) {
        try {
            return PRESCRIPTION_READER.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a loaded program's prescription is not JSON", e);
        }
    }

    /** The one strict JSON setup (decimals read exactly). */
    private static final ObjectReader PRESCRIPTION_READER = JsonMappers.json()
            .readerFor(new TypeReference<LinkedHashMap<String, Object>>() { });

    /** No exponent notation on the wire ("0" not "0E-3"). */
    static BigDecimal plain(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }
}
