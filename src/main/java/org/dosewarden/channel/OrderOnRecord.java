package org.dosewarden.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Objects;

/**
 * A program order as journaled when it was loaded ({@link ChannelSupervisor#PROGRAM_ORDER}), so a restarted
 * daemon shows the same program, prescription and drug amounts it showed before.
 *
 * @param sessionId session the order belongs to
 * @param order     the checked order as the front end built it
 * @param user      who loaded it
 * @param at        wall time it was loaded
 */
record OrderOnRecord(String sessionId, ProgramOrder order, String user, Instant at) {

    OrderOnRecord {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(at, "at");
    }

    String toJson() {
        return EventJson.writeValue(this);
    }

    static OrderOnRecord fromJson(String json) {
        try {
            return EventJson.mapper().readValue(json, OrderOnRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable program order in the journal: " + e.getOriginalMessage(), e);
        }
    }

    static ObjectMapper mapper() {
        return EventJson.mapper();
    }
}
