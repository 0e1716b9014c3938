package org.dosewarden.safety;

import static org.dosewarden.safety.InfusionState.AWAITING_CONFIRMATION;
import static org.dosewarden.safety.InfusionState.COMPLETED;
import static org.dosewarden.safety.InfusionState.FAULT;
import static org.dosewarden.safety.InfusionState.IDLE;
import static org.dosewarden.safety.InfusionState.PAUSED;
import static org.dosewarden.safety.InfusionState.PROGRAMMED;
import static org.dosewarden.safety.InfusionState.RUNNING;
import static org.dosewarden.safety.InfusionState.STOPPED;
import static org.dosewarden.safety.InfusionState.TRIPPED;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of legal clinician transitions (STYLE "state machines are tables"). A (state, intent) pair
 * that is not here is refused with a reason naming the state, and changes nothing. A legal pair may still
 * be refused by a safety gate ({@link Refusal.Kind#BLOCKED}). Automatic transitions (alarms) are in
 * {@link AlarmType#forces()}; completion goes RUNNING → COMPLETED.
 */
public final class Transitions {

    /** The kinds of clinician intent, one per {@link Intent} record. */
    public enum IntentKind {
        PROGRAM, CONFIRM, START, PAUSE, RESUME, STOP, ACKNOWLEDGE, OVERRIDE_VITALS_GATE, RESET_TRIP,
        RESET_EMERGENCY_STOP, END_SESSION, DISCHARGE;

        public static IntentKind of(Intent intent) {
            return switch (intent) {
                case Intent.ProgramInfusion p -> PROGRAM;
                case Intent.ConfirmProgram c -> CONFIRM;
                case Intent.StartInfusion s -> START;
                case Intent.PauseInfusion p -> PAUSE;
                case Intent.ResumeInfusion r -> RESUME;
                case Intent.StopInfusion s -> STOP;
                case Intent.AcknowledgeAlarm a -> ACKNOWLEDGE;
                case Intent.OverrideVitalsGate o -> OVERRIDE_VITALS_GATE;
                case Intent.ResetTrip r -> RESET_TRIP;
                case Intent.ResetEmergencyStop r -> RESET_EMERGENCY_STOP;
                case Intent.EndSession e -> END_SESSION;
                case Intent.DischargePatient d -> DISCHARGE;
            };
        }

        /** Stopping is always the safe direction: a late stop or pause still acts (SR-D3 names starts). */
        public boolean actsWhenStale() {
            return this == STOP || this == PAUSE;
        }

        /** Lower-case verb for refusal texts ("start", "end the session"). */
        public String verb() {
            return switch (this) {
                case PROGRAM -> "program";
                case CONFIRM -> "confirm the program";
                case START -> "start";
                case PAUSE -> "pause";
                case RESUME -> "resume";
                case STOP -> "stop";
                case ACKNOWLEDGE -> "acknowledge an alarm";
                case OVERRIDE_VITALS_GATE -> "override the vitals gate";
                case RESET_TRIP -> "reset the trip";
                case RESET_EMERGENCY_STOP -> "reset the emergency stop";
                case END_SESSION -> "end the session";
                case DISCHARGE -> "discharge the patient";
            };
        }
    }

    private static final Map<IntentKind, Map<InfusionState, InfusionState>> TABLE = new EnumMap<>(IntentKind.class);

    static {
        // PROGRAM goes to AWAITING_CONFIRMATION instead when the drug needs a second clinician (SR-I2).
        row(IntentKind.PROGRAM, IDLE, PROGRAMMED);
        row(IntentKind.CONFIRM, AWAITING_CONFIRMATION, PROGRAMMED);
        row(IntentKind.START, PROGRAMMED, RUNNING);
        row(IntentKind.PAUSE, RUNNING, PAUSED);
        row(IntentKind.RESUME, PAUSED, RUNNING);
        // Stop is never refused: where nothing should run it still sends a stop and keeps the state.
        for (InfusionState s : InfusionState.values()) {
            boolean keeps = s == IDLE || s == COMPLETED || s == STOPPED;
            row(IntentKind.STOP, s, keeps ? s : STOPPED);
            row(IntentKind.ACKNOWLEDGE, s, s);
            row(IntentKind.RESET_EMERGENCY_STOP, s, s);
        }
        row(IntentKind.OVERRIDE_VITALS_GATE, PROGRAMMED, PROGRAMMED);
        row(IntentKind.OVERRIDE_VITALS_GATE, PAUSED, PAUSED);
        row(IntentKind.RESET_TRIP, TRIPPED, PAUSED);
        row(IntentKind.RESET_TRIP, FAULT, PAUSED);
        for (InfusionState s : new InfusionState[] {AWAITING_CONFIRMATION, PROGRAMMED, COMPLETED, STOPPED, TRIPPED, FAULT}) {
            row(IntentKind.END_SESSION, s, IDLE);
        }
        // SR-O3: the discharge sign-off closes a session whose delivery has ended for good.
        row(IntentKind.DISCHARGE, COMPLETED, IDLE);
        row(IntentKind.DISCHARGE, STOPPED, IDLE);
    }

    private Transitions() {
    }

    private static void row(IntentKind kind, InfusionState from, InfusionState to) {
        TABLE.computeIfAbsent(kind, k -> new EnumMap<>(InfusionState.class)).put(from, to);
    }

    /** The state a legal intent leads to from {@code from} (the same state for in-place intents), or empty. */
    public static Optional<InfusionState> target(InfusionState from, IntentKind kind) {
        return Optional.ofNullable(TABLE.getOrDefault(kind, Map.of()).get(from));
    }

    /** The whole table, for documentation and tests. */
    public static Map<InfusionState, InfusionState> rowsFor(IntentKind kind) {
        return Collections.unmodifiableMap(TABLE.getOrDefault(kind, Map.of()));
    }
}
