package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SR-D7 in the core: valid replies without a complete reading keep the link; they never restore a lost one. */
class LineNoiseCoreTest {

    @Test
    @DisplayName("SR-D7: while the pump gives valid replies but no reading completes (line noise), the link is not lost; once they stop, it is lost one link timeout after the last")
    void validRepliesKeepTheLink() {
        SimulatedChannel sim = InterlockTest.running(InterlockTest.short60("s"));
        sim.run(Duration.ofSeconds(20));
        sim.silence(true);   // no reading completes from here on
        for (int i = 0; i < 40; i++) {   // 10 s, far past the 2 s link timeout
            sim.polls(1);
            sim.event(new Event.PumpAnswered(sim.ch.now()));
        }
        assertFalse(sim.ch.hasAlarm(AlarmType.LINK_LOST), "valid replies every poll: the pump is there");
        assertEquals(InfusionState.RUNNING, sim.state().infusion());
        int polls = 0;
        while (!sim.ch.hasAlarm(AlarmType.LINK_LOST)) {
            sim.polls(1);
            polls++;
        }
        assertEquals(9, polls, "lost on the first tick past 2 s after the last valid reply");
        assertEquals(InfusionState.FAULT, sim.state().infusion());
    }

    @Test
    @DisplayName("SR-D7/SR-D1: a valid reply does not restore a link already lost; only a reading does")
    void validReplyDoesNotRestoreALostLink() {
        SimulatedChannel sim = InterlockTest.running(InterlockTest.short60("s"));
        sim.run(Duration.ofSeconds(20));
        sim.silence(true);
        sim.run(Duration.ofSeconds(3));
        assertTrue(sim.state().linkLost());
        sim.event(new Event.PumpAnswered(sim.ch.now()));
        assertTrue(sim.state().linkLost(), "still lost after a lone valid reply");
        sim.silence(false);
        sim.polls(1);
        assertFalse(sim.state().linkLost(), "a reading restores it");
    }
}
