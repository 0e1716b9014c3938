package org.dosewarden.journal;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Outcome of {@link JournalReader#verify()}: the whole chain intact, or the first broken record. */
public sealed interface Verification {

    /**
     * Every record is present, parseable and chained, and the session and cursor tables agree with them.
     *
     * @param records          number of records
     * @param headSequence     sequence of the last record (0 for an empty journal)
     * @param headHash         hash of the last record, lower-case hex (64 zeros for an empty journal); write
     *                         it down elsewhere to detect a rewritten chain or a cut-off tail later
     * @param recordsByChannel number of records per channel, ordered by channel name
     * @param sessions         number of sessions
     * @param cursors          number of named cursors
     */
    record Intact(long records, long headSequence, String headHash, Map<String, Long> recordsByChannel,
            long sessions, long cursors) implements Verification {

        public Intact {
            recordsByChannel = Collections.unmodifiableSortedMap(new TreeMap<>(recordsByChannel));
        }
    }

    /**
     * The first thing found wrong, walking from record 1.
     *
     * @param sequence      the record concerned (for a gap: the first missing sequence)
     * @param problem       what kind of damage
     * @param detail        what exactly is wrong, for a biomedical engineer
     * @param intactRecords records before it that checked out
     */
    record Broken(long sequence, Problem problem, String detail, long intactRecords) implements Verification {
    }

    enum Problem {
        /** Sequence numbers jump: records were removed. */
        GAP,
        /** A record's previous-hash is not the hash of the record before it: a record was replaced. */
        CHAIN_BROKEN,
        /** A record's fields do not hash to its stored hash: the record was changed. */
        HASH_MISMATCH,
        /** A field is missing, of the wrong type or length, or the payload is not a JSON object. */
        UNPARSEABLE,
        /** The session or cursor table disagrees with the records (edited table, or a cut-off tail). */
        INDEX_MISMATCH
    }
}
