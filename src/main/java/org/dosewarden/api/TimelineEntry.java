package org.dosewarden.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dosewarden.channel.ChannelRecord;
import org.dosewarden.channel.Checkpoint;
import org.dosewarden.json.JsonMappers;
import org.dosewarden.library.ObservationCatalogue;
import org.dosewarden.library.ObservationDefinition;
import org.dosewarden.library.ValueRule;

/**
 * One journal record in clinic words (the session timeline and the live {@code record} events): when, what kind,
 * who acted, what happened and why. The raw inputs of the core ({@code EVENT} records) are not shown: the decision
 * records that follow each of them say what it meant.
 *
 * @param sequence  journal sequence number (the record in {@code journal export})
 * @param at        wall time it was written
 * @param kind      one of {@link #KINDS}
 * @param who       the user who acted, or {@code null} when no person did
 * @param what      what happened, as the journal's summary says it
 * @param why       the reasons given or found; empty when none
 * @param sessionId the session the record belongs to, or {@code null} when it names none
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "TimelineEntry")
public record TimelineEntry(long sequence, Instant at,
                            @Schema(description = "program, action, refusal, state, alarm, interlock, observation, "
                                    + "prompt, after-care, session, restart, pump, audit or other") String kind,
                            @Nullable String who, String what, List<String> why, @Nullable String sessionId) {

    /** Every kind, in the order the documentation lists them. */
    public static final List<String> KINDS = List.of("program", "action", "refusal", "state", "alarm", "interlock",
            "observation", "prompt", "after-care", "session", "restart", "pump", "audit", "other");

    /** The kinds listed when a request names none: all but the pump's routine records. */
    public static final Set<String> DEFAULT_KINDS = Set.copyOf(KINDS.stream().filter(k -> !k.equals("pump")).toList());

    private static final ObjectMapper JSON = JsonMappers.json();
    private static final ObservationCatalogue CATALOGUE = ObservationCatalogue.shipped();

    private static final Map<String, String> DECISION_KINDS = Map.ofEntries(
            Map.entry("INTENT_ACCEPTED", "action"), Map.entry("INTENT_REFUSED", "refusal"),
            Map.entry("STATE_CHANGED", "state"), Map.entry("ALARM_RAISED", "alarm"),
            Map.entry("ALARM_ACKNOWLEDGED", "alarm"), Map.entry("ALARM_CLEARED", "alarm"),
            Map.entry("INTERLOCK", "interlock"), Map.entry("AFTER_CARE", "after-care"),
            Map.entry("RECOVERED", "restart"), Map.entry("PUMP_COMMANDS", "pump"),
            Map.entry("VOLUME_COUNTED", "pump"), Map.entry("COUNTER_CLEARED", "pump"));

    /** The record in clinic words, or empty for a raw input of the core. */
    public static Optional<TimelineEntry> of(ChannelRecord r) {
        if (r.type().equals("EVENT") || r.type().equals(Checkpoint.TYPE)) {
            return Optional.empty();    // a core input, or the core's state for recovery (docs/journal.md)
        }
        JsonNode p = read(r.payloadJson());
        String session = text(p.path("sessionId")).or(() -> text(p.path("facts").path("sessionId"))).orElse(null);
        if (r.type().startsWith("DECISION_")) {
            String kind = DECISION_KINDS.getOrDefault(r.type().substring("DECISION_".length()), "other");
            List<String> why = new ArrayList<>();
            p.path("reasons").forEach(n -> why.add(n.asText()));
            return Optional.of(new TimelineEntry(r.sequence(), r.wallTime(), kind,
                    text(p.path("facts").path("user")).orElse(null), p.path("summary").asText(), why, session));
        }
        return Optional.of(switch (r.type()) {
            case "OBSERVATION" -> new TimelineEntry(r.sequence(), r.wallTime(), "observation",
                    p.path("recordedBy").asText(), observation(p), text(p.path("prompt"))
                            .map(prompt -> List.of("answers the prompt " + prompt)).orElse(List.of()), session);
            case "OBSERVATION_PROMPT" -> new TimelineEntry(r.sequence(), r.wallTime(), "prompt", null,
                    "observations due (" + p.path("prompt").asText() + "): " + list(p.path("observations")), List.of(),
                    session);
            case "PROGRAM_ORDER" -> new TimelineEntry(r.sequence(), r.wallTime(), "program", p.path("user").asText(),
                    "prescription checked and loaded (drug library " + p.path("libraryVersion").asText() + ")",
                    overrides(p.path("overrides")), session);
            case "session.opened" -> new TimelineEntry(r.sequence(), r.wallTime(), "session", null, "session opened for "
                    + "patient " + p.path("patientId").asText() + " (" + p.path("drugId").asText() + ")", List.of(), session);
            case "session.closed" -> new TimelineEntry(r.sequence(), r.wallTime(), "session", null, "session closed",
                    List.of(), session);
            case "api.audit" -> new TimelineEntry(r.sequence(), r.wallTime(), "audit", text(p.path("user")).orElse(null),
                    p.path("method").asText() + " " + p.path("path").asText() + " → " + p.path("status").asText() + " "
                            + p.path("outcome").asText(), text(p.path("detail")).map(List::of).orElse(List.of()), session);
            default -> new TimelineEntry(r.sequence(), r.wallTime(), "other", null, r.type(), List.of(), session);
        });
    }

    /** "MOAA/S: 4 (Responds lethargically to name)", "Rescue medication: drug midazolam, dose 1 mg, route iv". */
    private static String observation(JsonNode p) {
        String id = p.path("observation").asText();
        Optional<ObservationDefinition> d = CATALOGUE.find(id);
        return d.map(ObservationDefinition::title).orElse(id) + ": " + value(p.path("value"), d.map(ObservationDefinition::rule)
                .orElse(null));
    }

    private static String value(JsonNode v, ValueRule rule) {
        if (v.isObject()) {
            List<String> parts = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                parts.add(f.getKey() + " " + value(f.getValue(), null));
            }
            return String.join(", ", parts);
        }
        if (rule instanceof ValueRule.Whole w && v.isIntegralNumber() && w.levels().containsKey(v.bigIntegerValue())) {
            return v.asText() + " (" + w.levels().get(v.bigIntegerValue()) + ")";
        }
        return v.asText();
    }

    private static List<String> overrides(JsonNode overrides) {
        List<String> why = new ArrayList<>();
        overrides.forEach(o -> why.add("override " + o.asText()));     // "limitId: reason"
        return why;
    }

    private static String list(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(n -> items.add(CATALOGUE.find(n.asText()).map(ObservationDefinition::title).orElse(n.asText())));
        return String.join(", ", items);
    }

    private static Optional<String> text(JsonNode n) {
        return n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }
}
