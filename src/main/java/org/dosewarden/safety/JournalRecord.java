package org.dosewarden.safety;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One decision of the core, to be written to the journal before its effects are carried out (SR-G1).
 *
 * @param type    what kind of decision
 * @param summary one line a clinician or auditor reads
 * @param reasons every reason behind the decision (for a refusal: why; for a trip: the rule and values)
 * @param facts   key facts as text (state, delivered, limits ...), sorted by key so the record is stable
 */
public record JournalRecord(RecordType type, String summary, List<String> reasons, Map<String, String> facts) {

    /** Kinds of decision records. */
    public enum RecordType {
        INTENT_ACCEPTED,
        /** An intent refused: names the current state and the reason; the state did not change. */
        INTENT_REFUSED,
        STATE_CHANGED,
        ALARM_RAISED,
        ALARM_CLEARED,
        ALARM_ACKNOWLEDGED,
        /** The delivered total grew. */
        VOLUME_COUNTED,
        /** The pump counter restarted from zero; the total is kept. */
        COUNTER_CLEARED,
        /** An interlock decided something without an alarm (step advance, uncertainty resolved ...). */
        INTERLOCK,
        /** Commands sent to the pump in this step. */
        PUMP_COMMANDS,
        /** A new process epoch began. */
        RECOVERED,
        /** After-care (SR-O3): monitoring began or began again, the patient was discharged or the session closed by override. */
        AFTER_CARE
    }

    public JournalRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(summary, "summary");
        reasons = List.copyOf(reasons);
        facts = Collections.unmodifiableMap(new TreeMap<>(facts));
    }
}
