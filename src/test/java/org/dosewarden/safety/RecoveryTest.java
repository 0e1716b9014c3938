package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Daemon restarts, pump counter resets and replay (SR-G2). */
class RecoveryTest {

    @Test
    @DisplayName("SR-G2: a running infusion comes back PAUSED with a latched alarm after a restart; nothing restarts; total kept")
    void restartPausesRunningInfusion() {
        SimulatedChannel sim = InterlockTest.running(InterlockTest.short60("s"));
        sim.run(Duration.ofMinutes(1));
        Volume before = sim.state().delivered();
        sim.pump.watchdogNanos = Long.MAX_VALUE; // a pump without a watchdog keeps going through the outage
        sim.crashAndRecover(Duration.ofMillis(500), 123_456_789_000_000L);
        assertEquals(InfusionState.PAUSED, sim.state().infusion());
        Alarm a = sim.ch.alarmOf(AlarmType.DAEMON_RESTARTED);
        assertTrue(a.latched());
        assertEquals(PumpActivity.PAUSED, sim.pump.mode);
        // What the pump delivered during the outage is counted once from its counter.
        assertEquals(sim.truthSinceProgram(), sim.state().delivered().microlitres());
        assertTrue(sim.state().delivered().compareTo(before) >= 0);
        sim.run(Duration.ofMinutes(2));
        assertEquals(InfusionState.PAUSED, sim.state().infusion());
        assertFalse(sim.state().linkLost(), "the link timer restarted with the new epoch");
        Step resume = sim.resume();
        assertTrue(resume.refusal().reason().contains("DAEMON_RESTARTED"), resume.refusal().reason());
        sim.ackAll();
        assertFalse(sim.resume().refused());
        sim.run(Duration.ofMinutes(5));
        assertEquals(InfusionState.COMPLETED, sim.state().infusion());
        assertEquals(5_000, sim.truthSinceProgram());
        assertEquals(1, sim.state().epoch());
    }

    @Test
    @DisplayName("SR-G2: monotonic time from another origin (earlier or later) does not fake link loss or windows")
    void newOriginsResetWindows() {
        for (long origin : new long[] {-9_000_000_000_000L, 9_000_000_000_000L}) {
            SimulatedChannel sim = InterlockTest.running(InterlockTest.short60("s"));
            sim.run(Duration.ofSeconds(30));
            sim.crashAndRecover(Duration.ofMillis(200), origin);
            Step recovered = sim.ch.steps.stream().filter(s -> sim.ch.events.get(sim.ch.steps.indexOf(s))
                    instanceof Event.DaemonRecovered).findFirst().orElseThrow();
            assertEquals(1, recovered.alarmsRaised().size(), "only the restart alarm, origin " + origin);
            sim.polls(8);
            assertFalse(sim.ch.hasAlarm(AlarmType.LINK_LOST), "origin " + origin);
            sim.ackAll();
            assertFalse(sim.resume().refused());
            sim.run(Duration.ofMinutes(1));
            assertFalse(sim.ch.hasAlarm(AlarmType.OVER_INFUSION));
            assertFalse(sim.ch.hasAlarm(AlarmType.NO_PROGRESS_WARNING));
        }
    }

    @Test
    @DisplayName("SR-G2: a pump counter that goes backwards (power cycle) is taken as cleared: the total continues, nothing double counted")
    void counterBackwards() {
        TestChannel ch = runningWith500Counted();
        assertEquals(500, ch.state.delivered().microlitres());
        ch.advance(Duration.ofMillis(250));
        Step back = ch.reading(PumpActivity.STOPPED, 60_000, 3);
        assertEquals(503, back.state().delivered().microlitres());
        assertEquals(InfusionState.FAULT, back.state().infusion());
        assertTrue(back.alarmsRaised().stream().anyMatch(a -> a.type() == AlarmType.PUMP_COUNTER_RESET));
        assertTrue(back.records().stream().anyMatch(r -> r.type() == JournalRecord.RecordType.COUNTER_CLEARED));
        ch.advance(Duration.ofMillis(250));
        assertEquals(503, ch.reading(PumpActivity.STOPPED, 60_000, 3).state().delivered().microlitres());
    }

    @Test
    @DisplayName("SR-G2: a counter cleared by the shell before the next reading counts that reading from zero, once")
    void counterClearedEvent() {
        TestChannel ch = runningWith500Counted();
        ch.pause();
        ch.reading(PumpActivity.PAUSED, 60_000, 10_500);
        Step cleared = ch.feed(new Event.PumpCounterCleared(ch.now(), "CLD sent after reconnect"));
        assertEquals(500, cleared.state().delivered().microlitres());
        ch.reading(PumpActivity.PAUSED, 60_000, 0);
        ch.reading(PumpActivity.PAUSED, 60_000, 0);
        assertEquals(500, ch.state.delivered().microlitres());
    }

    @Test
    @DisplayName("Replay: folding decide over the recorded events reproduces the live state exactly, alarm ids included")
    void replayReproducesAlarmIds() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.pump.rateFactorPermille = 1500;
        sim.program(InterlockTest.short60("s"));
        sim.start();
        sim.run(Duration.ofSeconds(20));
        sim.event(new Event.JournalWriteFailed(sim.ch.now(), "disk"));
        sim.silence(true);
        sim.run(Duration.ofSeconds(3));
        sim.crashAndRecover(Duration.ofSeconds(2), 42L);
        sim.silence(false);
        sim.polls(4);
        ChannelState replayed = Replay.replay(sim.ch.initial, sim.ch.events);
        assertEquals(sim.state(), replayed);
        assertEquals(sim.state().alarms().stream().map(Alarm::id).toList(),
                replayed.alarms().stream().map(Alarm::id).toList());
        List<Step> steps = Replay.steps(sim.ch.initial, sim.ch.events);
        assertEquals(sim.ch.steps, steps, "every step, commands and records included, is reproduced");
    }

    /** 60 mL/h started on a pump whose counter stood at 10 mL, 30 s later at 10.5 mL: 500 µL counted. */
    private static TestChannel runningWith500Counted() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 10_000);
        ch.program(InterlockTest.short60("s"));
        ch.start();
        ch.advance(Duration.ofSeconds(30));
        ch.reading(PumpActivity.INFUSING, 60_000, 10_500);
        return ch;
    }
}
