package org.dosewarden.channel;

import static org.dosewarden.testing.Theories.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link ChannelLoop#nextBeat}: the common poll beat of a daemon's channels. */
class ChannelBeatTest {

    private static final long PERIOD = 250_000_000L;

    @Test
    @DisplayName("SR-D1: the next poll is never more than one period after a cycle started, and always after it")
    void nextPollWithinOnePeriod() {
        qt(2000).forAll(longs().between(-4_000_000_000_000_000L, 4_000_000_000_000_000L),
                        longs().between(1_000_000L, 10_000_000_000L))
                .checkAssert((started, period) -> {
                    long next = ChannelLoop.nextBeat(started, period);
                    assertTrue(next > started && next - started <= period, started + " -> " + next);
                    assertEquals(0, Math.floorMod(next, period), "on the beat");
                });
    }

    @Test
    @DisplayName("SR-G1: channels whose cycles start apart within one beat all poll next on the same beat, so their "
            + "records share a journal commit")
    void channelsShareTheBeat() {
        long beat = 1_000 * PERIOD;
        long[] starts = {beat, beat + 1, beat + 31_000_000L, beat + PERIOD / 2, beat + PERIOD - 1};
        for (long started : starts) {
            assertEquals(beat + PERIOD, ChannelLoop.nextBeat(started, PERIOD), "started at +" + (started - beat));
        }
        assertEquals(beat + 2 * PERIOD, ChannelLoop.nextBeat(beat + PERIOD, PERIOD), "a cycle on the next beat");
        assertEquals(0, ChannelLoop.nextBeat(-1, PERIOD), "the monotonic clock may read below zero");
        assertEquals(-PERIOD, ChannelLoop.nextBeat(-PERIOD - 1, PERIOD));
    }
}
