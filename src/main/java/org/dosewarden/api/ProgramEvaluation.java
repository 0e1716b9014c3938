package org.dosewarden.api;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.ChannelHandle;
import org.dosewarden.channel.SessionSummary;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.check.CourseHistory;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.check.PreviousSession;
import org.dosewarden.dose.check.ProgrammingCheck;
import org.dosewarden.dose.check.ProgrammingResult;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.DrugAmount;
import org.dosewarden.library.DrugLibraryService;

/**
 * One programming request evaluated: the body parsed (a prescription plus {@code overrides}), held to the
 * drug library, the channel's pump and the patient's course history (SR-A1, SR-K1). Shared by
 * {@code PUT .../program}, which loads an allowed result, and {@code POST .../program/check}, which only shows
 * it: both see exactly the same decision for the same body at the same moment.
 */
@Singleton
@Requires(beans = ChannelDirectory.class)
final class ProgramEvaluation {

    /**
     * What a programming request amounts to.
     *
     * @param prescription the parsed prescription
     * @param overrides    the overrides with reasons the request carried
     * @param result       the decision and, when one could be made, the plan
     * @param entry        the drug-library entry, when the care area and drug are known
     * @param library      the library the request was checked against
     * @param sessions     the patient's sessions on every channel, oldest first (the course history's source)
     * @param at           the moment the course history was taken for (the planned start)
     */
    record Evaluated(Prescription prescription, List<LimitOverride> overrides, ProgrammingResult result,
                     Optional<DrugEntry> entry, DrugLibrary library, List<SessionSummary> sessions, Instant at) {
    }

    private final ChannelDirectory channels;
    private final ChannelIntents intents;
    private final DrugLibraryService library;
    private final TimeSource time;

    ProgramEvaluation(ChannelDirectory channels, ChannelIntents intents, DrugLibraryService library, TimeSource time) {
        this.channels = channels;
        this.intents = intents;
        this.library = library;
        this.time = time;
    }

    /** Parses and checks {@code body} for {@code channelName}; malformed input is a 400 naming the field. */
    Evaluated evaluate(String channelName, String body) {
        ProgramBody program = ProgramBody.parse(body);
        List<LimitOverride> overrides = program.overrides();
        Prescription prescription = program.prescription();
        ChannelHandle channel = intents.channel(channelName);
        PumpCapability pump = channel.pumpCapability().orElseThrow(() -> new ApiProblem(503, "channel-unavailable",
                "Channel unavailable", "channel '" + channelName + "' has no identified pump ("
                + channel.snapshot().statusReason() + "); it cannot be programmed now",
                Map.of("channel", channelName, "currentState", channel.snapshot().infusionState())));
        DrugLibrary drugs = library.library().orElseThrow(() -> new ApiProblem(503, "drug-library-unavailable",
                "No drug library", library.problem().orElse("no drug library is loaded"), Map.of()));
        Instant now = time.wallTime();
        List<SessionSummary> sessions = channels.sessionsOf(prescription.patientId());
        ProgrammingResult result = ProgrammingCheck.check(prescription, drugs, pump, overrides,
                Optional.of(history(prescription, sessions, now)));
        return new Evaluated(prescription, overrides, result, drugs.entry(prescription.careArea(), prescription.drugId()),
                drugs, sessions, now);
    }

    /**
     * The patient's sessions for the course check (SR-K1). A session still open (running or paused on another
     * channel, or interrupted by a restart and not yet ended) counts as ending now with no drug recorded yet:
     * the interval and session-count limits see it, while its dose joins the 7-day total once it is ended.
     */
    private static CourseHistory history(Prescription prescription, List<SessionSummary> sessions, Instant now) {
        List<PreviousSession> previous = new ArrayList<>();
        for (SessionSummary s : sessions) {
            if (!s.isOpen()) {
                previous.add(new PreviousSession(s.patientId(), s.drugId(), s.startedAt(), s.endedAt(), s.delivered()));
            } else if (s.drugId().equals(prescription.drugId())) {
                var end = now.isAfter(s.startedAt()) ? now : s.startedAt();
                previous.add(new PreviousSession(s.patientId(), s.drugId(), s.startedAt(), end,
                        DrugAmount.ofBase(prescription.concentration().kind(), 0)));
            }
        }
        return new CourseHistory(now, previous);
    }
}
