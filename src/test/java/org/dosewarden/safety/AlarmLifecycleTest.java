package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.library.VitalSign;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the clinician sees of an alarm from raise to acknowledgement: its number, that it comes back while its
 * condition persists (SR-C2), that a latched alarm stays until acknowledged, the pump action of the table
 * (SR-C1), and what an unanswered or refused command does (SR-D2).
 */
class AlarmLifecycleTest {

    static List<String> lines(Step step) {
        return JournalRecordsTest.lines(step);
    }

    @Test
    @DisplayName("SR-C2: a lost link acknowledged while the pump is still silent is raised again on the next tick, with a new number")
    void linkLostComesBackAfterAcknowledgement() {
        TestChannel ch = JournalRecordsTest.running();
        Step lost = ch.feed(new Event.LinkLost(ch.now(), "port closed"));
        assertEquals(1, ch.alarmOf(AlarmType.LINK_LOST).id());
        assertEquals(List.of(PumpCommand.STOP, PumpCommand.READ_BACK), lost.commands());
        ch.ack(1);
        assertFalse(ch.hasAlarm(AlarmType.LINK_LOST));
        Step tick = ch.tick();
        Alarm again = ch.alarmOf(AlarmType.LINK_LOST);
        assertEquals(2, again.id());
        assertEquals("still no answer from the pump", again.detail());
        assertEquals(List.of("ALARM_RAISED HIGH alarm #2 LINK_LOST: No contact with the pump: delivery cannot be verified; "
                + "stop sent and the pump's watchdog stops it.", "PUMP_COMMANDS pump commands: [StopPump[], ReadBack[]]"),
                lines(tick));
        assertEquals(3, ch.state.nextAlarmId());
    }

    @Test
    @DisplayName("SR-C2: an emergency stop acknowledged while its input still reads 'stop' is raised again on the next tick")
    void emergencyStopComesBackWhileTheInputIsActive() {
        TestChannel ch = JournalRecordsTest.running();
        ch.feed(new Event.EmergencyStopPressed(ch.now(), "gpio17"));
        ch.ackAll();
        assertFalse(ch.hasAlarm(AlarmType.EMERGENCY_STOP));
        ch.tick();
        assertEquals("emergency stop input still active", ch.alarmOf(AlarmType.EMERGENCY_STOP).detail());
        Step released = ch.feed(new Event.EmergencyStopReleased(ch.now(), "gpio17"));
        assertEquals(List.of("INTERLOCK emergency stop input released (gpio17); the latch stays until a clinician resets it"),
                lines(released));
        ch.ackAll();
        ch.tick();
        assertFalse(ch.hasAlarm(AlarmType.EMERGENCY_STOP));
        assertTrue(ch.state.emergencyStopLatched());
    }

    @Test
    @DisplayName("SR-C4, SR-C2: a journal failure stays latched after the journal is back; acknowledged while it persists it comes back")
    void journalFailureLatchesAndComesBack() {
        TestChannel ch = JournalRecordsTest.running();
        Step failed = ch.feed(new Event.JournalWriteFailed(ch.now(), "disk full"));
        assertEquals(List.of(), failed.commands());
        assertEquals(InfusionState.RUNNING, failed.state().infusion());
        Step restored = ch.feed(new Event.JournalRestored(ch.now()));
        assertEquals(List.of("ALARM_CLEARED alarm #1 JOURNAL_FAILURE condition cleared (latched until acknowledged)"),
                lines(restored));
        Alarm latched = ch.alarmOf(AlarmType.JOURNAL_FAILURE);
        assertFalse(latched.conditionActive());
        assertEquals(1, restored.alarmsCleared().size());

        // The condition returns before anyone acknowledged: the same alarm holds again, nothing new is raised.
        Step again = ch.feed(new Event.JournalWriteFailed(ch.now(), "disk full again"));
        assertEquals(List.of(), again.alarmsRaised());
        assertEquals(List.of(), lines(again));
        Alarm holds = ch.alarmOf(AlarmType.JOURNAL_FAILURE);
        assertEquals(1, holds.id());
        assertTrue(holds.conditionActive());
        assertEquals("disk full", holds.detail());

        ch.ack(1);
        Step tick = ch.tick();
        assertEquals("journal still cannot be written", ch.alarmOf(AlarmType.JOURNAL_FAILURE).detail());
        assertEquals(AlarmType.JOURNAL_FAILURE, tick.alarmsRaised().getFirst().type());
        ch.feed(new Event.JournalRestored(ch.now()));
        ch.ackAll();
        ch.tick();
        assertFalse(ch.hasAlarm(AlarmType.JOURNAL_FAILURE));
    }

    @Test
    @DisplayName("SR-D1: a channel whose pump never answered has no link timer: hours of ticks raise no link alarm")
    void noLinkAlarmBeforeThePumpEverAnswered() {
        TestChannel ch = new TestChannel();
        ch.advance(Duration.ofHours(2));
        Step tick = ch.tick();
        assertEquals(List.of(), tick.alarmsRaised());
        assertFalse(ch.state.linkLost());
    }

    @Test
    @DisplayName("SR-D1: the link is lost only after more than the link timeout of silence (2 s): not at 2 s, at 2.001 s")
    void linkTimeoutEdge() {
        TestChannel ch = JournalRecordsTest.running();
        ch.advance(Duration.ofSeconds(2));
        assertEquals(List.of(), ch.tick().alarmsRaised());
        ch.advance(Duration.ofMillis(1));
        Step lost = ch.tick();
        assertEquals(InfusionState.FAULT, lost.state().infusion());
        assertEquals("no answer from the pump for 2001 ms (limit 2000 ms)", ch.alarmOf(AlarmType.LINK_LOST).detail());
    }

    @Test
    @DisplayName("SR-C1: a pausing alarm raised while the infusion is already paused sends no second pause")
    void aPausingAlarmWhilePausedSendsNothing() {
        TestChannel ch = new TestChannel().into(InfusionState.PAUSED);
        ch.vitals(VitalValue.of(VitalSign.SPO2, 85));
        ch.advance(Duration.ofSeconds(40));
        Step breach = ch.vitals(VitalValue.of(VitalSign.SPO2, 85));
        assertEquals(AlarmType.VITALS_HARD_BREACH, breach.alarmsRaised().getFirst().type());
        assertEquals(List.of(), breach.commands());
        assertEquals(InfusionState.PAUSED, breach.state().infusion());
    }

    @Test
    @DisplayName("SR-C1: a pump alarm reported again while the channel is already faulted stops the pump again, without a second alarm")
    void aRepeatedPumpAlarmStopsAgain() {
        TestChannel ch = JournalRecordsTest.running();
        ch.feed(new Event.PumpAlarmReported(ch.now(), PumpAlarmKind.STALL, "A?S"));
        Step again = ch.feed(new Event.PumpAlarmReported(ch.now(), PumpAlarmKind.STALL, "A?S"));
        assertEquals(List.of(PumpCommand.STOP, PumpCommand.READ_BACK), again.commands());
        assertEquals(List.of(), again.alarmsRaised());
        assertEquals(1, again.state().alarms().size());
        assertEquals(Duration.ofSeconds(10).toNanos(), again.state().session().stepRunNanos(),
                "the step ran 10 s before the stall; its running time stops there");
    }

    @Test
    @DisplayName("SR-D5, SR-D1: a lost link during keep-vein-open faults the channel and ends the keep-vein-open")
    void linkLostDuringKeepVeinOpenEndsIt() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 0);
        ch.program(TestChannel.program("kvo", List.of(new org.dosewarden.dose.plan.PlannedStep(
                org.dosewarden.dose.quantity.FlowRate.ofMicrolitresPerHour(60_000),
                org.dosewarden.dose.quantity.Volume.ofMicrolitres(2_000), Duration.ofMinutes(2))), false,
                new KeepVeinOpen(org.dosewarden.dose.quantity.FlowRate.ofMicrolitresPerHour(1_000),
                        org.dosewarden.dose.quantity.Volume.ofMicrolitres(500)), null));
        ch.start();
        ch.advance(Duration.ofMinutes(2));
        ch.reading(PumpActivity.STOPPED, 60_000, 2_000);
        assertTrue(ch.state.session().keepVeinOpenRunning());
        Step lost = ch.feed(new Event.LinkLost(ch.now(), "port closed"));
        assertEquals(InfusionState.FAULT, lost.state().infusion());
        assertFalse(lost.state().session().keepVeinOpenRunning());
        assertEquals(List.of(PumpCommand.STOP, PumpCommand.READ_BACK), lost.commands());
    }

    @Test
    @DisplayName("SR-D2: an unanswered stop is sent again with a read-back, and the uncertainty is alarmed; a refused read-back is read again")
    void unansweredStopIsRepeated() {
        TestChannel ch = JournalRecordsTest.running();
        Step timedOut = ch.feed(new Event.CommandOutcome(ch.now(), PumpCommand.STOP, CommandResult.TIMED_OUT,
                "no reply in 2 s"));
        assertEquals(List.of(PumpCommand.STOP, PumpCommand.READ_BACK), timedOut.commands());
        assertEquals("StopPump[] unanswered: no reply in 2 s", ch.alarmOf(AlarmType.COMMAND_UNCERTAIN).detail());
        assertTrue(ch.state.uncertain());
        Step refused = ch.feed(new Event.CommandOutcome(ch.now(), PumpCommand.READ_BACK, CommandResult.REFUSED, "E07"));
        assertEquals(List.of(PumpCommand.READ_BACK), refused.commands());
        assertTrue(ch.state.uncertain());
    }

    @Test
    @DisplayName("SR-D2: a status read refused on a quiet channel is an uncertainty, named with the pump's answer")
    void refusedReadBackIsUncertain() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        Step refused = ch.feed(new Event.CommandOutcome(ch.now(), PumpCommand.READ_BACK, CommandResult.REFUSED, "E07"));
        assertEquals(List.of(PumpCommand.READ_BACK), refused.commands());
        assertEquals("status read refused: E07", ch.alarmOf(AlarmType.COMMAND_UNCERTAIN).detail());
    }

    @Test
    @DisplayName("SR-D2, SR-C1: a start the pump refuses faults the channel and stops the pump, the command named")
    void refusedStartFaults() {
        TestChannel ch = JournalRecordsTest.running();
        Step refused = ch.feed(new Event.CommandOutcome(ch.now(), PumpCommand.START, CommandResult.REFUSED, "E12"));
        assertEquals(List.of(PumpCommand.STOP, PumpCommand.READ_BACK), refused.commands());
        assertEquals(InfusionState.FAULT, refused.state().infusion());
        Alarm a = ch.alarmOf(AlarmType.COMMAND_REFUSED);
        assertEquals("StartPump", a.subject());
        assertEquals("StartPump[] refused by the pump: E12", a.detail());
    }

    @Test
    @DisplayName("SR-G2: after a restart of dosewarden the old link loss and the unanswered command are cleared (the pump is read again)")
    void recoveryClearsLinkAndUncertainty() {
        TestChannel ch = JournalRecordsTest.running();
        ch.feed(new Event.CommandOutcome(ch.now(), PumpCommand.READ_BACK, CommandResult.TIMED_OUT, "no reply"));
        ch.feed(new Event.LinkLost(ch.now(), "port closed"));
        Step recovered = ch.feed(new Event.DaemonRecovered(ch.now(), "power failure"));
        assertFalse(ch.state.linkLost());
        assertFalse(ch.state.uncertain());
        assertFalse(ch.hasAlarm(AlarmType.COMMAND_UNCERTAIN));
        assertFalse(ch.alarmOf(AlarmType.LINK_LOST).conditionActive());
        assertEquals(List.of(AlarmType.LINK_LOST, AlarmType.COMMAND_UNCERTAIN),
                recovered.alarmsCleared().stream().map(Alarm::type).toList());
    }

    @Test
    @DisplayName("SR-G2: a restart of dosewarden during an infusion pauses it with an alarm a clinician must answer")
    void recoveryWhileRunningPauses() {
        TestChannel ch = JournalRecordsTest.running();
        Step recovered = ch.feed(new Event.DaemonRecovered(ch.now(), "power failure"));
        assertEquals(InfusionState.PAUSED, recovered.state().infusion());
        assertEquals(List.of(PumpCommand.PAUSE, PumpCommand.READ_BACK, PumpCommand.READ_BACK), recovered.commands());
        assertEquals("the process ended while the infusion was running; power failure",
                ch.alarmOf(AlarmType.DAEMON_RESTARTED).detail());
    }

    @Test
    @DisplayName("SR-D2: an unanswered pause is sent again; an unanswered read-back is only read again")
    void unansweredPauseIsRepeatedReadBackIsNot() {
        TestChannel ch = JournalRecordsTest.running();
        Step pause = ch.feed(new Event.CommandOutcome(ch.now(), PumpCommand.PAUSE, CommandResult.TIMED_OUT, "no reply"));
        assertEquals(List.of(PumpCommand.PAUSE, PumpCommand.READ_BACK), pause.commands());
        Step read = ch.feed(new Event.CommandOutcome(ch.now(), PumpCommand.READ_BACK, CommandResult.TIMED_OUT, "no reply"));
        assertEquals(List.of(PumpCommand.READ_BACK), read.commands());
    }

    @Test
    @DisplayName("SR-A6: a pump that answers but sends no readings while running is warned about on the clock after 2 min without progress")
    void noProgressOnTheClockAlone() {
        TestChannel ch = JournalRecordsTest.running();
        for (int i = 0; i < 125; i++) {
            ch.advance(Duration.ofSeconds(1));
            ch.feed(new Event.PumpAnswered(ch.now()));
            ch.tick();
        }
        assertEquals(InfusionState.RUNNING, ch.state.infusion(), ch.state.alarms().toString());
        assertTrue(ch.hasAlarm(AlarmType.NO_PROGRESS_WARNING), ch.state.alarms().toString());
    }
}
