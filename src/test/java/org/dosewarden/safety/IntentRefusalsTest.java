package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dosewarden.safety.JournalRecord.RecordType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SR-I2 SR-C2 SR-C3: what the clinician is told when a request is refused: the kind, the exact reason, the state
 * kept, no pump command, and the refusal journaled with who asked.
 */
class IntentRefusalsTest {

    /** Asserts {@code step} refused {@code kind} with {@code reason}, changing nothing and commanding nothing. */
    static void refused(TestChannel ch, Step step, Refusal.Kind kind, String reason, InfusionState kept) {
        assertNotNull(step.refusal(), "expected a refusal, got " + step.records());
        assertEquals(kind, step.refusal().kind());
        assertEquals(reason, step.refusal().reason());
        assertEquals(kept, ch.state.infusion());
        assertEquals(List.of(), step.commands());
        JournalRecord r = step.records().getFirst();
        assertEquals(RecordType.INTENT_REFUSED, r.type());
        assertTrue(r.summary().endsWith(" refused: " + reason), r.summary());
    }

    @Test
    @DisplayName("SR-I2: the programming clinician cannot confirm a high-alert program; a second clinician can")
    void confirmNeedsASecondClinician() {
        TestChannel ch = new TestChannel().into(InfusionState.AWAITING_CONFIRMATION);
        Step same = ch.feed(new Intent.ConfirmProgram(ch.now(), ch.by("dr.a")));
        refused(ch, same, Refusal.Kind.NOT_PERMITTED, "the second clinician must be a different user than dr.a, who programmed it (SR-I2)",
                InfusionState.AWAITING_CONFIRMATION);
        Step other = ch.feed(new Intent.ConfirmProgram(ch.now(), ch.by("dr.b")));
        assertNull(other.refusal());
        assertEquals(InfusionState.PROGRAMMED, ch.state.infusion());
    }

    @Test
    @DisplayName("SR-C2: acknowledging an alarm that is not active is refused, naming the alarm and the channel")
    void acknowledgeUnknownAlarm() {
        TestChannel ch = new TestChannel().into(InfusionState.PROGRAMMED);
        refused(ch, ch.ack(999), Refusal.Kind.INVALID, "there is no active alarm #999 on channel a", InfusionState.PROGRAMMED);
    }

    @Test
    @DisplayName("SR-V1: overriding the vitals gate needs a reason, and a program with a vitals profile to override")
    void vitalsOverride() {
        TestChannel ch = new TestChannel().into(InfusionState.PROGRAMMED);
        refused(ch, ch.feed(new Intent.OverrideVitalsGate(ch.now(), ch.by("dr.a"), " ")), Refusal.Kind.INVALID,
                "an override of the vitals gate needs a reason", InfusionState.PROGRAMMED);
        TestChannel none = new TestChannel();
        none.reading(PumpActivity.STOPPED, 0, 1_000);
        none.program(TestChannel.ketamine(null));
        refused(none, none.feed(new Intent.OverrideVitalsGate(none.now(), none.by("dr.a"), "patient known hypertensive")),
                Refusal.Kind.INVALID, "this program has no vitals profile to override", InfusionState.PROGRAMMED);
    }

    @Test
    @DisplayName("SR-C3: resetting a trip, resetting the emergency stop and ending a faulted session each need a reason")
    void resetsNeedAReason() {
        TestChannel tripped = new TestChannel().into(InfusionState.TRIPPED);
        refused(tripped, tripped.feed(new Intent.ResetTrip(tripped.now(), tripped.by("dr.a"), "")), Refusal.Kind.INVALID,
                "resetting a TRIPPED infusion needs a reason", InfusionState.TRIPPED);
        TestChannel fault = new TestChannel().into(InfusionState.FAULT);
        refused(fault, fault.feed(new Intent.EndSession(fault.now(), fault.by("dr.a"), "")), Refusal.Kind.INVALID,
                "ending a FAULT infusion needs a reason", InfusionState.FAULT);
        TestChannel idle = new TestChannel().into(InfusionState.IDLE);
        refused(idle, idle.feed(new Intent.ResetEmergencyStop(idle.now(), idle.by("dr.a"), "")), Refusal.Kind.INVALID,
                "resetting the emergency stop needs a reason", InfusionState.IDLE);
        refused(idle, idle.feed(new Intent.ResetEmergencyStop(idle.now(), idle.by("dr.a"), "released after the check")),
                Refusal.Kind.INVALID, "no emergency stop is latched", InfusionState.IDLE);
    }

    @Test
    @DisplayName("SR-D1: a start before the pump has ever answered is blocked, naming why")
    void startBeforeThePumpAnswered() {
        TestChannel ch = new TestChannel();
        ch.program(TestChannel.ketamine(null));
        assertEquals(InfusionState.PROGRAMMED, ch.state.infusion());
        Step step = ch.start();
        refused(ch, step, Refusal.Kind.BLOCKED, "cannot start: the pump has not answered since dosewarden started; its state is unknown",
                InfusionState.PROGRAMMED);
        assertTrue(step.records().getFirst().reasons().contains("the pump is not confirmed stopped"), step.records().toString());
    }
}
