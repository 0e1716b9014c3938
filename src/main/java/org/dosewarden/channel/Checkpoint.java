package org.dosewarden.channel;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.Objects;
import org.dosewarden.safety.ChannelState;

/**
 * A {@value #TYPE} record: the core's state after every {@value ChannelSupervisor#EVENT} record of the channel
 * journaled before it, so a restart replays only what came after (SR-G2). Written by {@link DecisionChain} only
 * where that state is exactly what replaying the journal gives (see there), and only while the channel has no
 * session: the session orders and after-care notes, which recovery reads beside the events, then matter no more.
 *
 * <p>A checkpoint sums up the events before it, so it is checked against them: {@code dosewarden journal verify}
 * folds each channel's events through the core and compares every checkpoint with the state it reaches there
 * ({@link CheckpointAudit}). Recovery trusts the newest readable checkpoint as it trusts the events themselves
 * (the same hash-chained table); one it cannot read (another format, after an upgrade) is passed over, and the
 * channel replays from its first record as before.
 *
 * <p>JSON: {@code {"format":1,"events":N,"state":{...}}}; {@code events} counts the channel's events the state
 * sums up, all of them since the channel's first record.
 *
 * @param events how many of the channel's events the state sums up
 * @param state  the core's state after them
 */
public record Checkpoint(long events, ChannelState state) {

    /** The journal record type. */
    public static final String TYPE = "CHECKPOINT";
    /** The format this build writes and reads; a checkpoint of another format is passed over. */
    static final int FORMAT = 1;
    /**
     * The state is one member of the checkpoint's object: what follows it is the checkpoint's, not the state's. Every
     * part of the state must be there: a checkpoint written before a part was added to the core's state would
     * otherwise be read with that part's default (null, 0, false), a state its events need not give. Such a
     * checkpoint, like one with a part or a value this build does not know, is refused and passed over.
     */
    private static final ObjectReader STATE_READER = EventJson.mapper().readerFor(ChannelState.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    public Checkpoint {
        Objects.requireNonNull(state, "state");
        if (events < 0) {
            throw new IllegalArgumentException("events must not be negative: " + events);
        }
    }

    /** The record's payload. The state is written and read as a value, never through a tree of doubles. */
    public String toJson() {
        try {
            return "{\"format\":" + FORMAT + ",\"events\":" + events + ",\"state\":"
                    + EventJson.mapper().writeValueAsString(state) + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the checkpoint of channel " + state.channelId(), e);
        }
    }

    /**
     * Reads a payload written by {@link #toJson}; throws {@link IllegalArgumentException} naming what is wrong (an
     * unknown format, a state this build cannot read).
     */
    public static Checkpoint fromJson(String payload) {
        Integer format = null;
        Long events = null;
        ChannelState state = null;
        try (JsonParser parser = EventJson.mapper().createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a checkpoint is a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "format" -> format = parser.getValueAsInt(-1);
                    case "events" -> events = parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                            ? parser.getLongValue() : -1L;
                    case "state" -> {
                        requireFormat(format);          // before the state: another format's state is not read
                        state = STATE_READER.readValue(parser);
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable checkpoint: " + (e instanceof JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()), e);
        }
        requireFormat(format);
        if (events == null || events < 0) {
            throw new IllegalArgumentException("checkpoint without a count of events");
        }
        if (state == null) {
            throw new IllegalArgumentException("checkpoint without a state");
        }
        return new Checkpoint(events, state);
    }

    private static void requireFormat(Integer format) {
        if (format == null || format != FORMAT) {
            throw new IllegalArgumentException("checkpoint format " + format + " is not the format this build reads ("
                    + FORMAT + ")");
        }
    }
}
