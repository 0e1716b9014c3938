package org.dosewarden.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.dosewarden.pump.newera.NeStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Motor physics on virtual time: DIS and the truth against rate x time, VTBI stop, pause and resume. */
class SimulatedPumpPhysicsTest {

    @Test
    @DisplayName("an hour at 10 mL/h in one virtual step: DIS 10.00 mL, truth exactly 10 000 000 nL")
    void oneHour() {
        SimLine line = SimLine.acknowledged();
        assertEquals("00S", line.basic("0RAT10MH"));
        assertEquals("00I", line.basic("0RUN"));
        line.advance(Duration.ofHours(1));
        assertEquals("00II10.00W0.000ML", line.basic("0DIS"));
        assertEquals(new DispensedVolume(10_000_000L, 0), line.pump.truth());
    }

    @Test
    @DisplayName("polled every second for an hour, DIS is always rate x time truncated to the display, never ahead")
    void pollingMatchesRateTimesTime() {
        SimLine line = SimLine.acknowledged();
        assertEquals("00S", line.basic("0RAT1.234MH"));  // 1 234 000 nL/h
        assertEquals("00I", line.basic("0RUN"));
        long previous = 0;
        for (int s = 1; s <= 3600; s++) {
            line.advance(Duration.ofSeconds(1));
            long truth = line.pump.truth().infusedNanolitres();
            assertEquals(1_234_000L * s / 3600, truth, "floor(rate x t) after " + s + " s");
            assertTrue(truth >= previous, "monotonic");
            previous = truth;
            if (s % 600 == 0 || s == 2220) {
                String expected = String.format(java.util.Locale.ROOT, "%.3f", Math.floor(truth / 1000.0) / 1000.0);
                assertEquals("00II" + expected + "W0.000ML", line.basic("0DIS"), "DIS at " + s + " s");
            }
        }
        assertEquals("00II1.234W0.000ML", line.basic("0DIS"));
    }

    @Test
    @DisplayName("37 min at 1.234 mL/h: 760 966 nL, displayed 0.760 (truncated, not rounded up)")
    void oddRateTruncates() {
        SimLine line = SimLine.acknowledged();
        assertEquals("00S", line.basic("0RAT1.234MH"));
        assertEquals("00I", line.basic("0RUN"));
        line.advance(Duration.ofMinutes(37));
        assertEquals(760_966L, line.pump.truth().infusedNanolitres());
        assertEquals("00II0.760W0.000ML", line.basic("0DIS"));
    }

    @Test
    @DisplayName("a small syringe counts in uL: 4.699 mm at 100 uL/h for an hour shows 100.0 UL")
    void microlitreSyringe() {
        SimLine line = SimLine.acknowledged();
        assertEquals("00S", line.basic("0DIA4.699"));
        assertEquals("00S", line.basic("0RAT100UH"));
        assertEquals("00I", line.basic("0RUN"));
        line.advance(Duration.ofHours(1));
        assertEquals("00II100.0W0.000UL", line.basic("0DIS"));
    }

    @Test
    @DisplayName("VTBI program (PHN1 FUNRAT RAT VOL DIR PHN2 FUNSTP PHN1): stops to S exactly at the volume")
    void vtbiStops() {
        SimLine line = SimLine.acknowledged();
        line.program("10MH", "5", "INF");
        assertEquals("00I", line.basic("0RUN"));
        line.advance(Duration.ofMinutes(30).minusNanos(1));
        assertEquals("00I", line.basic("0"));
        line.advance(Duration.ofNanos(1));
        assertEquals("00S", line.basic("0"));
        assertEquals("00SI5.000W0.000ML", line.basic("0DIS"));
        line.advance(Duration.ofHours(1));
        assertEquals(5_000_000L, line.pump.truth().infusedNanolitres(), "nothing after the stop");
        assertEquals(NeStatus.STOPPED, line.pump.snapshot().prompt());
    }

    @Test
    @DisplayName("VTBI progress survives a pause; STP twice (S) restarts the phase volume")
    void vtbiAcrossPause() {
        SimLine line = SimLine.acknowledged();
        line.program("60MH", "2", "INF");  // 1 mL/min
        assertEquals("00I", line.basic("0RUN"));
        line.advance(Duration.ofMinutes(1));
        assertEquals("00P", line.basic("0STP"));
        line.advance(Duration.ofHours(1));
        assertEquals("00I", line.basic("0RUN"));
        line.advance(Duration.ofSeconds(59));
        assertEquals("00I", line.basic("0"));
        line.advance(Duration.ofSeconds(1));
        assertEquals("00SI2.000W0.000ML", line.basic("0DIS"));

        assertEquals("00I", line.basic("0RUN"));
        line.advance(Duration.ofSeconds(30));
        assertEquals("00P", line.basic("0STP"));
        assertEquals("00S", line.basic("0STP"));
        assertEquals("00I", line.basic("0RUN"));
        line.advance(Duration.ofSeconds(119));
        assertEquals("00I", line.basic("0"), "a fresh 2 mL after S");
        line.advance(Duration.ofSeconds(1));
        assertEquals("00SI4.500W0.000ML", line.basic("0DIS"));
    }

    @Test
    @DisplayName("a rate change while running moves the VTBI stop")
    void rateChangeMovesStop() {
        SimLine line = SimLine.acknowledged();
        line.program("60MH", "3", "INF");
        assertEquals("00I", line.basic("0RUN"));
        line.advance(Duration.ofMinutes(1));
        assertEquals("00I", line.basic("0RAT120MH"));
        line.advance(Duration.ofMinutes(1));
        assertEquals("00S", line.basic("0"));
        assertEquals(3_000_000L, line.pump.truth().infusedNanolitres());
    }

    @Test
    @DisplayName("withdraw counts in W and in the withdrawn truth")
    void withdraw() {
        SimLine line = SimLine.acknowledged();
        line.program("30MH", "1", "WDR");
        assertEquals("00W", line.basic("0RUN"));
        line.advance(Duration.ofHours(1));
        assertEquals("00SI0.000W1.000ML", line.basic("0DIS"));
        assertEquals(new DispensedVolume(0, 1_000_000L), line.pump.truth());
    }
}
