package org.dosewarden.channel;

import java.util.List;
import java.util.Objects;

/**
 * One session and its channel's journal records from the program to the close (or to now, while it is open):
 * what a session timeline shows.
 *
 * @param session the session as the course history has it
 * @param records its channel's records in that stretch, oldest first
 */
public record SessionRecords(SessionSummary session, List<ChannelRecord> records) {

    public SessionRecords {
        Objects.requireNonNull(session, "session");
        records = List.copyOf(records);
    }
}
