package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.safety.JournalRecord.RecordType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SR-O3 in the pure core: the monitoring phase after delivery, what it allows (no plain end, no start) and how a
 * session closes: discharge sign-off (period over, escort, alarms acknowledged) or an override with a reason.
 */
class AfterCareTest {

    private static final Duration TWO_HOURS = Duration.ofHours(2);

    /** The 40-minute ketamine program with the designed vitals profile and 2 h of after-care. */
    private static InfusionProgram monitored() {
        return TestChannel.monitoredKetamine(TWO_HOURS);
    }

    /** Programs, starts and completes the monitored session (35 mL delivered), alarms acknowledged. */
    private static TestChannel completed() {
        TestChannel ch = TestChannel.completed(monitored());
        return ch;
    }

    private static Step discharge(TestChannel ch, boolean escort) {
        return ch.feed(new Intent.DischargePatient(ch.now(), ch.by("dr.b"), escort));
    }

    @Test
    @DisplayName("SR-O3: completion begins the monitoring phase (journaled with the period); a plain end is refused")
    void completionBeginsMonitoring() {
        TestChannel ch = completed();
        assertNotNull(ch.state.session().monitoring());
        assertTrue(ch.steps.stream().flatMap(s -> s.records().stream())
                .anyMatch(r -> r.type() == RecordType.AFTER_CARE && r.summary().contains("watched for 2 h")
                        && r.facts().get("monitoringAfter").equals("PT2H")));
        Step end = ch.feed(new Intent.EndSession(ch.now(), ch.by("dr.a"), ""));
        assertEquals(Refusal.Kind.BLOCKED, end.refusal().kind());
        assertTrue(end.refusal().reason().contains("2 h of after-care monitoring"), end.refusal().reason());
        assertTrue(end.refusal().reason().contains("without a reason"), end.refusal().reason());
        assertTrue(end.refusal().reason().contains("2 h to go"), end.refusal().reason());
        assertEquals(InfusionState.COMPLETED, end.state().infusion());
        Step start = ch.start();
        assertEquals(Refusal.Kind.ILLEGAL_STATE, start.refusal().kind(), "no new start on a monitored session");
    }

    @Test
    @DisplayName("SR-O3: discharge before the period is over is refused naming the time left; after it, with an escort, "
            + "the session closes and the sign-off is journaled with who and how long")
    void dischargeAfterThePeriod() {
        TestChannel ch = completed();
        ch.advance(Duration.ofMinutes(90));
        ch.normalVitals();
        Step early = discharge(ch, true);
        assertEquals(Refusal.Kind.BLOCKED, early.refusal().kind());
        assertTrue(early.refusal().reason().contains("monitoring runs 30 min more"), early.refusal().reason());
        Step noEscort = discharge(ch, false);
        assertEquals(Refusal.Kind.INVALID, noEscort.refusal().kind());
        assertTrue(noEscort.refusal().reason().contains("escort"), noEscort.refusal().reason());

        ch.advance(Duration.ofMinutes(30));
        ch.normalVitals();
        Step done = discharge(ch, true);
        assertNull(done.refusal(), () -> String.valueOf(done.refusal()));
        assertEquals(InfusionState.IDLE, done.state().infusion());
        JournalRecord signOff = done.records().stream().filter(r -> r.type() == RecordType.AFTER_CARE).findFirst()
                .orElseThrow();
        assertTrue(signOff.summary().contains("patient discharged by dr.b after 2 h of monitoring; escort confirmed"),
                signOff.summary());
        assertEquals("true", signOff.facts().get("escortConfirmed"));
        assertEquals(RecordType.INTENT_ACCEPTED, done.records().getFirst().type());
    }

    @Test
    @DisplayName("SR-O3: an end with a reason overrides the monitoring and closes the session at any time; without one it is refused")
    void overrideWithReason() {
        TestChannel ch = completed();
        ch.advance(Duration.ofMinutes(20));
        Step blank = ch.feed(new Intent.EndSession(ch.now(), ch.by("dr.a"), " "));
        assertEquals(Refusal.Kind.BLOCKED, blank.refusal().kind());
        assertTrue(blank.refusal().reason().contains("1 h 40 min to go"), blank.refusal().reason());
        Step closed = ch.feed(new Intent.EndSession(ch.now(), ch.by("dr.a"), "transferred to the ward"));
        assertNull(closed.refusal());
        assertEquals(InfusionState.IDLE, closed.state().infusion());
        assertTrue(closed.records().stream().anyMatch(r -> r.type() == RecordType.AFTER_CARE
                && r.summary().contains("without a discharge sign-off (monitored for 20 min of 2 h): transferred to the ward")),
                closed.records().toString());
        assertEquals(List.of("transferred to the ward"), closed.records().getFirst().reasons());
    }

    @Test
    @DisplayName("SR-O3: vitals keep alarming during monitoring (hard breach and stale: alarms, no state change); "
            + "discharge waits for the alarm to be acknowledged")
    void vitalsDuringMonitoring() {
        TestChannel ch = completed();
        ch.advance(Duration.ofMinutes(5));
        Step hard = ch.vitals(VitalValue.of(VitalSign.SYSTOLIC_BP, 185), VitalValue.of(VitalSign.DIASTOLIC_BP, 95));
        assertEquals(InfusionState.COMPLETED, hard.state().infusion());
        assertTrue(ch.hasAlarm(AlarmType.AFTER_CARE_VITALS), ch.state.alarms().toString());
        assertEquals(AlarmPriority.HIGH, ch.alarmOf(AlarmType.AFTER_CARE_VITALS).priority());
        assertFalse(hard.commands().contains(PumpCommand.START));

        ch.advance(Duration.ofMinutes(16));
        ch.reading(PumpActivity.STOPPED, 0, 36_000);
        ch.tick();
        assertTrue(ch.state.alarms().stream().anyMatch(a -> a.type() == AlarmType.AFTER_CARE_VITALS_STALE
                && a.subject().equals(VitalSign.SYSTOLIC_BP.name())), "blood pressure older than 15 min");
        ch.feed(new Event.LinkLost(ch.now(), "cable pulled"));
        assertEquals(InfusionState.FAULT, ch.state.infusion());
        ch.vitals(VitalValue.of(VitalSign.HEART_RATE, 140));
        assertTrue(ch.state.alarms().stream().anyMatch(a -> a.type() == AlarmType.AFTER_CARE_VITALS
                && a.subject().equals(VitalSign.HEART_RATE.name())), "a pump fault does not end the watch");
        ch.feed(new Intent.StopInfusion(ch.now(), ch.by("dr.a")));
        ch.feed(new Event.LinkRestored(ch.now()));
        ch.reading(PumpActivity.STOPPED, 0, 36_000);
        assertEquals(InfusionState.STOPPED, ch.state.infusion());
        ch.advance(TWO_HOURS);
        ch.normalVitals();
        assertFalse(ch.hasAlarm(AlarmType.AFTER_CARE_VITALS_STALE), "a reading clears staleness");
        Step blocked = discharge(ch, true);
        assertEquals(Refusal.Kind.BLOCKED, blocked.refusal().kind());
        assertTrue(blocked.refusal().reason().contains("acknowledge the alarms first"), blocked.refusal().reason());
        ch.ackAll();
        assertNull(discharge(ch, true).refusal());
    }

    @Test
    @DisplayName("SR-O3, SR-G2: a stopped session with drug given is monitored too; a restart begins the period again in full")
    void stoppedAndRestarted() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.normalVitals();
        ch.program(monitored());
        ch.start();
        ch.reading(PumpActivity.INFUSING, 52_500, 1_000);
        ch.advance(Duration.ofMinutes(10));
        ch.reading(PumpActivity.INFUSING, 52_500, 9_750);
        ch.stop();
        ch.reading(PumpActivity.STOPPED, 0, 9_750);
        assertEquals(InfusionState.STOPPED, ch.state.infusion());
        assertNotNull(ch.state.session().monitoring());
        ch.advance(Duration.ofMinutes(110));
        Step recovered = ch.feed(new Event.DaemonRecovered(ch.now(), "restart"));
        assertTrue(recovered.records().stream().anyMatch(r -> r.type() == RecordType.AFTER_CARE
                && r.summary().contains("begins again for 2 h")));
        ch.advance(Duration.ofMinutes(30));
        ch.normalVitals();
        Step early = discharge(ch, true);
        assertEquals(Refusal.Kind.BLOCKED, early.refusal().kind(), "the 110 minutes before the restart do not count");
        assertTrue(early.refusal().reason().contains("1 h 30 min more"), early.refusal().reason());
    }

    @Test
    @DisplayName("SR-O3: a session that gave no drug owes no monitoring and ends as before; replay rebuilds the phase exactly")
    void nothingGivenAndReplay() {
        TestChannel none = new TestChannel();
        none.reading(PumpActivity.STOPPED, 0, 1_000);
        none.normalVitals();
        none.program(monitored());
        none.start();
        none.stop();
        none.reading(PumpActivity.STOPPED, 0, 1_000);
        assertNull(none.state.session().monitoring());
        assertNull(none.feed(new Intent.EndSession(none.now(), none.by("dr.a"), "")).refusal());

        TestChannel ch = completed();
        ch.advance(Duration.ofMinutes(3));
        ch.tick();
        assertEquals(ch.state, Replay.replay(ch.initial, ch.events), "replay gives the monitoring phase back");
    }
}
