package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.dosewarden.dose.library.VitalSign;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SR-O3: the discharge refusals a clinician reads during after-care: the time still to wait (seconds under a
 * minute, whole minutes rounded up above it), the period in all, and only the alarms that must be acknowledged.
 */
class AfterCareTextTest {

    static TestChannel completedWithMonitoring(Duration monitoring) {
        InfusionProgram watched = TestChannel.monitoredKetamine(monitoring);
        TestChannel ch = TestChannel.completed(watched);
        return ch;
    }

    static Step discharge(TestChannel ch) {
        return ch.feed(new Intent.DischargePatient(ch.now(), ch.by("dr.b"), true));
    }

    @Test
    @DisplayName("SR-O3: with 30 s of a 1 min watch left the refusal says 30 s more (1 min in all)")
    void secondsLeftUnderAMinute() {
        TestChannel ch = completedWithMonitoring(Duration.ofMinutes(1));
        ch.advance(Duration.ofSeconds(30));
        assertEquals("cannot discharge: monitoring runs 30 s more (1 min in all); a discharge before then needs an "
                + "override with a reason", discharge(ch).refusal().reason());
    }

    @Test
    @DisplayName("SR-O3: with 90 s of a 2 min watch left the refusal rounds up to 2 min more, never down")
    void minutesLeftRoundUp() {
        TestChannel ch = completedWithMonitoring(Duration.ofMinutes(2));
        ch.advance(Duration.ofSeconds(30));
        assertEquals("cannot discharge: monitoring runs 2 min more (2 min in all); a discharge before then needs an "
                + "override with a reason", discharge(ch).refusal().reason());
    }

    @Test
    @DisplayName("SR-O3: after the watch a discharge waits only for the latched alarms to be acknowledged, and names just those")
    void dischargeNamesOnlyLatchedAlarms() {
        TestChannel ch = completedWithMonitoring(Duration.ofMinutes(1));
        ch.vitals(VitalValue.of(VitalSign.SPO2, 85));
        ch.advance(Duration.ofSeconds(30));
        ch.feed(new Event.PumpAnswered(ch.now()));
        ch.tick();
        ch.advance(Duration.ofSeconds(31));
        ch.feed(new Event.PumpAnswered(ch.now()));
        ch.tick();
        Alarm vitals = ch.alarmOf(AlarmType.AFTER_CARE_VITALS);
        ch.alarmOf(AlarmType.AFTER_CARE_VITALS_STALE);
        assertEquals("cannot discharge: acknowledge the alarms first: [#" + vitals.id() + " AFTER_CARE_VITALS]",
                discharge(ch).refusal().reason());
    }

    @Test
    @DisplayName("SR-O3: closing a monitored session with a reason takes its after-care staleness notices with it")
    void closingTakesTheStalenessNotices() {
        TestChannel ch = completedWithMonitoring(Duration.ofMinutes(30));
        ch.advance(Duration.ofSeconds(31));
        ch.feed(new Event.PumpAnswered(ch.now()));
        ch.tick();
        ch.alarmOf(AlarmType.AFTER_CARE_VITALS_STALE);
        Step end = ch.feed(new Intent.EndSession(ch.now(), ch.by("dr.a"), "transferred to the ward"));
        assertEquals(InfusionState.IDLE, end.state().infusion());
        assertEquals(java.util.List.of(), end.state().alarms().stream()
                .filter(a -> a.type() == AlarmType.AFTER_CARE_VITALS_STALE).toList());
    }
}
