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
 * SR-D2 in the core: the shell withholds a start that follows a program the pump did not confirm, and says so
 * ({@link CommandResult#WITHHELD}). The core takes the withheld start to a stopped pump as nothing armed: a pump armed
 * one delivery lease at a time is armed again at the next reading (SR-D7), a pump with its own watchdog found
 * stopped with the program in doubt trips, and a pump that was infusing keeps the stretch it was armed with.
 */
class WithheldStartTest {

    static final FlowRate RATE = FlowRate.ofMicrolitresPerHour(52_500);
    /** One 30 s lease at 52.5 mL/h, whole µL. */
    static final Volume LEASE = Volume.ofMicrolitres(437);

    static Step outcome(TestChannel ch, PumpCommand command, CommandResult result, String detail) {
        return ch.feed(new Event.CommandOutcome(ch.now(), command, result, detail));
    }

    /** A leased program started on a pump counting 1,000 µL (the session's 0): its program lost to line noise. */
    static TestChannel leasedStartWhoseProgramFailed() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.program(TestChannel.leasedKetamine(Duration.ofSeconds(30)));
        Step start = ch.start();
        PumpCommand.ProgramStep armed = new PumpCommand.ProgramStep(0, RATE, LEASE);
        assertEquals(List.of(armed, PumpCommand.START, PumpCommand.READ_BACK), start.commands());
        outcome(ch, armed, CommandResult.TIMED_OUT, "13 damaged replies to 'tvolume' (line noise)");
        return ch;
    }

    @Test
    @DisplayName("SR-D2 SR-D7: a withheld start on a leased pump is journaled with its reason, and the next reading of the stopped pump arms the stretch again")
    void leasedPumpIsArmedAgain() {
        TestChannel ch = leasedStartWhoseProgramFailed();
        Step withheld = outcome(ch, PumpCommand.START, CommandResult.WITHHELD, "not sent: the program was not confirmed");
        assertEquals(List.of(PumpCommand.READ_BACK), withheld.commands());
        JournalRecord record = JournalRecordsTest.record(withheld, JournalRecord.RecordType.INTERLOCK);
        assertEquals("pump start withheld: not sent: the program was not confirmed", record.summary());
        assertEquals("0 mL", record.facts().get("armedUntil"), "armed until the session's delivered total");
        assertEquals(Volume.ZERO, withheld.state().session().segment().armedUntil());

        Step reading = ch.reading(PumpActivity.STOPPED, 0, 1_000);
        assertEquals(List.of(new PumpCommand.ProgramStep(0, RATE, LEASE), PumpCommand.START, PumpCommand.READ_BACK),
                reading.commands(), JournalRecordsTest.lines(reading).toString());
        assertEquals(InfusionState.RUNNING, reading.state().infusion());
        assertTrue(reading.alarmsRaised().isEmpty(), reading.alarmsRaised().toString());
        assertFalse(reading.state().uncertain());
        assertEquals(LEASE, reading.state().session().segment().armedUntil());
    }

    @Test
    @DisplayName("SR-D2: a withheld start on a pump with its own watchdog leaves it stopped with the program in doubt, and the next reading trips")
    void watchdogPumpFoundStoppedTrips() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.program(StepArmingTest.tenMicrolitreSteps());
        Step start = ch.start();
        PumpCommand program = start.commands().getFirst();
        outcome(ch, program, CommandResult.TIMED_OUT, "no reply");
        outcome(ch, PumpCommand.START, CommandResult.WITHHELD, "not sent: the program was not confirmed");
        Step reading = ch.reading(PumpActivity.STOPPED, 0, 1_000);
        assertEquals(List.of(AlarmType.PUMP_STOPPED_UNEXPECTEDLY),
                reading.alarmsRaised().stream().map(Alarm::type).toList());
        assertFalse(reading.commands().contains(PumpCommand.START), reading.commands().toString());
    }

    @Test
    @DisplayName("SR-D2: a start withheld while the pump was last read infusing changes nothing of what it was armed with")
    void infusingPumpKeepsItsStretch() {
        TestChannel ch = leasedStartWhoseProgramFailed();
        ch.reading(PumpActivity.INFUSING, 52_500, 1_000);
        Step withheld = outcome(ch, PumpCommand.START, CommandResult.WITHHELD, "not sent");
        assertEquals(LEASE, withheld.state().session().segment().armedUntil());
        assertEquals(List.of(PumpCommand.READ_BACK), withheld.commands());
    }

    @Test
    @DisplayName("SR-D2: a withheld start after a refused program changes nothing of the trip the refusal caused")
    void afterARefusalOnlyReadsBack() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.program(TestChannel.leasedKetamine(Duration.ofSeconds(30)));
        PumpCommand program = ch.start().commands().getFirst();
        Step refused = outcome(ch, program, CommandResult.REFUSED, "pump reports 840 ml/h");
        assertEquals(List.of(AlarmType.COMMAND_REFUSED), refused.alarmsRaised().stream().map(Alarm::type).toList());
        InfusionState tripped = refused.state().infusion();
        Step withheld = outcome(ch, PumpCommand.START, CommandResult.WITHHELD, "not sent");
        assertEquals(tripped, withheld.state().infusion());
        assertEquals(List.of(PumpCommand.READ_BACK), withheld.commands());
        assertTrue(withheld.alarmsRaised().isEmpty());
    }
}
