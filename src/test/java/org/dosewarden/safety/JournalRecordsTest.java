package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SR-G1: what the journal says about each decision, line by line, as an auditor reads it after the session:
 * the intent accepted, the state change and why, the step armed, the alarm raised with its clinician text, the
 * commands sent, the counter restarting, the restart of dosewarden, the session's end. Each step's records
 * are asserted whole and in order, so a record that goes missing, moves, or says something else is noticed.
 */
class JournalRecordsTest {

    /** "TYPE summary" for each record of the step, in order. */
    static List<String> lines(Step step) {
        return step.records().stream().map(r -> r.type() + " " + r.summary()).toList();
    }

    static JournalRecord record(Step step, JournalRecord.RecordType type) {
        return step.records().stream().filter(r -> r.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " record in " + lines(step)));
    }

    static TestChannel running() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ch.program(TestChannel.ketamine(null));
        ch.start();
        ch.reading(PumpActivity.INFUSING, 52_500, 1_000);
        ch.advance(Duration.ofSeconds(10));
        ch.reading(PumpActivity.INFUSING, 52_500, 1_145);
        return ch;
    }

    @Test
    @DisplayName("SR-G1: programming and starting are journaled: accepted, the state change with its reason, the step armed, the commands")
    void programAndStart() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        Step program = ch.program(TestChannel.ketamine(null));
        assertEquals(List.of("INTENT_ACCEPTED ProgramInfusion by dr.a accepted",
                "STATE_CHANGED IDLE → PROGRAMMED: program s1 for patient p-17 (ketamine-psych, 1 step(s), 35 mL) loaded by dr.a"),
                lines(program));
        assertEquals(Map.of("delivered", "0 mL", "event", "ProgramInfusion", "from", "IDLE", "sessionId", "s1",
                "state", "PROGRAMMED", "to", "PROGRAMMED"), program.records().get(1).facts());

        Step start = ch.start();
        assertEquals(List.of("INTENT_ACCEPTED StartInfusion by dr.a accepted",
                "STATE_CHANGED PROGRAMMED → RUNNING: started by dr.a",
                "INTERLOCK step 1 of 1 armed: 52.5 mL/h, VTBI 35 mL",
                "PUMP_COMMANDS pump commands: [ProgramStep[stepIndex=0, rate=52.5 mL/h, vtbi=35 mL], StartPump[], ReadBack[]]"),
                lines(start));
        JournalRecord armed = start.records().get(2);
        assertEquals(List.of("started by dr.a"), armed.reasons());
        assertEquals("1", armed.facts().get("step"));
        assertEquals("52.5 mL/h", armed.facts().get("rate"));
        assertEquals("35 mL", armed.facts().get("vtbi"));
        assertEquals("3", start.records().get(3).facts().get("count"));
    }

    @Test
    @DisplayName("SR-G1: a pause and a resume are journaled with who did it; the resumed step is armed with what is left of it")
    void pauseAndResume() {
        TestChannel ch = running();
        Step pause = ch.pause();
        assertEquals(List.of(PumpCommand.PAUSE, PumpCommand.READ_BACK), pause.commands());
        assertEquals(List.of("INTENT_ACCEPTED PauseInfusion by dr.a accepted",
                "STATE_CHANGED RUNNING → PAUSED: paused by dr.a",
                "PUMP_COMMANDS pump commands: [PausePump[], ReadBack[]]"), lines(pause));
        assertEquals("0.145 mL", pause.records().getFirst().facts().get("delivered"));
        ch.reading(PumpActivity.PAUSED, 0, 1_145);
        Step resume = ch.resume();
        assertEquals(List.of("INTENT_ACCEPTED ResumeInfusion by dr.a accepted",
                "STATE_CHANGED PAUSED → RUNNING: resumed by dr.a",
                "INTERLOCK step 1 of 1 armed: 52.5 mL/h, VTBI 34.855 mL",
                "PUMP_COMMANDS pump commands: [ProgramStep[stepIndex=0, rate=52.5 mL/h, vtbi=34.855 mL], StartPump[], ReadBack[]]"),
                lines(resume));
    }

    @Test
    @DisplayName("SR-G2, SR-D5: a pump counter restarting mid-infusion keeps the total, raises its alarm and stops the pump, all journaled")
    void counterRestartWhileRunning() {
        TestChannel ch = running();
        Step cleared = ch.feed(new Event.PumpCounterCleared(ch.now(), "power cycle"));
        assertEquals(List.of(PumpCommand.STOP, PumpCommand.READ_BACK), cleared.commands());
        assertEquals(InfusionState.FAULT, cleared.state().infusion());
        assertEquals(List.of(
                "COUNTER_CLEARED pump delivered counter restarts from zero (power cycle); delivered total kept at 0.145 mL",
                "ALARM_RAISED MEDIUM alarm #1 PUMP_COUNTER_RESET: The pump's delivered counter restarted (power cycle): "
                        + "the delivered total is kept; infusion not running.",
                "STATE_CHANGED RUNNING → FAULT: PUMP_COUNTER_RESET: power cycle",
                "PUMP_COMMANDS pump commands: [StopPump[], ReadBack[]]"), lines(cleared));
        JournalRecord alarm = cleared.records().get(1);
        assertEquals(List.of("power cycle"), alarm.reasons());
        assertEquals("STOP", alarm.facts().get("action"));
        assertEquals("MEDIUM", alarm.facts().get("priority"));
        assertEquals("1", alarm.facts().get("alarmId"));
        assertEquals(145, cleared.state().delivered().microlitres());

        Step ack = ch.ack(1);
        assertEquals(List.of("INTENT_ACCEPTED AcknowledgeAlarm by dr.a accepted",
                "ALARM_ACKNOWLEDGED alarm #1 PUMP_COUNTER_RESET acknowledged by dr.a"), lines(ack));
        assertEquals("true", ack.records().get(1).facts().get("conditionActive"));
    }

    @Test
    @DisplayName("SR-G2: a counter restarting while nothing runs is journaled with the total kept, without an alarm or a stop")
    void counterRestartWhileIdle() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        Step cleared = ch.feed(new Event.PumpCounterCleared(ch.now(), "battery swap"));
        assertEquals(List.of(
                "COUNTER_CLEARED pump delivered counter restarts from zero (battery swap); delivered total kept at 0 mL"),
                lines(cleared));
        assertEquals(List.of(), cleared.commands());
        assertEquals(InfusionState.IDLE, cleared.state().infusion());
        assertEquals(List.of(), cleared.state().alarms());
    }

    @Test
    @DisplayName("SR-G2, SR-D5: a counter restarting while paused is a fault too: alarm, stop, journaled")
    void counterRestartWhilePaused() {
        TestChannel ch = running();
        ch.pause();
        ch.reading(PumpActivity.PAUSED, 0, 1_145);
        Step cleared = ch.feed(new Event.PumpCounterCleared(ch.now(), "power cycle"));
        assertEquals(InfusionState.FAULT, cleared.state().infusion());
        assertEquals(List.of(PumpCommand.STOP, PumpCommand.READ_BACK), cleared.commands());
        assertEquals(AlarmType.PUMP_COUNTER_RESET, cleared.alarmsRaised().getFirst().type());
    }

    @Test
    @DisplayName("SR-G2: a restart of dosewarden is journaled with its epoch and the total kept, and the pump is read back at once")
    void daemonRecovered() {
        TestChannel ch = running();
        ch.feed(new Event.PumpCounterCleared(ch.now(), "power cycle"));
        ch.ack(1);
        Step recovered = ch.feed(new Event.DaemonRecovered(ch.now(), "power failure"));
        assertEquals(List.of(PumpCommand.READ_BACK), recovered.commands());
        assertEquals(List.of(
                "RECOVERED dosewarden restarted (epoch 1): power failure; delivered total kept at 0.145 mL",
                "PUMP_COMMANDS pump commands: [ReadBack[]]"), lines(recovered));
        assertEquals("1", recovered.records().getFirst().facts().get("epoch"));
        assertEquals(List.of("power failure"), recovered.records().getFirst().reasons());
    }

    @Test
    @DisplayName("SR-G1, SR-C3: ending a faulted session is journaled with the volume delivered of the plan; the pump is told to stop once more")
    void endOfAFaultedSession() {
        TestChannel ch = running();
        ch.feed(new Event.PumpCounterCleared(ch.now(), "power cycle"));
        ch.ack(1);
        Step end = ch.feed(new Intent.EndSession(ch.now(), ch.by("dr.a"), "pump replaced"));
        assertEquals(List.of(PumpCommand.STOP, PumpCommand.READ_BACK), end.commands());
        assertEquals(List.of("INTENT_ACCEPTED EndSession by dr.a accepted",
                "INTERLOCK session s1 ended with 0.145 mL delivered of 35 mL",
                "STATE_CHANGED FAULT → IDLE: session ended by dr.a",
                "PUMP_COMMANDS pump commands: [StopPump[], ReadBack[]]"), lines(end));
        assertEquals(List.of("pump replaced"), end.records().getFirst().reasons());
        assertEquals(InfusionState.IDLE, end.state().infusion());
        assertEquals(List.of(), end.state().trips());
    }

    @Test
    @DisplayName("SR-G1: ending a completed session sends nothing to the stopped pump and clears the completion notice")
    void endOfACompletedSession() {
        TestChannel ch = new TestChannel().into(InfusionState.COMPLETED);
        Step end = ch.feed(new Intent.EndSession(ch.now(), ch.by("dr.a"), ""));
        assertEquals(List.of(), end.commands());
        assertEquals(List.of(), end.records().getFirst().reasons());
        assertEquals(InfusionState.IDLE, end.state().infusion());
        assertEquals(List.of(), end.state().alarms().stream().filter(Alarm::conditionActive).toList());
    }
}
