package org.dosewarden.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.dosewarden.channel.Checkpoint;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalCursor;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.JournalReader;

/**
 * The journal as the MQTT outbox: records are read after the durable cursor {@value #CURSOR_NAME}; record
 * types a dashboard does not need (by default the per-poll volume counts and pump command echoes) are
 * passed over without publishing, so the stream stays readable and the cursor still moves past them.
 */
public final class JournalOutbox implements EventOutbox {

    /** Name of the journal cursor holding the last broker-acknowledged sequence. */
    public static final String CURSOR_NAME = "mqtt-outbox";

    /**
     * Published only on request: the channel's raw core inputs ({@code EVENT}, one per pump poll) and the
     * per-poll volume and command records would drown the events stream, and a {@code CHECKPOINT} is the core's
     * whole state for the daemon's own recovery (the latest vital signs among it); decisions, alarms, state
     * changes, sessions and audit records go out.
     */
    public static final Set<String> DEFAULT_EXCLUDED_TYPES = Set.of("EVENT", "DECISION_VOLUME_COUNTED",
            "DECISION_PUMP_COMMANDS", "VOLUME_COUNTED", "PUMP_COMMANDS", Checkpoint.TYPE);

    /** At most this many records are looked at per call, so one call never holds the link thread long. */
    private static final int MAX_SCAN = 4096;

    private final Journal journal;
    private final JournalCursor cursor;
    private final Set<String> excludedTypes;

    /**
     * @param journal       the daemon's journal
     * @param excludedTypes record types never published (compared case-insensitively)
     */
    public JournalOutbox(Journal journal, Set<String> excludedTypes) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.cursor = journal.cursor(CURSOR_NAME);
        this.excludedTypes = excludedTypes.stream().map(t -> t.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    @Override
    public Batch eventsAfter(long afterSeq, int max) {
        // Looks at no more than MAX_SCAN records per call (a long outage leaves a long backlog); the journal
        // leaves out the excluded types itself, so the per-poll records are never read into memory.
        long through = Math.min(journal.lastSequence(), afterSeq + MAX_SCAN);
        int limit = Math.min(max, JournalReader.MAX_PAGE);
        List<OutboxEvent> events = new ArrayList<>();
        try {
            List<JournalEntry> page = journal.readRange(afterSeq, through, excludedTypes, limit);
            for (JournalEntry e : page) {
                events.add(new OutboxEvent(e.sequence(), e.channel(), e.type(), e.wallTime(), e.payload()));
            }
            long scanned = page.size() == limit ? page.get(page.size() - 1).sequence() : through;
            return new Batch(events, scanned);
        } catch (JournalException e) {
            throw new IllegalStateException("journal read after seq " + afterSeq + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long acknowledgedUpTo() {
        try {
            return cursor.position();
        } catch (JournalException e) {
            throw new IllegalStateException("journal cursor " + CURSOR_NAME + " unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public void acknowledge(long seq) {
        try {
            cursor.advanceTo(seq);
        } catch (JournalException e) {
            throw new IllegalStateException("journal cursor " + CURSOR_NAME + " not stored at " + seq + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public long newestSeq() {
        return journal.lastSequence();
    }
}
