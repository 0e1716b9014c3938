package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.dosewarden.safety.JournalRecord.RecordType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the supervision does with each pump reading outside the running windows (SupervisionWindowsTest has
 * those): a pump that runs while it should not, free flow after a stop, a counter that goes back, a pump that
 * answers again, a stop the pump was not told to make. Each asserts what the clinician sees: the alarm with its
 * exact text, the pump stopped, the delivered total. Program: 5 mL at 60 mL/h, readings at exact virtual times.
 */
class SupervisionReadingsTest {

    private static final long RATE = 60_000;

    private static TestChannel started() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 0);
        ch.program(InterlockTest.short60("rd"));
        ch.start();
        return ch;
    }

    private static Alarm raised(Step s, AlarmType type) {
        return s.alarmsRaised().stream().filter(a -> a.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " raised: " + s.alarmsRaised()));
    }

    private static boolean raises(Step s, AlarmType type) {
        return s.alarmsRaised().stream().anyMatch(a -> a.type() == type);
    }

    private static boolean journals(Step s, RecordType type, String summary) {
        return s.records().stream().anyMatch(r -> r.type() == type && r.summary().equals(summary));
    }

    @Test
    @DisplayName("SR-A5: a programmed pump that reports INFUSING before any start is stopped with PUMP_RUNNING_UNCOMMANDED")
    void uncommandedRunIsStopped() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 0);
        ch.program(InterlockTest.short60("rd"));
        Step s = ch.reading(PumpActivity.INFUSING, RATE, 0);
        Alarm a = raised(s, AlarmType.PUMP_RUNNING_UNCOMMANDED);
        assertEquals("pump reports INFUSING at 60 mL/h while the infusion is PROGRAMMED", a.detail());
        assertEquals(AlarmPriority.HIGH, a.priority());
        assertTrue(s.commands().contains(PumpCommand.STOP), String.valueOf(s.commands()));
    }

    @Test
    @DisplayName("SR-A5: after a stop the coasting reading is not free flow; 50 µL more is allowed, the 51st trips FREE_FLOW")
    void freeFlowBoundaryAfterStop() {
        for (long extra : new long[] {50, 51}) {
            TestChannel ch = started();
            ch.advance(Duration.ofSeconds(10));
            ch.reading(PumpActivity.INFUSING, RATE, 160);
            ch.stop();
            ch.advance(Duration.ofMillis(250));
            // The first reading after the stop: 30 µL of coasting, far below nothing, never free flow.
            Step coast = ch.reading(PumpActivity.STOPPED, RATE, 190);
            assertFalse(raises(coast, AlarmType.FREE_FLOW), String.valueOf(coast.alarmsRaised()));
            ch.advance(Duration.ofSeconds(1));
            Step s = ch.reading(PumpActivity.STOPPED, RATE, 190 + extra);
            if (extra == 50) {
                assertFalse(raises(s, AlarmType.FREE_FLOW), String.valueOf(s.alarmsRaised()));
                assertEquals(InfusionState.STOPPED, s.state().infusion());
            } else {
                Alarm a = raised(s, AlarmType.FREE_FLOW);
                assertEquals("0.051 mL counted while the pump reports STOPPED (limit 0.05 mL)", a.detail());
                assertEquals(AlarmPriority.HIGH, a.priority());
                assertEquals(InfusionState.FAULT, s.state().infusion());
                assertTrue(s.commands().contains(PumpCommand.STOP), String.valueOf(s.commands()));
            }
            assertEquals(190 + extra, s.state().delivered().microlitres(), "every µL after the stop is counted");
        }
    }

    @Test
    @DisplayName("SR-A5: free flow adds up over readings: 30 µL then 21 µL trips, 30 then 20 does not")
    void freeFlowAccumulates() {
        for (long second : new long[] {20, 21}) {
            TestChannel ch = started();
            ch.advance(Duration.ofSeconds(10));
            ch.reading(PumpActivity.INFUSING, RATE, 160);
            ch.stop();
            ch.reading(PumpActivity.STOPPED, RATE, 160);
            ch.advance(Duration.ofSeconds(1));
            assertFalse(raises(ch.reading(PumpActivity.STOPPED, RATE, 190), AlarmType.FREE_FLOW));
            ch.advance(Duration.ofSeconds(1));
            Step s = ch.reading(PumpActivity.STOPPED, RATE, 190 + second);
            assertEquals(second == 21, raises(s, AlarmType.FREE_FLOW), String.valueOf(s.alarmsRaised()));
        }
    }

    @Test
    @DisplayName("SR-G2: a pump counter that goes back while running trips PUMP_COUNTER_RESET, stops, and keeps the delivered total")
    void counterGoingBackWhileRunning() {
        TestChannel ch = started();
        ch.advance(Duration.ofSeconds(10));
        ch.reading(PumpActivity.INFUSING, RATE, 160);
        ch.advance(Duration.ofMillis(250));
        Step s = ch.reading(PumpActivity.INFUSING, RATE, 5);
        Alarm a = raised(s, AlarmType.PUMP_COUNTER_RESET);
        assertEquals("counter went back to 0.005 mL", a.detail());
        assertTrue(s.commands().contains(PumpCommand.STOP), String.valueOf(s.commands()));
        assertTrue(journals(s, RecordType.COUNTER_CLEARED, "pump counter went back from 0.16 mL to 0.005 mL: taken as "
                + "cleared; delivered total kept at 0.16 mL"), String.valueOf(s.records()));
        // What the pump counted after its clear is delivered too: 160 + 5 µL.
        assertEquals(165, s.state().delivered().microlitres());
        ch.advance(Duration.ofMillis(250));
        assertEquals(170, ch.reading(PumpActivity.STOPPED, RATE, 10).state().delivered().microlitres());
    }

    @Test
    @DisplayName("SR-G2: a counter cleared while idle is journaled and counted from its new value, without an alarm")
    void counterGoingBackWhileIdle() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 500);
        Step s = ch.reading(PumpActivity.STOPPED, 0, 0);
        assertFalse(raises(s, AlarmType.PUMP_COUNTER_RESET), String.valueOf(s.alarmsRaised()));
        assertTrue(s.records().stream().anyMatch(r -> r.type() == RecordType.COUNTER_CLEARED), String.valueOf(s.records()));
        assertEquals(InfusionState.IDLE, s.state().infusion());
    }

    @Test
    @DisplayName("SR-G2: the first reading of a session counts nothing of what the pump counted before it")
    void firstReadingSetsTheBaseline() {
        TestChannel ch = new TestChannel();
        ch.program(InterlockTest.short60("rd"));
        ch.start();
        Step first = ch.reading(PumpActivity.INFUSING, RATE, 7_000);
        assertEquals(0, first.state().delivered().microlitres());
        ch.advance(Duration.ofSeconds(1));
        assertEquals(16, ch.reading(PumpActivity.INFUSING, RATE, 7_016).state().delivered().microlitres());
    }

    @Test
    @DisplayName("SR-D1: a pump answering after LINK_LOST is journaled and the link alarm clears")
    void pumpAnswersAgain() {
        TestChannel ch = started();
        ch.reading(PumpActivity.INFUSING, RATE, 0);
        ch.advance(Duration.ofSeconds(3));
        Step lost = ch.tick();
        assertTrue(raises(lost, AlarmType.LINK_LOST), String.valueOf(lost.alarmsRaised()));
        ch.advance(Duration.ofMillis(250));
        Step back = ch.reading(PumpActivity.STOPPED, RATE, 48);
        assertTrue(journals(back, RecordType.INTERLOCK, "pump answers again"), String.valueOf(back.records()));
        assertTrue(back.alarmsCleared().stream().anyMatch(a -> a.type() == AlarmType.LINK_LOST)
                || back.state().alarms().stream().noneMatch(a -> a.type() == AlarmType.LINK_LOST && !a.latched()),
                String.valueOf(back.state().alarms()));
        ch.advance(Duration.ofMillis(250));
        assertFalse(journals(ch.reading(PumpActivity.STOPPED, RATE, 48), RecordType.INTERLOCK, "pump answers again"));
    }

    @Test
    @DisplayName("SR-D2: an uncertain start is resolved by the next reading, which is journaled with the pump's mode and rate")
    void uncertainResolvedByReading() {
        TestChannel ch = started();
        ch.feed(new Event.CommandOutcome(ch.now(), PumpCommand.START, CommandResult.TIMED_OUT, "no answer in 1 s"));
        ch.advance(Duration.ofMillis(250));
        Step s = ch.reading(PumpActivity.INFUSING, RATE, 4);
        assertTrue(journals(s, RecordType.INTERLOCK, "uncertain command outcome resolved by readback: pump INFUSING at 60 mL/h"),
                String.valueOf(s.records()));
        assertEquals(InfusionState.RUNNING, s.state().infusion());
        ch.advance(Duration.ofMillis(250));
        assertFalse(ch.reading(PumpActivity.INFUSING, RATE, 8).records().stream()
                .anyMatch(r -> r.summary().startsWith("uncertain command outcome")));
    }

    @Test
    @DisplayName("SR-D2: after an uncertain start a stopped pump is judged at once, inside the grace: PUMP_STOPPED_UNEXPECTEDLY")
    void uncertainStartStoppedPumpTripsInsideGrace() {
        TestChannel ch = started();
        ch.feed(new Event.CommandOutcome(ch.now(), PumpCommand.START, CommandResult.TIMED_OUT, "no answer in 1 s"));
        ch.advance(Duration.ofMillis(250));
        Step s = ch.reading(PumpActivity.STOPPED, RATE, 0);
        Alarm a = raised(s, AlarmType.PUMP_STOPPED_UNEXPECTEDLY);
        assertEquals("pump reports STOPPED with 5 mL of step 1 left", a.detail());
        assertTrue(s.commands().contains(PumpCommand.STOP), String.valueOf(s.commands()));
    }

    @Test
    @DisplayName("SR-A6: a started pump still stopped is given the 30 s grace, then stopped with PUMP_STOPPED_UNEXPECTEDLY")
    void stoppedPumpAfterGrace() {
        TestChannel ch = started();
        ch.advance(Duration.ofMillis(29_999));
        Step inGrace = ch.reading(PumpActivity.STOPPED, RATE, 0);
        assertFalse(raises(inGrace, AlarmType.PUMP_STOPPED_UNEXPECTEDLY), String.valueOf(inGrace.alarmsRaised()));
        assertEquals(InfusionState.RUNNING, inGrace.state().infusion());
        ch.advance(Duration.ofMillis(1));
        Step s = ch.reading(PumpActivity.STOPPED, RATE, 0);
        assertEquals("pump reports STOPPED with 5 mL of step 1 left", raised(s, AlarmType.PUMP_STOPPED_UNEXPECTEDLY).detail());
    }

    @Test
    @DisplayName("SR-A6: a pump reporting a mode the driver does not know is stopped at once, inside the grace")
    void otherModeTripsAtOnce() {
        TestChannel ch = started();
        ch.advance(Duration.ofSeconds(1));
        Step s = ch.reading(PumpActivity.OTHER, RATE, 0);
        assertEquals("pump reports OTHER with 5 mL of step 1 left", raised(s, AlarmType.PUMP_STOPPED_UNEXPECTEDLY).detail());
    }

    @Test
    @DisplayName("SR-A4: a step may overrun its VTBI by the 100 µL allowance and completes; one µL more trips VTBI_IGNORED")
    void stepVolumeAllowance() {
        TestChannel ch = started();
        ch.advance(Duration.ofMinutes(5));
        Step atLimit = ch.reading(PumpActivity.INFUSING, RATE, 5_100);
        assertFalse(raises(atLimit, AlarmType.VTBI_IGNORED), String.valueOf(atLimit.alarmsRaised()));
        assertEquals(InfusionState.COMPLETED, atLimit.state().infusion());

        TestChannel over = started();
        over.advance(Duration.ofMinutes(5));
        Step s = over.reading(PumpActivity.INFUSING, RATE, 5_101);
        Alarm a = raised(s, AlarmType.VTBI_IGNORED);
        assertEquals("step 1 delivered 5.101 mL, its volume to be infused is 5 mL", a.detail());
        assertEquals("step 1", a.subject());
        assertTrue(s.commands().contains(PumpCommand.STOP), String.valueOf(s.commands()));
    }

    @Test
    @DisplayName("SR-A4 multi-step: a pump that stops one counter step short of step 1's VTBI has finished it: step 2 is armed")
    void pumpStoppedOneStepShortAdvances() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 0);
        ch.program(TestChannel.twoStep());
        ch.start();
        ch.advance(Duration.ofMinutes(2));
        Step s = ch.reading(PumpActivity.STOPPED, 231_000, 7_699);
        assertTrue(s.commands().contains(new PumpCommand.ProgramStep(1, org.dosewarden.dose.quantity.FlowRate
                .ofMicrolitresPerHour(50_400), org.dosewarden.dose.quantity.Volume.ofMicrolitres(42_000))),
                String.valueOf(s.commands()));
        assertTrue(journals(s, RecordType.INTERLOCK, "step 1 delivered (7.699 mL of 7.7 mL)"), String.valueOf(s.records()));
        assertFalse(raises(s, AlarmType.PUMP_STOPPED_UNEXPECTEDLY), String.valueOf(s.alarmsRaised()));

        TestChannel shortBy2 = new TestChannel();
        shortBy2.reading(PumpActivity.STOPPED, 0, 0);
        shortBy2.program(TestChannel.twoStep());
        shortBy2.start();
        shortBy2.advance(Duration.ofMinutes(2));
        Step stopped = shortBy2.reading(PumpActivity.STOPPED, 231_000, 7_698);
        assertEquals("pump reports STOPPED with 0.002 mL of step 1 left",
                raised(stopped, AlarmType.PUMP_STOPPED_UNEXPECTEDLY).detail());
    }

    @Test
    @DisplayName("SR-G1: every counted volume is journaled with the delta and the running total")
    void countedVolumeIsJournaled() {
        TestChannel ch = started();
        ch.advance(Duration.ofSeconds(1));
        ch.reading(PumpActivity.INFUSING, RATE, 16);
        ch.advance(Duration.ofSeconds(1));
        Step s = ch.reading(PumpActivity.INFUSING, RATE, 33);
        assertTrue(journals(s, RecordType.VOLUME_COUNTED, "delivered +0.017 mL = 0.033 mL"), String.valueOf(s.records()));
    }

    @Test
    @DisplayName("SR-A7: the under-infusion warning says what was delivered and for how long it has been below expected")
    void underInfusionSaysHowLong() {
        TestChannel ch = started();
        Step warned = null;
        for (int t = 1; t <= 400 && warned == null; t++) {
            ch.advance(Duration.ofSeconds(1));
            Step s = ch.reading(PumpActivity.INFUSING, RATE, t);
            if (raises(s, AlarmType.UNDER_INFUSION)) {
                warned = s;
            }
        }
        assertTrue(warned != null, "no UNDER_INFUSION in 400 s at 1 µL/s");
        assertEquals("delivered 0.345 mL since the segment began; below expected for 300 s",
                raised(warned, AlarmType.UNDER_INFUSION).detail());
        assertEquals(InfusionState.RUNNING, warned.state().infusion(), "a warning: the infusion goes on");
    }
}
