package org.dosewarden.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.dosewarden.pump.newera.NeFrameEvent;
import org.dosewarden.pump.newera.NeFrames;
import org.dosewarden.pump.newera.NeStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What each injected fault looks like from the wire, and what really happens (the truth). */
class FaultInjectionTest {

    private static SimLine runningAt60MlPerHour() {
        SimLine line = SimLine.acknowledged();
        assertEquals("00S", line.basic("0RAT60MH"));  // 1 mL/min
        assertEquals("00I", line.basic("0RUN"));
        return line;
    }

    @Test
    @DisplayName("stall: motor stops at once, A?S answers the next command, nothing more is delivered")
    void stall() {
        SimLine line = runningAt60MlPerHour();
        line.advance(Duration.ofMinutes(2));
        line.pump.faults().stall();
        line.advance(Duration.ofMinutes(10));
        assertEquals("00A?S", line.basic("0DIS"));
        assertEquals("00SI2.000W0.000ML", line.basic("0DIS"));
        assertEquals(2_000_000L, line.pump.truth().infusedNanolitres());
    }

    @Test
    @DisplayName("power cycle: stopped, A?R latched, DIS cleared, the truth keeps what happened")
    void powerCycle() {
        SimLine line = runningAt60MlPerHour();
        line.advance(Duration.ofMinutes(3));
        line.pump.faults().powerCycle();
        assertEquals(List.of(), line.drain(), "basic mode: nothing unsolicited");
        line.advance(Duration.ofMinutes(3));
        assertEquals("00A?R", line.basic("0RUN"));
        assertEquals("00SI0.000W0.000ML", line.basic("0DIS"));
        assertEquals(3_000_000L, line.pump.truth().infusedNanolitres());
    }

    @Test
    @DisplayName("power off: no answer, no delivery; power on: A?R")
    void powerOffAndOn() {
        SimLine line = runningAt60MlPerHour();
        line.pump.faults().powerOff();
        line.sendExpectingSilence(NeFrames.basicRequest("0"));
        line.advance(Duration.ofMinutes(5));
        assertFalse(line.pump.snapshot().powered());
        line.pump.faults().powerOn();
        assertEquals("00A?R", line.basic("0"));
        assertEquals(0, line.pump.truth().infusedNanolitres());
    }

    @Test
    @DisplayName("safe mode: a long power-off does not expire the watchdog; power-on announces only A?R")
    void powerOffInSafeMode() {
        SimLine line = SimLine.acknowledged(b -> b.safeModeSeconds(2));
        assertEquals("00I", line.safe("0RUN"));
        line.pump.faults().powerOff();
        line.advance(Duration.ofMinutes(1));
        line.pump.faults().powerOn();
        assertEquals(List.of("00A?R"), line.unsolicited());
        line.advance(Duration.ofMinutes(1));
        assertEquals(List.of(), line.unsolicited(), "timer disarmed until the first valid packet");
        assertEquals("00A?R", line.safe("0"));
    }

    @Test
    @DisplayName("silence: commands are lost and nothing is answered, the pump keeps pumping; then it answers again")
    void silence() {
        SimLine line = runningAt60MlPerHour();
        line.pump.faults().silence(Duration.ofSeconds(10));
        line.sendExpectingSilence(NeFrames.basicRequest("0STP"));
        line.advance(Duration.ofSeconds(10));
        assertEquals("00I", line.basic("0"), "STP was never received");
        assertEquals(166_666L, line.pump.truth().infusedNanolitres());
    }

    @Test
    @DisplayName("silence longer than the SAF timeout: the watchdog stops the pump; A?T is what the host sees after")
    void silenceTripsWatchdog() {
        SimLine line = SimLine.acknowledged(b -> b.safeModeSeconds(5));
        assertEquals("00I", line.safe("0RUN"));
        line.pump.faults().silenceIndefinitely();
        line.advance(Duration.ofSeconds(20));
        assertEquals(List.of(), line.drain(), "the auto-alarm went into the dead line");
        line.pump.faults().endSilence();
        assertEquals("00A?T", line.safe("0"));
        assertEquals(NeStatus.STOPPED, line.pump.snapshot().prompt());
    }

    @Test
    @DisplayName("muted replies: the command IS executed but the host hears nothing")
    void mute() {
        SimLine line = SimLine.acknowledged();
        line.pump.faults().muteReplies(Duration.ofSeconds(1));
        line.sendExpectingSilence(NeFrames.basicRequest("0RUN"));
        assertEquals(NeStatus.INFUSING, line.pump.snapshot().prompt());
        line.pump.faults().endSilence();
        assertEquals("00I", line.basic("0"));
    }

    @Test
    @DisplayName("garbled replies: every safe reply fails the host's CRC/length check; basic replies are damaged")
    void garble() {
        SimLine line = SimLine.acknowledged(b -> b.safeModeSeconds(60));
        line.pump.faults().garbleReplies(100, Garbling.FLIP_BIT);
        for (int i = 0; i < 20; i++) {
            line.pump.receive(NeFrames.safe("0DIA"));
            List<NeFrameEvent> events = line.drain();
            assertTrue(events.stream().noneMatch(e -> e instanceof NeFrameEvent.Frame f && f.payload().equals("00S26.59")),
                    "a flipped bit never yields the true reply: " + events);
        }
        line.pump.faults().garbleReplies(100, Garbling.DROP_BYTE);
        for (int i = 0; i < 20; i++) {
            line.pump.receive(NeFrames.safe("0DIA"));
            line.advance(Duration.ofSeconds(1));
            assertTrue(line.drain().stream().noneMatch(e -> e instanceof NeFrameEvent.Frame f && f.payload().equals("00S26.59")));
        }
        line.pump.faults().stopGarbling();
        line.drain();
        line.forgetPartialReply();
        assertEquals("00S26.59", line.safe("0DIA"));
    }

    @Test
    @DisplayName("garbling 50 %: some replies survive, some do not (seeded, so the same every run)")
    void garbleSome() {
        SimLine line = SimLine.acknowledged(b -> b.safeModeSeconds(60).seed(42));
        line.pump.faults().garbleReplies(50, Garbling.FLIP_OR_DROP);
        int good = 0;
        for (int i = 0; i < 100; i++) {
            line.pump.receive(NeFrames.safe("0VER"));
            line.advance(Duration.ofSeconds(1));  // lets a short frame's leftovers be recognised as junk
            for (NeFrameEvent e : line.drain()) {
                if (e instanceof NeFrameEvent.Frame f && f.payload().equals("00SNE1000V3.928")) {
                    good++;
                }
            }
        }
        assertTrue(good > 25 && good < 75, "about half survive: " + good);
    }

    @Test
    @DisplayName("wrong rate (x2): RAT still reads the programmed rate, DIS and truth show twice the volume")
    void wrongRate() {
        SimLine line = runningAt60MlPerHour();
        line.pump.faults().rateFactor(new BigDecimal("2"));
        line.advance(Duration.ofMinutes(1));
        assertEquals("00I60.00MH", line.basic("0RAT"));
        assertEquals("00II2.000W0.000ML", line.basic("0DIS"));
        assertEquals(2_000_000L, line.pump.truth().infusedNanolitres());
        assertEquals(60_000_000L, line.pump.snapshot().commandedRateNlPerHour());
        assertEquals(120_000_000L, line.pump.snapshot().actualRateNlPerHour());
    }

    @Test
    @DisplayName("wrong rate with a VTBI: the pump still stops at the volume, but early")
    void wrongRateWithVtbi() {
        SimLine line = SimLine.acknowledged();
        line.program("60MH", "1", "INF");
        line.pump.faults().rateFactor(new BigDecimal("1.5"));
        assertEquals("00I", line.basic("0RUN"));
        line.advance(Duration.ofSeconds(40));
        assertEquals("00SI1.000W0.000ML", line.basic("0DIS"));
    }

    @Test
    @DisplayName("ignores VTBI: keeps infusing past the volume to be infused")
    void ignoresVtbi() {
        SimLine line = SimLine.acknowledged();
        line.program("60MH", "1", "INF");
        line.pump.faults().ignoreVtbi(true);
        assertEquals("00I", line.basic("0RUN"));
        line.advance(Duration.ofMinutes(5));
        assertEquals("00II5.000W0.000ML", line.basic("0DIS"));
        line.pump.faults().ignoreVtbi(false);
        assertEquals("00S", line.basic("0"), "honouring it again stops at once: the volume is already past");
    }

    @Test
    @DisplayName("free flow seen by the pump: DIS rises while stopped")
    void freeFlowSeen() {
        SimLine line = SimLine.acknowledged();
        line.pump.faults().freeFlow(6_000_000L, true);  // 6 mL/h
        line.advance(Duration.ofMinutes(10));
        assertEquals("00SI1.000W0.000ML", line.basic("0DIS"));
        assertEquals(1_000_000L, line.pump.truth().infusedNanolitres());
    }

    @Test
    @DisplayName("free flow unseen (a real NE counts motor steps): only the truth rises")
    void freeFlowUnseen() {
        SimLine line = SimLine.acknowledged();
        line.pump.faults().freeFlow(6_000_000L, false);
        line.advance(Duration.ofMinutes(10));
        assertEquals("00SI0.000W0.000ML", line.basic("0DIS"));
        assertEquals(1_000_000L, line.pump.truth().infusedNanolitres());
        line.pump.faults().stopFreeFlow();
        line.advance(Duration.ofMinutes(10));
        assertEquals(1_000_000L, line.pump.truth().infusedNanolitres());
    }

    @Test
    @DisplayName("under-reported volume: DIS shows the fraction, the truth is whole")
    void underReport() {
        SimLine line = runningAt60MlPerHour();
        line.pump.faults().underReport(new BigDecimal("0.25"));
        line.advance(Duration.ofMinutes(4));
        assertEquals("00II1.000W0.000ML", line.basic("0DIS"));
        assertEquals(4_000_000L, line.pump.truth().infusedNanolitres());
    }

    @Test
    @DisplayName("bad fault parameters are refused with the limit named")
    void badParameters() {
        FaultInjector f = new SimLine().pump.faults();
        assertEquals("rate factor must be > 0 and <= 100: 0",
                assertThrows(IllegalArgumentException.class, () -> f.rateFactor(BigDecimal.ZERO)).getMessage());
        assertEquals("reported fraction must be > 0 and <= 1: 1.5",
                assertThrows(IllegalArgumentException.class, () -> f.underReport(new BigDecimal("1.5"))).getMessage());
        assertEquals("garble percentage must be 0..100: 101",
                assertThrows(IllegalArgumentException.class, () -> f.garbleReplies(101, Garbling.FLIP_BIT)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> f.silence(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> f.freeFlow(0, true));
    }

    @Test
    @DisplayName("clearAll turns every switch off")
    void clearAll() {
        SimLine line = runningAt60MlPerHour();
        FaultInjector f = line.pump.faults();
        f.rateFactor(new BigDecimal("3"));
        f.underReport(new BigDecimal("0.5"));
        f.garbleReplies(100, Garbling.FLIP_BIT);
        f.clearAll();
        line.advance(Duration.ofMinutes(1));
        assertEquals("00II1.000W0.000ML", line.basic("0DIS"));
    }
}
