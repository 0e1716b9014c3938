package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SR-G1: the shell journals only the newest of a run of routine polls (a pump with nothing new to say), so the
 * core must tell a routine poll from one that changed anything a replay needs: a counted volume, an alarm, a
 * command, a state change. A routine poll that is not recognised only costs journal space; a poll that changed
 * something and is taken for routine would lose it on replay.
 */
class RoutinePollTest {

    static Step poll(TestChannel ch, PumpActivity mode, long rate, long counter) {
        ch.advance(Duration.ofMillis(250));
        return ch.reading(mode, rate, counter);
    }

    @Test
    @DisplayName("SR-G1: an idle pump answering with the same counter is a routine poll, only its contact time refreshed")
    void idlePollIsRoutine() {
        TestChannel ch = new TestChannel();
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        ChannelState before = ch.state;
        Step again = poll(ch, PumpActivity.STOPPED, 0, 1_000);
        assertTrue(again.onlyContactRefreshed(before));
        assertTrue(again.state().differsOnlyInContactTime(before));
    }

    @Test
    @DisplayName("SR-G1: a running pump answering with the same counter inside the grace is routine; one that counted volume is not")
    void runningPolls() {
        TestChannel ch = JournalRecordsTest.running();
        ChannelState before = ch.state;
        Step same = poll(ch, PumpActivity.INFUSING, 52_500, 1_145);
        assertTrue(same.onlyContactRefreshed(before), same.records().toString());
        ChannelState beforeCount = ch.state;
        Step counted = poll(ch, PumpActivity.INFUSING, 52_500, 1_160);
        assertFalse(counted.onlyContactRefreshed(beforeCount));
        assertFalse(counted.state().differsOnlyInContactTime(beforeCount));
    }

    @Test
    @DisplayName("SR-G1: a poll that raises an alarm, or a programming step, is never taken for routine")
    void alarmsAndIntentsAreNotRoutine() {
        TestChannel ch = JournalRecordsTest.running();
        ChannelState before = ch.state;
        Step fast = poll(ch, PumpActivity.INFUSING, 99_000, 1_145);
        assertFalse(fast.alarmsRaised().isEmpty());
        assertFalse(fast.onlyContactRefreshed(before));

        TestChannel idle = new TestChannel();
        idle.reading(PumpActivity.STOPPED, 0, 1_000);
        ChannelState beforeProgram = idle.state;
        Step program = idle.program(TestChannel.ketamine(null));
        assertFalse(program.onlyContactRefreshed(beforeProgram));
        assertFalse(program.state().differsOnlyInContactTime(beforeProgram));
    }

    @Test
    @DisplayName("SR-G1: before the pump ever answered there is no contact time to refresh: ticks are not routine polls")
    void noContactTimerNoRoutine() {
        TestChannel ch = new TestChannel();
        ChannelState before = ch.state;
        Step tick = ch.tick();
        assertFalse(tick.onlyContactRefreshed(before));
        assertFalse(tick.state().differsOnlyInContactTime(before));
        ch.reading(PumpActivity.STOPPED, 0, 1_000);
        assertFalse(ch.state.differsOnlyInContactTime(before));
    }
}
