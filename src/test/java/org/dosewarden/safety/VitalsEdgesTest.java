package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.library.VitalSign;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Vitals supervision at its exact edges, while running and during after-care monitoring, with the texts the
 * clinician reads: the SpO2 hold (30 s), the continuous-sign gap (30 s), the blood-pressure age (15 min), the
 * start gate's 10 min, and which limit a breach names.
 */
class VitalsEdgesTest {

    /** The designed vitals profile (not required), 40 min of ketamine and 2 h of after-care. */
    static InfusionProgram monitored() {
        return TestChannel.monitoredKetamine(Duration.ofHours(2));
    }

    /** Completed, monitoring begun, every sign read at the moment of completion, alarms acknowledged. */
    static TestChannel monitoring() {
        TestChannel ch = TestChannel.completed(monitored());
        assertTrue(ch.state.session().monitoring() != null);
        return ch;
    }

    /** A clock tick with the pump answering just before it (the link stays up). */
    static Step tick(TestChannel ch) {
        ch.feed(new Event.PumpAnswered(ch.now()));
        return ch.tick();
    }

    static Step continuousSigns(TestChannel ch) {
        return ch.vitals(VitalValue.of(VitalSign.HEART_RATE, 72), VitalValue.of(VitalSign.SPO2, 98),
                VitalValue.of(VitalSign.RESPIRATORY_RATE, 14));
    }

    static List<String> subjects(ChannelState s, AlarmType type) {
        return s.alarms().stream().filter(a -> a.type() == type).map(Alarm::subject).sorted().toList();
    }

    @Test
    @DisplayName("SR-O3: during after-care a low SpO2 held for exactly 30 s, read 30 s ago, is an alarm; nothing is paused or sent")
    void afterCareSpo2HoldEdge() {
        TestChannel ch = monitoring();
        ch.vitals(VitalValue.of(VitalSign.SPO2, 85));
        ch.advance(Duration.ofSeconds(30));
        Step tick = tick(ch);
        Alarm a = ch.alarmOf(AlarmType.AFTER_CARE_VITALS);
        assertEquals("SPO2", a.subject());
        assertEquals("SpO2 85 % beyond the hard limit [SpO2 < 90 %]", a.detail());
        assertEquals(List.of(), tick.commands());
        assertEquals(InfusionState.COMPLETED, tick.state().infusion());
    }

    @Test
    @DisplayName("SR-O3: during after-care a continuous sign read exactly 30 s ago is fresh, 31 s ago stale (blood pressure has its own 15 min)")
    void afterCareContinuousGapEdge() {
        TestChannel ch = monitoring();
        ch.advance(Duration.ofSeconds(30));
        assertEquals(List.of(), tick(ch).alarmsRaised());
        ch.advance(Duration.ofSeconds(1));
        tick(ch);
        assertEquals(List.of("HEART_RATE", "RESPIRATORY_RATE", "SPO2"), subjects(ch.state, AlarmType.AFTER_CARE_VITALS_STALE));
        assertEquals("SpO2 last seen 31 s ago (limit 30 s)", ch.state.alarms().stream()
                .filter(x -> x.subject().equals("SPO2")).findFirst().orElseThrow().detail());
    }

    @Test
    @DisplayName("SR-O3: during after-care blood pressure read exactly 15 min ago is fresh; one second more and its staleness is alarmed in seconds")
    void afterCareBloodPressureAgeEdge() {
        TestChannel ch = monitoring();
        ch.advance(Duration.ofMinutes(15));
        continuousSigns(ch);
        tick(ch);
        assertEquals(List.of(), subjects(ch.state, AlarmType.AFTER_CARE_VITALS_STALE));
        ch.advance(Duration.ofSeconds(1));
        continuousSigns(ch);
        tick(ch);
        assertEquals(List.of("SYSTOLIC_BP"), subjects(ch.state, AlarmType.AFTER_CARE_VITALS_STALE));
        assertEquals("systolic blood pressure not seen for 901 s (limit 15 min)",
                ch.alarmOf(AlarmType.AFTER_CARE_VITALS_STALE).detail());
    }

    @Test
    @DisplayName("SR-A1: while running, a low SpO2 held exactly 30 s and read 30 s ago pauses the pump; the other signs, 30 s old, are not stale")
    void runningSpo2HoldEdge() {
        TestChannel ch = new TestChannel().into(InfusionState.RUNNING);
        ch.vitals(VitalValue.of(VitalSign.SPO2, 85));
        ch.advance(Duration.ofSeconds(30));
        Step tick = tick(ch);
        assertEquals(InfusionState.PAUSED, tick.state().infusion());
        assertEquals(List.of(PumpCommand.PAUSE, PumpCommand.READ_BACK), tick.commands());
        assertEquals("SpO2 85 % beyond the hard limit [SpO2 < 90 %]", ch.alarmOf(AlarmType.VITALS_HARD_BREACH).detail());
        assertFalse(ch.hasAlarm(AlarmType.VITALS_STALE));
    }

    @Test
    @DisplayName("SR-A1: a hard breach names only the limit it breaks: heart rate 135 against [heart rate ≥ 130 /min]")
    void hardBreachNamesItsLimit() {
        TestChannel ch = new TestChannel().into(InfusionState.RUNNING);
        Step breach = ch.vitals(VitalValue.of(VitalSign.HEART_RATE, 135));
        assertEquals(InfusionState.PAUSED, breach.state().infusion());
        assertEquals("heart rate 135 /min beyond the hard limit [heart rate ≥ 130 /min]",
                ch.alarmOf(AlarmType.VITALS_HARD_BREACH).detail());
    }

    @Test
    @DisplayName("SR-A1: a soft breach on two consecutive readings names only the alert limit it breaks")
    void softBreachNamesItsLimit() {
        TestChannel ch = new TestChannel().into(InfusionState.RUNNING);
        ch.vitals(VitalValue.of(VitalSign.HEART_RATE, 115));
        assertFalse(ch.hasAlarm(AlarmType.VITALS_SOFT_BREACH));
        ch.vitals(VitalValue.of(VitalSign.HEART_RATE, 115));
        assertEquals("heart rate 115 /min on 2 consecutive readings, alert limit [heart rate ≥ 110 /min]",
                ch.alarmOf(AlarmType.VITALS_SOFT_BREACH).detail());
        assertEquals(InfusionState.RUNNING, ch.state.infusion());
    }

    @Test
    @DisplayName("SR-A1: before the start a low SpO2 held past 30 s raises no hard-breach alarm; it blocks the start by name instead")
    void lowSpo2BeforeTheStartBlocksIt() {
        TestChannel ch = new TestChannel().into(InfusionState.PROGRAMMED);
        ch.vitals(VitalValue.of(VitalSign.SPO2, 85));
        ch.advance(Duration.ofSeconds(31));
        Step again = ch.vitals(VitalValue.of(VitalSign.SPO2, 85));
        assertEquals(List.of(), again.alarmsRaised());
        Step start = ch.start();
        assertEquals(Refusal.Kind.BLOCKED, start.refusal().kind());
        assertEquals("cannot start: latest SpO2 85 % is beyond the start limit SpO2 < 94 %", start.refusal().reason());
    }

    @Test
    @DisplayName("SR-A1: the start gate takes a reading exactly 10 min old; one a second older is refused as missing")
    void startGateAgeEdge() {
        TestChannel ch = new TestChannel().into(InfusionState.PROGRAMMED);
        ch.advance(Duration.ofMinutes(10));
        Step start = ch.start();
        assertNull(start.refusal(), () -> String.valueOf(start.refusal()));

        TestChannel old = new TestChannel().into(InfusionState.PROGRAMMED);
        old.advance(Duration.ofMinutes(10).plusSeconds(1));
        Step late = old.start();
        assertEquals("cannot start: no systolic blood pressure reading within the last 10 min", late.refusal().reason());
    }

    @Test
    @DisplayName("SR-A1: when required vitals return, the missing-vitals alarm's condition clears (it stays latched until acknowledged)")
    void requiredVitalsReturn() {
        InfusionProgram p = TestChannel.ketamine(TestChannel.defaultVitals(true));
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.normalVitals();
        ch.program(p);
        ch.start();
        ch.reading(PumpActivity.INFUSING, 52_500, 1_000);
        ch.advance(Duration.ofSeconds(31));
        tick(ch);
        assertEquals(InfusionState.PAUSED, ch.state.infusion());
        assertTrue(ch.alarmOf(AlarmType.VITALS_MISSING).conditionActive());
        ch.normalVitals();
        Alarm missing = ch.alarmOf(AlarmType.VITALS_MISSING);
        assertFalse(missing.conditionActive());
    }

    @Test
    @DisplayName("SR-G1: an empty vitals message is journaled as such; a normal one without a session leaves no record")
    void emptyVitalsMessage() {
        TestChannel ch = new TestChannel();
        Step empty = ch.vitals();
        assertEquals(List.of("INTERLOCK empty vitals message"), JournalRecordsTest.lines(empty));
        assertEquals(List.of(), JournalRecordsTest.lines(ch.normalVitals()));
    }

    @Test
    @DisplayName("SR-A1: while running, a continuous sign read exactly 30 s ago is fresh; at 31 s it is stale, in seconds, and the warning goes when it is read again")
    void runningContinuousGapEdge() {
        TestChannel ch = new TestChannel().into(InfusionState.RUNNING);
        ch.advance(java.time.Duration.ofSeconds(30));
        tick(ch);
        assertFalse(ch.hasAlarm(AlarmType.VITALS_STALE));
        ch.advance(java.time.Duration.ofSeconds(1));
        tick(ch);
        assertEquals(List.of("HEART_RATE", "RESPIRATORY_RATE", "SPO2"), subjects(ch.state, AlarmType.VITALS_STALE));
        assertEquals("SpO2 last seen 31 s ago (limit 30 s)", ch.state.alarms().stream()
                .filter(x -> x.subject().equals("SPO2")).findFirst().orElseThrow().detail());
        assertEquals(InfusionState.RUNNING, ch.state.infusion());
        continuousSigns(ch);
        assertEquals(List.of(), subjects(ch.state, AlarmType.VITALS_STALE));
    }
}
