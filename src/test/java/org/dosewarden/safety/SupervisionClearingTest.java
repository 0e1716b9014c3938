package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * When the condition behind a supervision alarm goes away, the clinician sees it go: a link that answers again,
 * volume flowing again after no progress, delivery back on track after under-infusion, a long step finally
 * delivered; and a leased pump that runs past its lease is stopped, naming the step.
 */
class SupervisionClearingTest {

    static Step reading(TestChannel ch, long rate, long counter) {
        return ch.reading(PumpActivity.INFUSING, rate, counter);
    }

    @Test
    @DisplayName("SR-D1: a pump answering again after a lost link is journaled, and the link alarm's condition clears (latched until acknowledged)")
    void linkAnswersAgain() {
        TestChannel ch = JournalRecordsTest.running();
        ch.feed(new Event.LinkLost(ch.now(), "port closed"));
        Step back = ch.reading(PumpActivity.STOPPED, 0, 1_145);
        assertEquals(List.of("INTERLOCK pump answers again",
                "ALARM_CLEARED alarm #1 LINK_LOST condition cleared (latched until acknowledged)"),
                JournalRecordsTest.lines(back).subList(0, 2));
        assertFalse(ch.alarmOf(AlarmType.LINK_LOST).conditionActive());
        assertFalse(ch.state.linkLost());
    }

    @Test
    @DisplayName("SR-A6: after 5 min without progress the alarm is raised; when volume flows again its condition clears")
    void noProgressClearsWhenVolumeFlows() {
        TestChannel ch = JournalRecordsTest.running();
        for (int i = 0; i < 6 * 6; i++) {
            ch.advance(Duration.ofSeconds(10));
            reading(ch, 52_500, 1_145);
        }
        assertTrue(ch.alarmOf(AlarmType.NO_PROGRESS).conditionActive());
        ch.advance(Duration.ofSeconds(1));
        reading(ch, 52_500, 1_160);
        assertFalse(ch.alarmOf(AlarmType.NO_PROGRESS).conditionActive());
        assertFalse(ch.hasAlarm(AlarmType.NO_PROGRESS_WARNING));
    }

    @Test
    @DisplayName("SR-A6: an under-infusion warning goes away by itself once delivery is back within tolerance")
    void underInfusionClearsWhenBackOnTrack() {
        TestChannel ch = JournalRecordsTest.running();
        long counter = 1_145;
        for (int i = 0; i < 6 * 7; i++) {
            ch.advance(Duration.ofSeconds(10));
            counter += 73;                                  // half the rate: 52.5 mL/h is 145.8 µL per 10 s
            reading(ch, 52_500, counter);
        }
        assertTrue(ch.hasAlarm(AlarmType.UNDER_INFUSION), ch.state.alarms().toString());
        ch.advance(Duration.ofSeconds(10));
        long expected = 52_500L * (10 + 43 * 10) / 3600;  // back to what the rate should have delivered
        reading(ch, 52_500, 1_000 + expected);
        assertFalse(ch.hasAlarm(AlarmType.UNDER_INFUSION), ch.state.alarms().toString());
    }

    @Test
    @DisplayName("SR-A7: a step running past 125 % of its time is alarmed for that step; when it is finally delivered the condition clears")
    void longStepClearsWhenDelivered() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 0);
        ch.program(TestChannel.twoStep());
        ch.start();
        reading(ch, 231_000, 0);
        long counter = 0;
        while (counter < 7_700) {
            ch.advance(Duration.ofSeconds(10));
            counter = Math.min(7_700, counter + 321);       // half of 231 mL/h: the 2 min step takes 4 min
            reading(ch, 231_000, counter);
            if (counter < 7_700 && ch.state.infusion() != InfusionState.RUNNING) {
                throw new AssertionError("stopped: " + ch.state.alarms());
            }
        }
        assertTrue(ch.alarmOf(AlarmType.STEP_DURATION_EXCEEDED).conditionActive());
        ch.advance(Duration.ofMillis(250));
        ch.reading(PumpActivity.STOPPED, 231_000, 7_700);  // the pump stopped itself at the step's VTBI
        Alarm long1 = ch.alarmOf(AlarmType.STEP_DURATION_EXCEEDED);
        assertEquals("step 1", long1.subject());
        assertFalse(long1.conditionActive());
        assertEquals(1, ch.state.session().stepIndex());
    }

    @Test
    @DisplayName("SR-A4, SR-D1: a pump without a watchdog that runs past its delivery lease is stopped with VTBI_IGNORED naming the step")
    void pastTheLeaseStops() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.program(TestChannel.leasedKetamine(Duration.ofSeconds(30)));
        ch.start();
        reading(ch, 52_500, 1_000);
        for (int s = 10; s <= 40; s += 10) {
            ch.advance(Duration.ofSeconds(10));
            reading(ch, 52_500, 1_000 + 52_500L * s / 3600);
        }
        Step past = ch.steps.getLast();
        assertEquals(InfusionState.FAULT, past.state().infusion(), ch.state.alarms().toString());
        Alarm a = ch.alarmOf(AlarmType.VTBI_IGNORED);
        assertEquals("step 1", a.subject());
        assertEquals("pump ran past its delivery lease: 0.583 mL delivered, armed until 0.437 mL; without a pump "
                + "watchdog it cannot be left running", a.detail());
    }

    @Test
    @DisplayName("SR-A4, SR-D1: a leased pump that stopped at the end of its lease is armed for the next lease, read back, and the renewal journaled")
    void leaseRenewal() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.program(TestChannel.leasedKetamine(Duration.ofSeconds(30)));
        ch.start();
        reading(ch, 52_500, 1_000);
        for (int s = 10; s <= 20; s += 10) {
            ch.advance(Duration.ofSeconds(10));
            reading(ch, 52_500, 1_000 + 52_500L * s / 3600);
        }
        ch.advance(Duration.ofMillis(9_970));
        Step renewed = ch.reading(PumpActivity.STOPPED, 52_500, 1_437);
        assertEquals(List.of(new PumpCommand.ProgramStep(0, FlowRate.ofMicrolitresPerHour(52_500), Volume.ofMicrolitres(437)),
                PumpCommand.START, PumpCommand.READ_BACK), renewed.commands());
        assertTrue(JournalRecordsTest.lines(renewed).contains(
                "INTERLOCK delivery lease of step 1 used up (pump stopped at 0.437 mL): renewed, VTBI 0.437 mL"),
                JournalRecordsTest.lines(renewed).toString());
        assertEquals(InfusionState.RUNNING, renewed.state().infusion());
    }
}
