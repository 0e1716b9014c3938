package org.dosewarden.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.library.AfterCare;
import org.dosewarden.dose.library.ObservationPrompt;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalWriteException;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.InfusionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's observations and their prompts (SR-O1, SR-O2), journaled on the channel inside the session, so
 * they are among the session's records, in its timeline and in {@code journal export}. They change nothing
 * about delivery and never reach the safety core; the monitoring phase after delivery (SR-O3), which does
 * change what the channel allows, is the core's.
 *
 * <ul>
 *   <li>{@value #OBSERVATION}: {@code {sessionId, observation, value, prompt, recordedBy, recordedAt, via}}, the
 *       value as the clinician entered it (already checked against the library's definition).</li>
 *   <li>{@value #PROMPT}: {@code {sessionId, prompt, dueAt, observations}}, written once per prompt when it falls
 *       due: a time after the session's first start, or {@code end} when delivery has ended.</li>
 * </ul>
 *
 * <p>Owned by the channel thread. After a restart the journal tells which prompts were already written and which
 * were answered.
 */
final class AfterCareRecords {

    private static final Logger LOG = LoggerFactory.getLogger(AfterCareRecords.class);

    static final String OBSERVATION = "OBSERVATION";
    static final String PROMPT = "OBSERVATION_PROMPT";

    /** What is known of one session's after-care records. */
    private static final class Notes {
        final Map<String, Instant> prompted = new HashMap<>();
        final Set<String> answered = new HashSet<>();
        int recorded;
    }

    private final String channel;
    private final Journal journal;
    private final TimeSource time;
    private final SessionOrders orders;
    private final Map<String, Notes> sessions = new HashMap<>();

    AfterCareRecords(String channel, Journal journal, TimeSource time, SessionOrders orders) {
        this.channel = channel;
        this.journal = journal;
        this.time = time;
        this.orders = orders;
    }

    /** Before recovery: everything is read again from the journal. */
    void forgetJournaled() {
        sessions.clear();
    }

    /** An {@value #OBSERVATION} or {@value #PROMPT} record read back on recovery. */
    void replayed(String type, String payload) {
        JsonNode n = read(payload);
        Notes notes = notes(n.path("sessionId").asText());
        if (type.equals(PROMPT)) {
            notes.prompted.put(n.path("prompt").asText(), Instant.parse(n.path("dueAt").asText()));
        } else {
            notes.recorded++;
            if (!n.path("prompt").asText().isEmpty()) {
                notes.answered.add(n.path("prompt").asText());
            }
        }
    }

    /** The prompts of {@code sessionId} an observation answered, in order of their text. */
    List<String> answeredPrompts(String sessionId) {
        return notes(sessionId).answered.stream().sorted().toList();
    }

    /**
     * Journals an observation in the current session. Refused when there is no session, when the session's drug
     * entry does not name the observation, or when the prompt is not one of the entry's.
     */
    IntentResult record(ClinicianIntent intent, ClinicianIntent.ClinicianAction.RecordObservation o, ChannelState state) {
        String current = state.infusion().name();
        if (state.session() == null) {
            return IntentResult.Refused.of(IntentResult.RefusalKind.ILLEGAL_STATE, "channel " + channel
                    + " has no session: an observation belongs to a patient's session", current);
        }
        String sessionId = state.session().program().sessionId();
        AfterCare care = afterCare(sessionId);
        if (!care.names(o.observation())) {
            return IntentResult.Refused.of(IntentResult.RefusalKind.INVALID, "the drug entry of this session does "
                    + "not record '" + o.observation() + "'; it records: " + (care.observations().isEmpty() ? "nothing"
                    : String.join(", ", care.observations())), current);
        }
        if (!o.prompt().isEmpty() && care.prompts().stream().noneMatch(p -> p.text().equals(o.prompt()))) {
            return IntentResult.Refused.of(IntentResult.RefusalKind.INVALID, "'" + o.prompt() + "' is not a prompt "
                    + "of this session's drug entry; its prompts: " + care.prompts(), current);
        }
        try {
            journal.append(channel, OBSERVATION, observationPayload(sessionId, o.observation(), o.valueJson(), o.prompt(),
                    intent.user(), intent.issuedAt(), intent.via()));
        } catch (JournalWriteException e) {
            return IntentResult.Refused.of(IntentResult.RefusalKind.UNAVAILABLE, "the journal cannot be written; "
                    + "the observation was not recorded: " + e.getMessage(), current);
        }
        Notes notes = notes(sessionId);
        notes.recorded++;
        if (!o.prompt().isEmpty()) {
            notes.answered.add(o.prompt());
        }
        return null;
    }

    /** The payload of an {@value #OBSERVATION} record (also what its golden is checked against). */
    static String observationPayload(String sessionId, String observation, String valueJson, String prompt,
                                     String recordedBy, Instant recordedAt, String via) {
        ObjectNode payload = EventJson.mapper().createObjectNode();
        payload.put("sessionId", sessionId);
        payload.put("observation", observation);
        payload.set("value", read(valueJson));
        payload.put("prompt", prompt);
        payload.put("recordedBy", recordedBy);
        payload.put("recordedAt", recordedAt.toString());
        payload.put("via", via);
        return payload.toString();
    }

    /** The payload of an {@value #PROMPT} record. */
    static String promptPayload(String sessionId, String prompt, Instant dueAt, List<String> observations) {
        ObjectNode payload = EventJson.mapper().createObjectNode();
        payload.put("sessionId", sessionId);
        payload.put("prompt", prompt);
        payload.put("dueAt", dueAt.toString());
        observations.forEach(payload.putArray("observations")::add);
        return payload.toString();
    }

    /**
     * Once per supervision cycle (SR-O2): journals the prompts of the current session that fell due; a journal
     * failure goes to the core as its SR-C4 alarm, and the prompt is tried again next cycle.
     */
    void cycle(DecisionChain core) {
        try {
            writeDuePrompts(core.state());
        } catch (JournalWriteException e) {
            LOG.error("channel {}: observation prompt not journaled: {}", channel, e.getMessage());
            core.process(new Event.JournalWriteFailed(core.now(), "observation prompt: " + e.getMessage()));
        }
    }

    private void writeDuePrompts(ChannelState state) throws JournalWriteException {
        if (state.session() == null) {
            return;
        }
        String sessionId = state.session().program().sessionId();
        AfterCare care = afterCare(sessionId);
        Notes notes = notes(sessionId);
        for (ObservationPrompt p : care.prompts()) {
            if (notes.prompted.containsKey(p.text())) {
                continue;
            }
            Optional<Instant> due = dueAt(p, sessionId, state);
            if (due.isPresent() && !due.get().isAfter(time.wallTime())) {
                journal.append(channel, PROMPT, promptPayload(sessionId, p.text(), due.get(), care.observations()));
                notes.prompted.put(p.text(), due.get());
            }
        }
    }

    /** The session's after-care for its snapshot, or {@code null} when its entry asks for none. */
    ChannelSnapshot.AfterCareView view(ChannelState state) {
        if (state.session() == null) {
            return null;
        }
        String sessionId = state.session().program().sessionId();
        AfterCare care = afterCare(sessionId);
        if (care.observations().isEmpty() && !care.monitors()) {
            return null;
        }
        Notes notes = notes(sessionId);
        List<ChannelSnapshot.PromptView> prompts = new ArrayList<>();
        for (ObservationPrompt p : care.prompts()) {
            Instant due = notes.prompted.get(p.text());
            String status = notes.answered.contains(p.text()) ? "answered" : due != null ? "due" : "pending";
            prompts.add(new ChannelSnapshot.PromptView(p.text(), due != null ? due : dueAt(p, sessionId, state)
                    .orElse(null), status));
        }
        Instant since = monitoringSince(state).orElse(null);
        return new ChannelSnapshot.AfterCareView(care.observations(), prompts, care.monitoringAfter(), since,
                since == null ? null : since.plus(care.monitoringAfter()), notes.recorded);
    }

    /** When {@code p} falls due: its time after the first start, or when delivery ended; empty while unknown. */
    private Optional<Instant> dueAt(ObservationPrompt p, String sessionId, ChannelState state) {
        if (!p.atEnd()) {
            return orders.deliveryStarted(sessionId).map(started -> started.plus(p.afterStart()));
        }
        InfusionState s = state.infusion();
        if (s == InfusionState.COMPLETED || s == InfusionState.STOPPED || state.session().monitoring() != null) {
            return Optional.of(monitoringSince(state).orElseGet(time::wallTime));
        }
        return Optional.empty();
    }

    /** Wall time the core's monitoring phase began, from its monotonic start. */
    private Optional<Instant> monitoringSince(ChannelState state) {
        ChannelState.Monitoring m = state.session().monitoring();
        if (m == null) {
            return Optional.empty();
        }
        long ago = Math.max(0, time.monotonicNanos() - m.sinceNanos());
        return Optional.of(time.wallTime().minusNanos(ago));
    }

    private AfterCare afterCare(String sessionId) {
        return orders.order(sessionId).map(o -> o.infusion().afterCare()).orElse(AfterCare.NONE);
    }

    private Notes notes(String sessionId) {
        if (sessions.size() > 16 && !sessions.containsKey(sessionId)) {
            sessions.clear();     // notes of ended sessions are in the journal; only the current one is needed here
        }
        return sessions.computeIfAbsent(sessionId, id -> new Notes());
    }

    private static JsonNode read(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
