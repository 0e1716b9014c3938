package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.plan.InfusionPlan;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Clinician intents at their edges: a request at the very moment it expires, the reasons journaled with an
 * accepted intent, the running time a pause or stop closes, the restart limiter's window to the nanosecond and
 * across a restart of dosewarden, and what ending a session clears.
 */
class IntentEdgesTest {

    static ClinicianRequest expiringIn(TestChannel ch, Duration left) {
        return new ClinicianRequest("dr.a", ch.now().wall(), ch.nanos + left.toNanos());
    }

    @Test
    @DisplayName("SR-D3: a start arriving exactly at its expiry is carried out; 1.5 s after it, it is refused saying how late it was")
    void staleEdge() {
        TestChannel late = new TestChannel();
        late.reading(PumpActivity.STOPPED, 0, 1_000);
        late.program(TestChannel.ketamine(null));
        Step refused = late.feed(new Intent.StartInfusion(late.now(), expiringIn(late, Duration.ofMillis(-1500))));
        assertEquals(Refusal.Kind.STALE, refused.refusal().kind());
        assertEquals("the request to start expired 1500 ms before it could be carried out (SR-D3); nothing was done",
                refused.refusal().reason());
        assertEquals(List.of(), refused.commands());

        Step onTime = late.feed(new Intent.StartInfusion(late.now(), expiringIn(late, Duration.ZERO)));
        assertNull(onTime.refusal(), () -> String.valueOf(onTime.refusal()));
        assertEquals(InfusionState.RUNNING, onTime.state().infusion());
    }

    @Test
    @DisplayName("SR-A7: a step's running time counts only while it runs: 10 s, a pause, 5 s more, a stop: 15 s")
    void stepRunningTimeAcrossPauseAndStop() {
        TestChannel ch = JournalRecordsTest.running();
        ch.pause();
        assertEquals(Duration.ofSeconds(10).toNanos(), ch.state.session().stepRunNanos());
        ch.reading(PumpActivity.PAUSED, 0, 1_145);
        ch.advance(Duration.ofMinutes(3));
        ch.reading(PumpActivity.PAUSED, 0, 1_145);
        ch.resume();
        ch.reading(PumpActivity.INFUSING, 52_500, 1_145);
        ch.advance(Duration.ofSeconds(5));
        ch.reading(PumpActivity.INFUSING, 52_500, 1_218);
        Step stop = ch.stop();
        assertEquals(InfusionState.STOPPED, stop.state().infusion());
        assertEquals(Duration.ofSeconds(15).toNanos(), ch.state.session().stepRunNanos());
        assertEquals(List.of(PumpCommand.STOP, PumpCommand.READ_BACK), stop.commands());
    }

    @Test
    @DisplayName("SR-C3: a trip reset is refused while its alarm is unacknowledged, naming the alarm")
    void resetNamesTheUnacknowledgedAlarm() {
        TestChannel ch = JournalRecordsTest.running();
        ch.feed(new Event.PumpAlarmReported(ch.now(), PumpAlarmKind.STALL, "A?S"));
        ch.reading(PumpActivity.STOPPED, 0, 1_145);
        Step reset = ch.feed(new Intent.ResetTrip(ch.now(), ch.by("dr.a"), "line checked"));
        assertEquals(Refusal.Kind.BLOCKED, reset.refusal().kind());
        assertEquals("cannot reset the trip: acknowledge the alarms first: [#1 PUMP_STALL]", reset.refusal().reason());
        ch.ackAll();
        Step done = ch.feed(new Intent.ResetTrip(ch.now(), ch.by("dr.a"), "line checked"));
        assertNull(done.refusal());
        assertEquals(List.of("line checked"), done.records().getFirst().reasons());
        assertEquals(InfusionState.PAUSED, done.state().infusion());
    }

    @Test
    @DisplayName("SR-C2: resetting a released emergency stop clears its condition; the alarm stays until acknowledged")
    void emergencyStopResetClearsTheCondition() {
        TestChannel ch = JournalRecordsTest.running();
        ch.feed(new Event.EmergencyStopPressed(ch.now(), "gpio17"));
        ch.feed(new Event.EmergencyStopReleased(ch.now(), "gpio17"));
        Step reset = ch.feed(new Intent.ResetEmergencyStop(ch.now(), ch.by("dr.a"), "drill over"));
        assertNull(reset.refusal());
        assertFalse(ch.state.emergencyStopLatched());
        assertFalse(ch.alarmOf(AlarmType.EMERGENCY_STOP).conditionActive());
        assertEquals(List.of("INTENT_ACCEPTED ResetEmergencyStop by dr.a accepted",
                "ALARM_CLEARED alarm #1 EMERGENCY_STOP condition cleared (latched until acknowledged)"),
                JournalRecordsTest.lines(reset));
        assertEquals(List.of("drill over"), reset.records().getFirst().reasons());
    }

    /** Stalls the running pump (a FAULT trip), acknowledges, resets and resumes; returns the resume's step. */
    static Step stallResetResume(TestChannel ch, PumpAlarmKind kind) {
        ch.feed(new Event.PumpAlarmReported(ch.now(), kind, "A?" + kind.name().charAt(0)));
        ch.reading(PumpActivity.STOPPED, 0, 1_145);
        ch.ackAll();
        Step reset = ch.feed(new Intent.ResetTrip(ch.now(), ch.by("dr.a"), "checked"));
        assertNull(reset.refusal(), () -> String.valueOf(reset.refusal()));
        Step resume = ch.resume();
        if (!resume.refused()) {
            ch.reading(PumpActivity.INFUSING, 52_500, 1_145);
        }
        return resume;
    }

    @Test
    @DisplayName("SR-C3: three stops by the same alarm with the third exactly 10 min after the first lock restarts")
    void restartWindowIsInclusive() {
        TestChannel ch = JournalRecordsTest.running();
        assertFalse(stallResetResume(ch, PumpAlarmKind.STALL).refused());
        ch.advance(Duration.ofMinutes(1));
        assertFalse(stallResetResume(ch, PumpAlarmKind.STALL).refused());
        ch.advance(Duration.ofMinutes(9));
        Step third = stallResetResume(ch, PumpAlarmKind.STALL);
        assertEquals(Refusal.Kind.BLOCKED, third.refusal().kind());
        assertTrue(ch.state.restartLocked());
        Alarm limit = ch.steps.stream().flatMap(s -> s.alarmsRaised().stream())
                .filter(a -> a.type() == AlarmType.RESTART_LIMIT).findFirst().orElseThrow();
        assertEquals("PUMP_STALL stopped the infusion 3 times within 10 min (SR-C3)", limit.detail());
    }

    @Test
    @DisplayName("SR-C3: a stop more than 10 min ago no longer counts: the third stop 10 min and 1 ns after the first does not lock")
    void restartWindowEndsAfterTenMinutes() {
        TestChannel ch = JournalRecordsTest.running();
        stallResetResume(ch, PumpAlarmKind.STALL);
        ch.advance(Duration.ofMinutes(1));
        stallResetResume(ch, PumpAlarmKind.STALL);
        ch.advance(Duration.ofMinutes(9).plusNanos(1));
        assertFalse(stallResetResume(ch, PumpAlarmKind.STALL).refused());
        assertFalse(ch.state.restartLocked());
    }

    @Test
    @DisplayName("SR-C3: only stops by the same alarm count: two stalls and a program error do not lock")
    void restartLimitCountsOneAlarmType() {
        TestChannel ch = JournalRecordsTest.running();
        stallResetResume(ch, PumpAlarmKind.STALL);
        stallResetResume(ch, PumpAlarmKind.PROGRAM_ERROR);
        assertFalse(stallResetResume(ch, PumpAlarmKind.STALL).refused());
        assertFalse(ch.state.restartLocked());
    }

    @Test
    @DisplayName("SR-C3, SR-G2: the restart limit cannot be escaped by a crash: stops before a restart of dosewarden count as just happened")
    void restartLimitSurvivesACrash() {
        TestChannel ch = JournalRecordsTest.running();
        stallResetResume(ch, PumpAlarmKind.STALL);
        ch.advance(Duration.ofMinutes(1));
        stallResetResume(ch, PumpAlarmKind.STALL);
        ch.advance(Duration.ofMinutes(8));
        ch.feed(new Event.DaemonRecovered(ch.now(), "power failure"));
        ch.reading(PumpActivity.STOPPED, 0, 1_145);
        ch.ackAll();
        ch.resume();
        ch.reading(PumpActivity.INFUSING, 52_500, 1_145);
        ch.advance(Duration.ofMinutes(3));
        ch.reading(PumpActivity.INFUSING, 52_500, 1_145 + 2_625);
        Step third = stallResetResume(ch, PumpAlarmKind.STALL);
        assertEquals(Refusal.Kind.BLOCKED, third.refusal().kind(), String.valueOf(third.refusal()));
        assertTrue(ch.state.restartLocked());
    }

    @Test
    @DisplayName("SR-C3: ending the session lifts the restart lock and clears its alarm's condition")
    void endingTheSessionLiftsTheLock() {
        TestChannel ch = JournalRecordsTest.running();
        stallResetResume(ch, PumpAlarmKind.STALL);
        stallResetResume(ch, PumpAlarmKind.STALL);
        ch.feed(new Event.PumpAlarmReported(ch.now(), PumpAlarmKind.STALL, "A?S"));
        assertTrue(ch.state.restartLocked());
        assertTrue(ch.alarmOf(AlarmType.RESTART_LIMIT).conditionActive());
        ch.stop();
        Step end = ch.feed(new Intent.EndSession(ch.now(), ch.by("dr.a"), "pump swapped"));
        assertFalse(end.state().restartLocked());
        assertEquals(List.of(), end.state().trips());
        assertFalse(ch.alarmOf(AlarmType.RESTART_LIMIT).conditionActive());
    }

    @Test
    @DisplayName("SR-A4: ending a completed session takes the completion notice away with it")
    void endingACompletedSessionClearsTheNotice() {
        TestChannel ch = JournalRecordsTest.running();
        ch.advance(Duration.ofMinutes(40));
        ch.reading(PumpActivity.STOPPED, 52_500, 36_000);
        ch.reading(PumpActivity.STOPPED, 52_500, 36_000);
        assertEquals(InfusionState.COMPLETED, ch.state.infusion());
        assertTrue(ch.hasAlarm(AlarmType.INFUSION_COMPLETE));
        ch.feed(new Intent.EndSession(ch.now(), ch.by("dr.a"), ""));
        assertFalse(ch.hasAlarm(AlarmType.INFUSION_COMPLETE));
        assertEquals(InfusionState.IDLE, ch.state.infusion());
    }

    @Test
    @DisplayName("SR-O3: an accepted discharge is journaled with the escort confirmed")
    void dischargeJournalsTheEscort() {
        InfusionProgram p = TestChannel.ketamine(null);
        InfusionProgram watched = new InfusionProgram(p.sessionId(), p.patientId(),
                new InfusionPlan(p.plan().drugId(), p.plan().steps()), false, KeepVeinOpen.NONE, null,
                p.rateResolution(), p.volumeResolution(), p.settings(), Duration.ofMinutes(30));
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.program(watched);
        ch.start();
        ch.reading(PumpActivity.INFUSING, 52_500, 1_000);
        ch.advance(Duration.ofMinutes(40));
        ch.reading(PumpActivity.STOPPED, 52_500, 36_000);
        ch.reading(PumpActivity.STOPPED, 52_500, 36_000);
        ch.ackAll();
        ch.advance(Duration.ofMinutes(31));
        Step done = ch.feed(new Intent.DischargePatient(ch.now(), ch.by("dr.b"), true));
        assertNull(done.refusal(), () -> String.valueOf(done.refusal()));
        assertEquals("DischargePatient by dr.b accepted", done.records().getFirst().summary());
        assertEquals(List.of("escort confirmed"), done.records().getFirst().reasons());
    }

    @Test
    @DisplayName("SR-C2: a trip reset waits only for latched alarms: a passing notice (an invalid vital value) does not block it")
    void resetIgnoresPassingNotices() {
        TestChannel ch = JournalRecordsTest.running();
        ch.feed(new Event.PumpAlarmReported(ch.now(), PumpAlarmKind.STALL, "A?S"));
        ch.reading(PumpActivity.STOPPED, 0, 1_145);
        ch.vitals(VitalValue.of(org.dosewarden.dose.library.VitalSign.SPO2, 0));
        assertTrue(ch.hasAlarm(AlarmType.VITALS_INVALID));
        ch.ack(ch.alarmOf(AlarmType.PUMP_STALL).id());
        Step reset = ch.feed(new Intent.ResetTrip(ch.now(), ch.by("dr.a"), "line checked"));
        assertNull(reset.refusal(), () -> String.valueOf(reset.refusal()));
    }

    @Test
    @DisplayName("SR-A1, SR-G1: a start over the vitals gate is journaled with who overrode it, why, and what the gate said")
    void vitalsGateOverrideIsJournaled() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.program(TestChannel.ketamine(TestChannel.defaultVitals(false)));
        assertEquals(Refusal.Kind.BLOCKED, ch.start().refusal().kind());
        ch.feed(new Intent.OverrideVitalsGate(ch.now(), ch.by("dr.b"), "monitor being fetched"));
        Step start = ch.start();
        assertNull(start.refusal(), () -> String.valueOf(start.refusal()));
        JournalRecord override = start.records().stream()
                .filter(r -> r.summary().startsWith("vitals gate overridden")).findFirst().orElseThrow();
        assertEquals("vitals gate overridden by dr.b: monitor being fetched", override.summary());
        assertEquals(List.of("no systolic blood pressure reading within the last 10 min",
                "no diastolic blood pressure reading within the last 10 min", "no heart rate reading within the last 10 min",
                "no SpO2 reading within the last 10 min"), override.reasons());
    }

    @Test
    @DisplayName("SR-A1: a new program starts the alert-limit count again: one reading at the limit from the last session does not count")
    void newProgramResetsTheSoftStreak() {
        TestChannel ch = new TestChannel().into(InfusionState.PROGRAMMED);
        ch.vitals(VitalValue.of(org.dosewarden.dose.library.VitalSign.HEART_RATE, 110));
        ch.feed(new Intent.EndSession(ch.now(), ch.by("dr.a"), ""));
        ch.program(TestChannel.ketamine(TestChannel.defaultVitals(false)));
        assertNull(ch.start().refusal());
        ch.reading(PumpActivity.INFUSING, 52_500, 1_000);
        ch.vitals(VitalValue.of(org.dosewarden.dose.library.VitalSign.HEART_RATE, 110));
        assertFalse(ch.hasAlarm(AlarmType.VITALS_SOFT_BREACH));
        ch.vitals(VitalValue.of(org.dosewarden.dose.library.VitalSign.HEART_RATE, 110));
        assertTrue(ch.hasAlarm(AlarmType.VITALS_SOFT_BREACH));
    }
}
