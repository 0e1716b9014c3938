package org.dosewarden.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.api.security.Role;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.SessionSummary;

/** A patient's course of sessions across every channel (SR-K1), from the journal. */
@Controller("/api/patients")
@Tag(name = "patients")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(beans = ChannelDirectory.class)
public class PatientController {

    /** Patient ids are opaque identifiers from the clinic's systems; this keeps them printable and short. */
    private static final Pattern PATIENT_ID = Pattern.compile("[\\p{Alnum}._:-]{1,64}");

    private final ChannelDirectory channels;

    PatientController(ChannelDirectory channels) {
        this.channels = channels;
    }

    /** One session on the wire. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Session")
    public record SessionJson(String sessionId, String patientId, String channel, String drugId, Instant startedAt,
                              @Schema(description = "absent while the session is open") @Nullable Instant endedAt,
                              @Schema(description = "drug delivered; absent while the session is open")
                              ChannelView.@Nullable QuantityJson delivered) {
    }

    /** The sessions of a patient, oldest first. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "PatientSessions")
    public record SessionsJson(String patientId, List<SessionJson> sessions) {
    }

    @Get("/{patientId}/sessions")
    @Secured({Role.VIEWER_NAME, Role.CLINICIAN_NAME, Role.ADMIN_NAME})
    @Operation(summary = "Every infusion session of a patient, oldest first (empty when none)")
    public SessionsJson sessions(@PathVariable String patientId) {
        if (!PATIENT_ID.matcher(patientId).matches()) {
            throw ApiProblem.badField("patientId", "1 to 64 letters, digits, '.', '_', ':' or '-'");
        }
        List<SessionJson> sessions = channels.sessionsOf(patientId).stream().map(PatientController::json).toList();
        return new SessionsJson(patientId, sessions);
    }

    static SessionJson json(SessionSummary s) {
        return new SessionJson(s.sessionId(), s.patientId(), s.channel(), s.drugId(), s.startedAt(), s.endedAt(),
                s.deliveredAmount().map(ChannelView.QuantityJson::of).orElse(null));
    }
}
