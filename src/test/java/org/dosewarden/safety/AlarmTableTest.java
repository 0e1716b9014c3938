package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SR-C1, SR-D5: the state each alarm forces, from every state, written out as the table a reviewer checks:
 * a fault takes every delivering or ended state to FAULT, a trip only a running or paused one, a pause or a
 * completion only a running one, and an alarm that forces nothing leaves every state as it was.
 */
class AlarmTableTest {

    static Map<InfusionState, InfusionState> row(AlarmType type) {
        Map<InfusionState, InfusionState> m = new EnumMap<>(InfusionState.class);
        for (InfusionState s : InfusionState.values()) {
            m.put(s, Decision.forcedState(type, s));
        }
        return m;
    }

    static Map<InfusionState, InfusionState> expected(InfusionState... pairs) {
        Map<InfusionState, InfusionState> m = new EnumMap<>(InfusionState.class);
        for (InfusionState s : InfusionState.values()) {
            m.put(s, s);
        }
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    @DisplayName("SR-C1, SR-D5: the state each alarm forces from every state")
    void forcedStates() {
        InfusionState f = InfusionState.FAULT;
        for (AlarmType type : AlarmType.values()) {
            Map<InfusionState, InfusionState> want = type.forces() == null ? expected() : switch (type.forces()) {
                case FAULT -> expected(InfusionState.RUNNING, f, InfusionState.PAUSED, f, InfusionState.TRIPPED, f,
                        InfusionState.COMPLETED, f, InfusionState.STOPPED, f);
                case TRIPPED -> expected(InfusionState.RUNNING, InfusionState.TRIPPED, InfusionState.PAUSED,
                        InfusionState.TRIPPED);
                case PAUSED -> expected(InfusionState.RUNNING, InfusionState.PAUSED);
                case COMPLETED -> expected(InfusionState.RUNNING, InfusionState.COMPLETED);
                default -> throw new AssertionError(type + " forces " + type.forces());
            };
            assertEquals(want, row(type), type.name());
        }
    }

    @Test
    @DisplayName("SR-C1: the alarms that force nothing are the notices and warnings, and the ones that keep delivery going")
    void alarmsThatForceNothing() {
        assertEquals(java.util.List.of(AlarmType.COMMAND_UNCERTAIN, AlarmType.NEAR_END, AlarmType.UNDER_INFUSION,
                AlarmType.NO_PROGRESS_WARNING, AlarmType.NO_PROGRESS, AlarmType.STEP_DURATION_EXCEEDED,
                AlarmType.VITALS_SOFT_BREACH, AlarmType.VITALS_STALE, AlarmType.AFTER_CARE_VITALS,
                AlarmType.AFTER_CARE_VITALS_STALE, AlarmType.VITALS_INVALID, AlarmType.JOURNAL_FAILURE,
                AlarmType.RESTART_LIMIT), java.util.Arrays.stream(AlarmType.values()).filter(t -> t.forces() == null)
                .toList());
    }
}
