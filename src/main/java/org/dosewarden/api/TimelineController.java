package org.dosewarden.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.api.security.Role;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.SessionRecords;
import org.dosewarden.channel.SessionSummary;

/** A session's timeline: its journal records in clinic words (who, what, why, when), filterable by kind. */
@Controller("/api/sessions")
@Tag(name = "sessions")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(beans = ChannelDirectory.class)
public class TimelineController {

    private static final Pattern SESSION_ID = Pattern.compile("[\\p{Alnum}._:-]{1,100}");

    private final ChannelDirectory channels;

    TimelineController(ChannelDirectory channels) {
        this.channels = channels;
    }

    /** The session the timeline is of. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "TimelineSession")
    public record SessionJson(String sessionId, String channel, String patientId, String drugId, Instant startedAt,
                              @Schema(description = "null while the session is open") @Nullable Instant endedAt) {
    }

    /** A session and its entries, oldest first. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Timeline")
    public record TimelineJson(SessionJson session, List<TimelineEntry> entries) {
    }

    @Get("/{sessionId}/timeline{?kind}")
    @Secured({Role.VIEWER_NAME, Role.CLINICIAN_NAME, Role.ADMIN_NAME})
    @Operation(summary = "The session's journal records in clinic words (who, what, why, when), oldest first; kind "
            + "filters (comma-separated: program, action, refusal, state, alarm, interlock, observation, prompt, "
            + "after-care, session, restart, pump, audit, other); without it every kind but pump")
    public TimelineJson timeline(@PathVariable String sessionId, @Nullable @QueryValue String kind) {
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw ApiProblem.badField("sessionId", "1 to 100 letters, digits, '.', '_', ':' or '-'");
        }
        Set<String> kinds = kinds(kind);
        Optional<SessionRecords> found = channels.sessionRecords(sessionId);
        SessionRecords s = found.orElseThrow(() -> ApiProblem.notFound("no session '" + sessionId + "' in the journal"));
        SessionSummary summary = s.session();
        List<TimelineEntry> entries = s.records().stream().flatMap(r -> TimelineEntry.of(r).stream())
                .filter(e -> kinds.contains(e.kind())).toList();
        return new TimelineJson(new SessionJson(summary.sessionId(), summary.channel(), summary.patientId(),
                summary.drugId(), summary.startedAt(), summary.endedAt()), entries);
    }

    /** The kinds a {@code kind} parameter names; every kind but pump when it names none. */
    static Set<String> kinds(String parameter) {
        if (parameter == null || parameter.isBlank()) {
            return TimelineEntry.DEFAULT_KINDS;
        }
        Set<String> kinds = new LinkedHashSet<>();
        for (String k : parameter.split(",")) {
            String kind = k.strip();
            if (!TimelineEntry.KINDS.contains(kind)) {
                throw ApiProblem.badField("kind", "'" + kind + "' is not a kind of timeline entry; kinds: "
                        + String.join(", ", TimelineEntry.KINDS));
            }
            kinds.add(kind);
        }
        return kinds;
    }
}
