package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoopLivenessTest {

    @Test
    @DisplayName("SR-S1: a beat records the cycle's time and count, and every observer hears it even when one throws")
    void beatsReachEveryObserver() {
        LoopLiveness liveness = new LoopLiveness("a");
        assertEquals(Long.MIN_VALUE, liveness.lastBeatNanos(), "no beat before the first cycle");
        List<String> heard = new ArrayList<>();
        liveness.addObserver(() -> heard.add("first"));
        liveness.addObserver(() -> {
            throw new IllegalStateException("a broken observer");
        });
        liveness.addObserver(() -> heard.add("third"));

        liveness.beat(1_000);
        liveness.beat(251_000);

        assertEquals(251_000, liveness.lastBeatNanos());
        assertEquals(2, liveness.beats());
        assertEquals(List.of("first", "third", "first", "third"), heard);
    }
}
