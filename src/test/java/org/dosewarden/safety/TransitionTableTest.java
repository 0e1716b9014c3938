package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.safety.JournalRecord.RecordType;
import org.dosewarden.safety.Transitions.IntentKind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (state, intent) pair and every (state, automatic event) pair against the table. */
class TransitionTableTest {

    static Stream<Arguments> everyStateAndIntent() {
        List<Arguments> all = new ArrayList<>();
        for (InfusionState s : InfusionState.values()) {
            for (IntentKind k : IntentKind.values()) {
                all.add(Arguments.of(s, k));
            }
        }
        return all.stream();
    }

    static Intent intentOf(IntentKind kind, TestChannel ch, ClinicianRequest by) {
        Moment at = ch.now();
        return switch (kind) {
            case PROGRAM -> new Intent.ProgramInfusion(at, by, TestChannel.ketamine(null));
            case CONFIRM -> new Intent.ConfirmProgram(at, new ClinicianRequest("dr.b", by.issuedAt(), by.expiresAtNanos()));
            case START -> new Intent.StartInfusion(at, by);
            case PAUSE -> new Intent.PauseInfusion(at, by);
            case RESUME -> new Intent.ResumeInfusion(at, by);
            case STOP -> new Intent.StopInfusion(at, by);
            case ACKNOWLEDGE -> new Intent.AcknowledgeAlarm(at, by, ch.alarmOf(AlarmType.VITALS_INVALID).id());
            case OVERRIDE_VITALS_GATE -> new Intent.OverrideVitalsGate(at, by, "BP cuff failed, manual BP 130/80");
            case RESET_TRIP -> new Intent.ResetTrip(at, by, "line checked, pump replaced");
            case RESET_EMERGENCY_STOP -> new Intent.ResetEmergencyStop(at, by, "button released after drill");
            case END_SESSION -> new Intent.EndSession(at, by, "session over");
            case DISCHARGE -> new Intent.DischargePatient(at, by, true);
        };
    }

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("everyStateAndIntent")
    @DisplayName("SR-D3 table: legal intents reach the table's state; illegal ones are refused, journaled, change nothing")
    void everyIntentInEveryState(InfusionState from, IntentKind kind) {
        TestChannel ch = new TestChannel().into(from);
        if (kind == IntentKind.ACKNOWLEDGE) {
            ch.vitals(VitalValue.invalid(VitalSign.SPO2));
        }
        ChannelState before = ch.state;
        Step step = ch.feed(intentOf(kind, ch, ch.by("dr.a")));
        Optional<InfusionState> target = Transitions.target(from, kind);
        if (target.isEmpty()) {
            assertNotNull(step.refusal(), "illegal " + kind + " in " + from + " must be refused");
            assertEquals(Refusal.Kind.ILLEGAL_STATE, step.refusal().kind());
            assertTrue(step.refusal().reason().contains(from.name()), step.refusal().reason());
            assertEquals(before, step.state());
            assertTrue(step.commands().isEmpty());
            assertTrue(step.alarmsRaised().isEmpty());
            assertEquals(1, step.records().size());
            assertEquals(RecordType.INTENT_REFUSED, step.records().getFirst().type());
            assertTrue(step.records().getFirst().summary().contains(from.name()));
        } else if (kind == IntentKind.RESET_EMERGENCY_STOP) {
            // Legal everywhere, but nothing is latched on these routes: refused as INVALID, nothing changes.
            assertEquals(Refusal.Kind.INVALID, step.refusal().kind());
            assertEquals(before, step.state());
        } else if (kind == IntentKind.DISCHARGE) {
            // SR-O3: legal where delivery has ended, but this program owes no after-care monitoring (AfterCareTest
            // walks the sessions that do): refused as INVALID, nothing changes.
            assertEquals(Refusal.Kind.INVALID, step.refusal().kind());
            assertEquals(before, step.state());
        } else {
            assertNull(step.refusal(), () -> "legal " + kind + " in " + from + " refused: " + step.refusal());
            assertEquals(target.get(), step.state().infusion());
            assertEquals(RecordType.INTENT_ACCEPTED, step.records().getFirst().type());
            if (target.get() != from) {
                assertTrue(step.records().stream().anyMatch(r -> r.type() == RecordType.STATE_CHANGED));
            }
        }
    }

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("everyStateAndIntent")
    @DisplayName("SR-D3: a stale intent is refused and changes nothing (stop and pause still act)")
    void staleIntentsAreRefused(InfusionState from, IntentKind kind) {
        TestChannel ch = new TestChannel().into(from);
        if (kind == IntentKind.ACKNOWLEDGE) {
            ch.vitals(VitalValue.invalid(VitalSign.SPO2));
        }
        ClinicianRequest expired = new ClinicianRequest("dr.a", ch.now().wall(), ch.nanos - 1);
        ChannelState before = ch.state;
        Step step = ch.feed(intentOf(kind, ch, expired));
        if (kind.actsWhenStale()) {
            assertTrue(step.refusal() == null || step.refusal().kind() != Refusal.Kind.STALE);
        } else {
            assertEquals(Refusal.Kind.STALE, step.refusal().kind());
            assertTrue(step.refusal().reason().contains("expired") && step.refusal().reason().contains("SR-D3"));
            assertEquals(before, step.state());
            assertTrue(step.commands().isEmpty());
        }
    }

    /** The expected state after each automatic event, written out by hand (not derived from the code). */
    private static final Map<InfusionState, List<InfusionState>> AUTOMATIC = Map.of(
            // state:              pump stall,                link lost,                 e-stop,                  daemon restart
            InfusionState.IDLE, List.of(InfusionState.IDLE, InfusionState.IDLE, InfusionState.IDLE, InfusionState.IDLE),
            InfusionState.AWAITING_CONFIRMATION, List.of(InfusionState.AWAITING_CONFIRMATION,
                    InfusionState.AWAITING_CONFIRMATION, InfusionState.AWAITING_CONFIRMATION,
                    InfusionState.AWAITING_CONFIRMATION),
            InfusionState.PROGRAMMED, List.of(InfusionState.PROGRAMMED, InfusionState.PROGRAMMED,
                    InfusionState.PROGRAMMED, InfusionState.PROGRAMMED),
            InfusionState.RUNNING, List.of(InfusionState.FAULT, InfusionState.FAULT, InfusionState.TRIPPED,
                    InfusionState.PAUSED),
            InfusionState.PAUSED, List.of(InfusionState.FAULT, InfusionState.FAULT, InfusionState.TRIPPED,
                    InfusionState.PAUSED),
            InfusionState.COMPLETED, List.of(InfusionState.FAULT, InfusionState.FAULT, InfusionState.COMPLETED,
                    InfusionState.COMPLETED),
            InfusionState.STOPPED, List.of(InfusionState.FAULT, InfusionState.FAULT, InfusionState.STOPPED,
                    InfusionState.STOPPED),
            InfusionState.TRIPPED, List.of(InfusionState.FAULT, InfusionState.FAULT, InfusionState.TRIPPED,
                    InfusionState.TRIPPED),
            InfusionState.FAULT, List.of(InfusionState.FAULT, InfusionState.FAULT, InfusionState.FAULT,
                    InfusionState.FAULT));

    @Test
    @DisplayName("SR-C1/SR-D5 table: automatic events force the written-out state, with an alarm whenever the state changes and a stop for STOP alarms")
    void automaticEventsInEveryState() {
        for (InfusionState from : InfusionState.values()) {
            List<InfusionState> expected = AUTOMATIC.get(from);
            for (int i = 0; i < 4; i++) {
                TestChannel ch = new TestChannel().into(from);
                ch.advance(Duration.ofMillis(100));
                Event e = switch (i) {
                    case 0 -> new Event.PumpAlarmReported(ch.now(), PumpAlarmKind.STALL, "A?S");
                    case 1 -> new Event.LinkLost(ch.now(), "port closed");
                    case 2 -> new Event.EmergencyStopPressed(ch.now(), "gpio17");
                    default -> new Event.DaemonRecovered(ch.now(), "restart after SIGKILL");
                };
                Step step = ch.feed(e);
                String what = e.eventType() + " in " + from;
                assertEquals(expected.get(i), step.state().infusion(), what);
                if (expected.get(i) != from) {
                    assertFalse(step.alarmsRaised().isEmpty(), "SR-D5 alarm for " + what);
                }
                if (i <= 2) {
                    assertTrue(step.commands().contains(PumpCommand.STOP), "stop for " + what);
                }
                if (i == 3) {
                    assertFalse(step.commands().contains(PumpCommand.START), what);
                    assertEquals(ch.steps.get(ch.steps.size() - 2).state().delivered(), step.state().delivered());
                }
            }
        }
    }
}
