package org.dosewarden.channel;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.quantity.DrugAmount;
import org.dosewarden.json.JsonMappers;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.JournalRecord;
import org.dosewarden.safety.PumpCommand;

/**
 * The journal's JSON form of the safety core's events and decision records. Events are the inputs the
 * journal keeps for replay (DESIGN.md principle 4), so this mapping must round-trip every event exactly;
 * a test proves it for every event type.
 *
 * <p>Format: one JSON object per event, its record components by name, with {@code "@type"} naming the
 * event's simple class name (e.g. {@code "StartInfusion"}); nested sealed families (pump commands) carry
 * {@code "@type"} too, as do the dose family's ({@link Dosing}, {@link DrugAmount}) in journaled program orders;
 * an empty {@code Optional} is {@code null}. Times are ISO-8601 strings, durations ISO-8601 periods, decimals plain
 * ({@link JsonMappers}' common settings). Unknown properties are errors: a journal written by a newer version is
 * refused, not half-read.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = createMapper();
    /** Made once: a writer per call cost a type lookup on every journaled event (four per second per channel). */
    private static final ObjectWriter EVENT_WRITER = MAPPER.writerFor(Event.class);

    private EventJson() {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "@type")
    private interface Polymorphic {
    }

    private static ObjectMapper createMapper() {
        JsonMapper.Builder builder = JsonMappers.jsonBuilder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Records are read and written by their components only; helper methods such as isZero() are not data.
                .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
        for (Class<?> root : new Class<?>[] {Event.class, PumpCommand.class, Dosing.class, DrugAmount.class}) {
            builder.addMixIn(root, Polymorphic.class);
            builder.registerSubtypes(sealedSubtypes(root).toArray(NamedType[]::new));
        }
        return builder.build();
    }

    private static List<NamedType> sealedSubtypes(Class<?> root) {
        List<NamedType> named = new ArrayList<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            Class<?> type = pending.pop();
            if (!seen.add(type)) {
                continue;
            }
            if (type.isSealed()) {
                for (Class<?> sub : type.getPermittedSubclasses()) {
                    pending.add(sub);
                }
            } else {
                named.add(new NamedType(type, type.getSimpleName()));
            }
        }
        return named;
    }

    /** The event as one JSON object with its {@code @type}. */
    public static String write(Event event) {
        try {
            return EVENT_WRITER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + event.eventType() + " as JSON", e);
        }
    }

    /** Reads an event written by {@link #write}; throws {@link IllegalArgumentException} naming the problem. */
    public static Event read(String json) {
        try {
            return MAPPER.readValue(json, Event.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable journaled event: " + e.getOriginalMessage(), e);
        }
    }

    /** A decision record as JSON: summary, reasons, facts (its type is the journal record's type). */
    public static String write(JournalRecord record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write decision record " + record.type() + " as JSON", e);
        }
    }

    /** The configured mapper, for the channel package's other journaled values. */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Any plain value (snapshots, alarm views) as JSON with the same conventions. */
    public static String writeValue(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
