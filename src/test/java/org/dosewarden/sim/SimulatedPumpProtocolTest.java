package org.dosewarden.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.dosewarden.pump.newera.NeAlarm;
import org.dosewarden.pump.newera.NeFrames;
import org.dosewarden.pump.newera.NeFraming;
import org.dosewarden.pump.newera.NeStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The simulator against every item of the NE simulator checklist (reference §1.14) and the §1.3-1.9 rules. */
class SimulatedPumpProtocolTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Nested
    @DisplayName("§1.14 framing")
    class Framing {

        @Test
        @DisplayName("basic: CMD CR in, STX payload ETX out, exact bytes")
        void basicBytes() {
            SimLine line = SimLine.acknowledged();
            line.pump.receive(SimLine.ascii("0DIA\r"));
            assertArrayEquals(SimLine.ascii("\u000200S26.59\u0003"), line.pump.takeOutput());
        }

        @Test
        @DisplayName("safe: reply bytes equal the reference test vector 00S = 02 07 30 30 53 aa a6 03")
        void safeBytes() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00S", line.basic("0SAF10"));
            assertEquals(NeFraming.SAFE, line.lastFraming, "SAF10 is answered in the new (safe) framing");
            line.pump.receive(hex("02 09 30 30 52 55 4e 48 e9 03"));  // 00RUN, reference vector
            assertArrayEquals(hex("02 07 30 30 49"), java.util.Arrays.copyOf(line.pump.takeOutput(), 5),
                    "00I after RUN");
            line.pump.receive(NeFrames.safe("00STP"));
            line.pump.receive(NeFrames.safe("00STP"));
            line.drain();
            line.pump.receive(NeFrames.safe("00"));
            assertArrayEquals(hex("02 07 30 30 53 aa a6 03"), line.pump.takeOutput());
        }

        @Test
        @DisplayName("SAF0 in safe framing returns to basic; the reply comes basic-framed (reference vector)")
        void backToBasic() {
            SimLine line = SimLine.acknowledged(b -> b.safeModeSeconds(30));
            line.pump.receive(hex("02 08 53 41 46 30 55 43 03"));  // SAF0
            assertArrayEquals(SimLine.ascii("\u000200S\u0003"), line.pump.takeOutput());
            assertEquals("00S0", line.basic("0SAF"));
            assertEquals(NeFraming.BASIC, line.lastFraming);
        }

        @Test
        @DisplayName("basic mode strips spaces and control characters and upper-cases")
        void basicIsForgiving() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00S", line.basic(" 0 dia\t20.15 "));
            assertEquals("00S20.15", line.basic("0dIa"));
            line.pump.receive(SimLine.ascii("0dia\r\n"));  // libraries that send CR LF
            assertEquals("00S20.15", payloadOfOnlyReply(line));
            assertEquals("00S20.15", line.basic("\n0DIA"));
        }

        private String payloadOfOnlyReply(SimLine line) {
            var events = line.drain();
            assertEquals(1, events.size(), events.toString());
            return ((org.dosewarden.pump.newera.NeFrameEvent.Frame) events.get(0)).payload();
        }

        @Test
        @DisplayName("safe mode wants exact upper case without spaces: anything else is '?' and not executed")
        void safeIsStrict() {
            SimLine line = SimLine.acknowledged(b -> b.safeModeSeconds(30));
            assertEquals("00S?", line.safe("0dia20"));
            assertEquals("00S?", line.safe("0DIA 20"));
            assertEquals("00S26.59", line.safe("0DIA"));
        }

        @Test
        @DisplayName("safe: bad CRC, wrong length and missing ETX are answered ?COM and not executed")
        void badSafePackets() {
            SimLine line = SimLine.acknowledged(b -> b.safeModeSeconds(30));
            byte[] run = NeFrames.safe("0RUN");
            byte[] badCrc = run.clone();
            badCrc[badCrc.length - 2] ^= 0x01;
            assertEquals("00S?COM", line.exchange(badCrc));
            byte[] noEtx = run.clone();
            noEtx[noEtx.length - 1] = 0x04;
            assertEquals("00S?COM", line.exchange(noEtx));
            assertEquals("00S?COM", line.exchange(hex("02 01 41")), "length below 4");
            assertEquals(NeStatus.STOPPED, line.pump.snapshot().prompt(), "RUN was never executed");
            assertEquals("00S", line.safe("0"));
        }

        @Test
        @DisplayName("safe mode answers a basic-framed command with a safe ?COM (lets a host detect the mode)")
        void basicInSafeMode() {
            SimLine line = SimLine.acknowledged(b -> b.safeModeSeconds(30));
            assertEquals("00S?COM", line.basic("0RUN"));
            assertEquals(NeFraming.SAFE, line.lastFraming);
            assertEquals(NeStatus.STOPPED, line.pump.snapshot().prompt());
        }

        @Test
        @DisplayName("safe: a gap over 0.5 s inside a packet discards the partial packet")
        void interByteTimeout() {
            SimLine line = SimLine.acknowledged(b -> b.safeModeSeconds(30));
            byte[] run = NeFrames.safe("0RUN");
            line.pump.receive(run, 0, 4);
            line.advance(Duration.ofMillis(501));
            line.pump.receive(run, 4, run.length - 4);
            assertEquals(List.of(), line.drain(), "the split packet is dropped, its tail is junk without CR");
            assertEquals(NeStatus.STOPPED, line.pump.snapshot().prompt());
            assertEquals("00S", line.safe("0"), "the next whole packet is understood");

            line.pump.receive(run, 0, 4);
            line.advance(Duration.ofMillis(500));
            line.pump.receive(run, 4, run.length - 4);
            assertEquals(1, line.drain().size(), "a gap of exactly 0.5 s is allowed");
            assertEquals(NeStatus.INFUSING, line.pump.snapshot().prompt());
        }

        @Test
        @DisplayName("basic mode has no inter-byte timeout: a slow typist is understood")
        void basicHasNoInterByteTimeout() {
            SimLine line = SimLine.acknowledged();
            line.pump.receive(SimLine.ascii("0D"));
            line.advance(Duration.ofSeconds(5));
            assertEquals("00S26.59", line.basic("IA"));
        }
    }

    @Nested
    @DisplayName("§1.14 addressing")
    class Addressing {

        @Test
        @DisplayName("only packets for our address (1 or 2 digits), unaddressed or '*' are answered")
        void addressFilter() {
            SimLine line = SimLine.acknowledged(b -> b.address(5));
            line.sendExpectingSilence(SimLine.ascii("0DIA\r"));
            line.sendExpectingSilence(SimLine.ascii("6\r"));
            assertEquals("05S26.59", line.basic("5DIA"));
            assertEquals("05S26.59", line.basic("05DIA"));
            assertEquals("05S26.59", line.basic("DIA"));
            assertEquals("05S5", line.basic("*ADR"));
        }

        @Test
        @DisplayName("*ADR n changes the address, the reply already uses it; *ADR n B baud changes the baud")
        void changeAddressAndBaud() {
            SimLine line = SimLine.acknowledged();
            assertEquals("07S", line.basic("*ADR7"));
            line.sendExpectingSilence(SimLine.ascii("0\r"));
            assertEquals("07S", line.basic("7"));
            assertEquals("03S", line.basic("*ADR 3 B 9600"));
            assertEquals(9600, line.pump.snapshot().baud());
            assertEquals("03S?OOR", line.basic("*ADR3B1234"));
            assertEquals("03S?OOR", line.basic("*ADR100"));
            assertEquals("03S?NA", line.basic("*ADRDUAL"));
            assertEquals(9600, line.pump.snapshot().baud());
        }

        @Test
        @DisplayName("a baud change disarms the safe-mode timer until the next valid packet")
        void baudChangeDisarmsWatchdog() {
            SimLine line = SimLine.acknowledged(b -> b.safeModeSeconds(2));
            assertEquals("00S", line.safe("*ADR0B2400"));
            assertFalse(line.pump.snapshot().watchdogArmed());
            line.advance(Duration.ofSeconds(10));
            assertEquals(List.of(), line.unsolicited());
            assertEquals("00S", line.safe("0"));
            assertTrue(line.pump.snapshot().watchdogArmed());
        }

        @Test
        @DisplayName("*RESET: factory program, basic mode, address 0")
        void reset() {
            SimLine line = SimLine.acknowledged(b -> b.address(4).safeModeSeconds(30));
            assertEquals("04S", line.safe("4VOL5"));
            assertEquals("00S", line.safe("*RESET"));
            assertEquals(NeFraming.BASIC, line.lastFraming);
            assertEquals("00S0.000ML", line.basic("0VOL"));
        }
    }

    @Nested
    @DisplayName("§1.7 alarms and the latch rule")
    class Alarms {

        @Test
        @DisplayName("power-up latches A?R; the first command is answered A?R and NOT executed; then it clears")
        void powerUpLatch() {
            SimLine line = new SimLine();
            assertEquals(NeAlarm.RESET, line.pump.snapshot().latchedAlarm().orElseThrow());
            assertEquals("00A?R", line.basic("0DIA20"));
            assertEquals("00S26.59", line.basic("0DIA"), "DIA20 was not executed");
            assertTrue(line.pump.snapshot().latchedAlarm().isEmpty());
        }

        @Test
        @DisplayName("an unknown command in a valid packet also acknowledges the latch")
        void unknownCommandAcknowledges() {
            SimLine line = new SimLine();
            assertEquals("00A?R", line.basic("0XYZ"));
            assertEquals("00S?", line.basic("0XYZ"));
        }

        @Test
        @DisplayName("a packet for another pump and a broken safe packet do not acknowledge the latch")
        void invalidPacketsDoNotAcknowledge() {
            SimLine line = new SimLine(b -> b.safeModeSeconds(30));
            byte[] bad = NeFrames.safe("0");
            bad[2] ^= 0x40;
            assertEquals("00S?COM", line.exchange(bad));
            line.sendExpectingSilence(NeFrames.safe("1"));
            assertEquals("00A?R", line.safe("0"));
        }

        @Test
        @DisplayName("stall: motor stops, A?S latched; in safe mode an unsolicited A?S packet is sent at once")
        void stallAutoAlarm() {
            SimLine line = SimLine.acknowledged(b -> b.safeModeSeconds(60));
            assertEquals("00I", line.safe("0RUN"));
            line.advance(Duration.ofSeconds(30));
            line.pump.faults().stall();
            assertEquals(List.of("00A?S"), line.unsolicited());
            assertEquals(NeStatus.STOPPED, line.pump.snapshot().prompt());
            assertEquals("00A?S", line.safe("0RUN"), "the auto-sent alarm did not acknowledge it");
            assertEquals(NeStatus.STOPPED, line.pump.snapshot().prompt(), "RUN answered with the alarm not executed");
            assertEquals("00S", line.safe("0"));
        }

        @Test
        @DisplayName("basic mode never sends anything unsolicited")
        void basicStaysQuiet() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00I", line.basic("0RUN"));
            line.pump.faults().stall();
            assertEquals(List.of(), line.drain());
            assertEquals("00A?S", line.basic("0"));
        }
    }

    @Nested
    @DisplayName("§1.5 safe-mode watchdog")
    class Watchdog {

        @Test
        @DisplayName("A?T when no valid packet arrives within SAF seconds: motor stopped, alarm auto-sent")
        void expiry() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00S", line.basic("0SAF2"));
            assertEquals("00I", line.safe("0RUN"));
            line.advance(Duration.ofMillis(1999));
            assertEquals("00I", line.safe("0"), "each valid packet restarts the timer");
            line.advance(Duration.ofMillis(1999));
            assertEquals(List.of(), line.unsolicited());
            line.advance(Duration.ofMillis(1));
            assertEquals(List.of("00A?T"), line.unsolicited());
            PumpSnapshot s = line.pump.snapshot();
            assertEquals(NeStatus.STOPPED, s.prompt());
            assertEquals(0, s.actualRateNlPerHour());
            assertFalse(s.watchdogArmed(), "the timer does not restart until the next valid packet");
            line.advance(Duration.ofMinutes(5));
            assertEquals(List.of(), line.unsolicited(), "one expiry, one packet");
            assertEquals("00A?T", line.safe("0RUN"));
            assertEquals("00S", line.safe("0"), "RUN was not executed");
        }

        @Test
        @DisplayName("the stop happens at the expiry instant: delivery ends exactly SAF seconds after the last packet")
        void deliveryEndsAtExpiry() {
            SimLine line = SimLine.acknowledged(b -> b.safeModeSeconds(10));
            assertEquals("00S", line.safe("0RAT3600UH"));  // 1 uL/s
            assertEquals("00I", line.safe("0RUN"));
            line.advance(Duration.ofHours(1));
            assertEquals(10_000L, line.pump.truth().infusedNanolitres(), "10 s at 1 uL/s = 10 uL");
        }

        @Test
        @DisplayName("after power-up in safe mode the timer is armed only by the first valid packet")
        void armedByFirstPacket() {
            SimLine line = new SimLine(b -> b.safeModeSeconds(2));
            line.advance(Duration.ofSeconds(30));
            assertEquals(List.of(), line.unsolicited());
            assertFalse(line.pump.snapshot().watchdogArmed());
            assertEquals("00A?R", line.safe("0"));
            line.advance(Duration.ofSeconds(2));
            assertEquals(List.of("00A?T"), line.unsolicited());
        }

        @Test
        @DisplayName("power-up in safe mode auto-sends A?R to whoever holds the line")
        void powerUpAutoAlarm() {
            SimLine line = SimLine.acknowledged(b -> b.safeModeSeconds(5));
            line.pump.faults().powerCycle();
            assertEquals(List.of("00A?R"), line.unsolicited());
        }
    }

    @Nested
    @DisplayName("§1.9 commands")
    class Commands {

        @Test
        @DisplayName("VER answers NE1000V3.928")
        void version() {
            assertEquals("00SNE1000V3.928", SimLine.acknowledged().basic("0VER"));
        }

        @Test
        @DisplayName("replies carry 5-character numbers")
        void fiveCharacterNumbers() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00S", line.basic("0DIA1.3"));
            assertEquals("00S1.300", line.basic("0DIA"));
            assertEquals("00S", line.basic("0RAT100UH"));
            assertEquals("00S100.0UH", line.basic("0RAT"));
            assertEquals("00S", line.basic("0RAT.5UH"));
            assertEquals("00S0.500UH", line.basic("0RAT"));
            assertEquals("00S", line.basic("0VOL1234"));
            assertEquals("00S1234.UL", line.basic("0VOL"));
            assertEquals("00SI0.000W0.000UL", line.basic("0DIS"));
        }

        @Test
        @DisplayName("DIA sets the volume units: <= 14.00 mm uL, above mL; VOL UL|ML overrides")
        void volumeUnitsFollowDiameter() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00S", line.basic("0DIA14.00"));
            assertEquals("00SI0.000W0.000UL", line.basic("0DIS"));
            assertEquals("00S", line.basic("0DIA14.01"));
            assertEquals("00SI0.000W0.000ML", line.basic("0DIS"));
            assertEquals("00S", line.basic("0VOLUL"));
            assertEquals("00SI0.000W0.000UL", line.basic("0DIS"));
            assertEquals("00S", line.basic("0VOL250"));
            assertEquals("00S250.0UL", line.basic("0VOL"));
        }

        @Test
        @DisplayName("?NA: DIA, volume units, VOL, DIR STK, PHN, FUN and unit change while running; ok when stopped")
        void notApplicableWhileRunning() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00I", line.basic("0RUN"));
            assertEquals("00I?NA", line.basic("0DIA20"));
            assertEquals("00I?NA", line.basic("0VOLUL"));
            assertEquals("00I?NA", line.basic("0VOL5"));
            assertEquals("00I?NA", line.basic("0DIRSTK"));
            assertEquals("00I?NA", line.basic("0PHN2"));
            assertEquals("00I?NA", line.basic("0FUNSTP"));
            assertEquals("00I?NA", line.basic("0RAT5UH"), "rate units cannot change while pumping");
            assertEquals("00I?NA", line.basic("0PUR"));
            assertEquals("00I", line.basic("0RAT20MH"), "a rate change in the same unit is allowed");
            assertEquals("00I20.00MH", line.basic("0RAT"));
            assertEquals("00P", line.basic("0STP"));
            assertEquals("00P?NA", line.basic("0DIA20"), "paused is still operating");
            assertEquals("00S", line.basic("0STP"));
            assertEquals("00S", line.basic("0DIA20"));
            assertEquals("00S", line.basic("0DIRSTK"));
        }

        @Test
        @DisplayName("DIR may change while pumping only with VOL 0, and changes which total counts")
        void directionWhileRunning() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00S", line.basic("0RAT60MH"));  // 1 mL/min
            assertEquals("00I", line.basic("0RUN"));
            line.advance(Duration.ofMinutes(2));
            assertEquals("00W", line.basic("0DIRREV"));
            line.advance(Duration.ofMinutes(1));
            assertEquals("00WI2.000W1.000ML", line.basic("0DIS"));
            assertEquals("00P", line.basic("0STP"));
            assertEquals("00S", line.basic("0STP"));
            assertEquals("00S", line.basic("0VOL5"));
            assertEquals("00W", line.basic("0RUN"));
            assertEquals("00W?NA", line.basic("0DIRINF"), "not with a volume to be infused");
        }

        @Test
        @DisplayName("?OOR from the diameter-derived limits (26.59 mm: 23.35 uL/h .. 28.32 mL/min)")
        void outOfRange() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00S", line.basic("0RAT28.32MM"));
            assertEquals("00S?OOR", line.basic("0RAT28.33MM"));
            assertEquals("00S?OOR", line.basic("0RAT23.35UH"));
            assertEquals("00S", line.basic("0RAT23.36UH"));
            assertEquals("00S?OOR", line.basic("0RAT0MH"));
            assertEquals("00S?OOR", line.basic("0RAT12345UH"), "more than 4 digits");
            assertEquals("00S?OOR", line.basic("0RAT1.2345MH"), "more than 3 decimals");
            assertEquals("00S?OOR", line.basic("0DIA80.01"));
            assertEquals("00S?OOR", line.basic("0DIA0.09"));
            assertEquals("00S?OOR", line.basic("0PHN42"));
            assertEquals("00S?OOR", line.basic("0SAF256"));
            assertEquals("00S23.36UH", line.basic("0RAT"), "refused values change nothing");
            assertEquals("00S26.59", line.basic("0DIA"));
        }

        @Test
        @DisplayName("RUN refuses a rate that the current syringe cannot do")
        void runChecksRate() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00S", line.basic("0RAT20MM"));
            assertEquals("00S", line.basic("0DIA4.699"));  // max 0.8845 mL/min now
            assertEquals("00S?OOR", line.basic("0RUN"));
            assertEquals(NeStatus.STOPPED, line.pump.snapshot().prompt());
        }

        @Test
        @DisplayName("'?' for unknown commands and malformed arguments")
        void notRecognised() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00S?", line.basic("0FOO"));
            assertEquals("00S?", line.basic("0DIA1.2.3"));
            assertEquals("00S?", line.basic("0RAT10XX"));
            assertEquals("00S?", line.basic("0DIRUP"));
            assertEquals("00S?", line.basic("0CLD"));
            assertEquals("00S?", line.basic("0ADR"), "ADR needs the system prefix");
            assertEquals("00S?NA", line.basic("0FUNJMP3"), "real NE functions the simulator does not run");
        }

        @Test
        @DisplayName("STP: running -> P, P -> S; RUN from P resumes")
        void stopPauseStop() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00I", line.basic("0RUN"));
            assertEquals("00P", line.basic("0STP"));
            assertEquals("00I", line.basic("0RUN"));
            assertEquals("00P", line.basic("0STP"));
            assertEquals("00S", line.basic("0STP"));
            assertEquals("00S", line.basic("0STP"));
        }

        @Test
        @DisplayName("PUR purges at the maximum rate (X) until STP; the purge is counted")
        void purge() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00X", line.basic("0PUR"));
            assertEquals(new BigDecimal("28.32300362458581052010037218337573").multiply(BigDecimal.valueOf(60_000_000L))
                    .longValue(), line.pump.snapshot().actualRateNlPerHour());
            line.advance(Duration.ofSeconds(6));
            assertEquals("00S", line.basic("0STP"));
            assertEquals("00SI2.832W0.000ML", line.basic("0DIS"));
        }

        @Test
        @DisplayName("CLD INF / CLD WDR clear one total each")
        void clear() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00S", line.basic("0RAT60MH"));
            assertEquals("00I", line.basic("0RUN"));
            line.advance(Duration.ofMinutes(1));
            assertEquals("00W", line.basic("0DIRWDR"));
            line.advance(Duration.ofMinutes(2));
            assertEquals("00WI1.000W2.000ML", line.basic("0DIS"));
            assertEquals("00W", line.basic("0CLDINF"));
            assertEquals("00WI0.000W2.000ML", line.basic("0DIS"));
            assertEquals("00W", line.basic("0CLDWDR"));
            assertEquals("00WI0.000W0.000ML", line.basic("0DIS"));
            assertEquals(1_000_000L, line.pump.truth().infusedNanolitres(), "the truth is never cleared");
        }

        @Test
        @DisplayName("BUZ, LOC and flags are set and read back")
        void smallSettings() {
            SimLine line = SimLine.acknowledged();
            assertEquals("00S0", line.basic("0BUZ"));
            assertEquals("00S", line.basic("0BUZ 1 3"));
            assertEquals("00S1", line.basic("0BUZ"));
            assertEquals("00S", line.basic("0LOC1"));
            assertEquals("00S1", line.basic("0LOC"));
            assertEquals("00S?OOR", line.basic("0LOC2"));
            assertEquals("00S", line.basic("0AL1"));
            assertEquals("00S1", line.basic("0AL"));
        }

        @Test
        @DisplayName("PHN/FUN program with a timed pause phase: T, then the next phase")
        void pausePhase() {
            SimLine line = SimLine.acknowledged();
            for (String c : List.of("PHN1", "FUNPAS5", "PHN2", "FUNRAT", "RAT60MH", "VOL1", "PHN3", "FUNSTP", "PHN1")) {
                assertEquals("00S", line.basic("0" + c), c);
            }
            assertEquals("00SPAS5", line.basic("0FUN"));
            assertEquals("00T", line.basic("0RUN"));
            line.advance(Duration.ofSeconds(3));
            assertEquals("00P", line.basic("0STP"));
            line.advance(Duration.ofMinutes(10));
            assertEquals("00T", line.basic("0RUN"));
            line.advance(Duration.ofSeconds(2));
            assertEquals("00I", line.basic("0"));
            assertEquals("00I2", line.basic("0PHN"));
            line.advance(Duration.ofMinutes(1));
            assertEquals("00SI1.000W0.000ML", line.basic("0DIS"));
        }
    }

    @Nested
    @DisplayName("§1.14 NVRAM across a power cycle")
    class Nvram {

        @Test
        @DisplayName("DIA, RAT, VOL, DIR, SAF, address and baud survive; DIS, run state and live rate change do not")
        void survivesPowerCycle() {
            SimLine line = SimLine.acknowledged();
            for (String c : List.of("DIA14.43", "PHN1", "FUNRAT", "RAT5MH", "VOL2", "DIRWDR", "LOC1")) {
                assertEquals("00S", line.basic("0" + c), c);
            }
            assertEquals("09S", line.basic("*ADR9B2400"));
            assertEquals("09W", line.basic("9RUN"));
            line.advance(Duration.ofMinutes(6));
            assertEquals("09W", line.basic("9RAT7MH"), "rate change while pumping: effective, not stored");
            assertEquals("09W", line.basic("9SAF20"));
            assertEquals(NeFraming.SAFE, line.lastFraming);

            line.pump.faults().powerCycle();
            assertEquals(List.of("09A?R"), line.unsolicited(), "still in safe mode after power-up");
            assertEquals("09A?R", line.safe("9"));
            assertEquals("09S14.43", line.safe("9DIA"));
            assertEquals("09S5.000MH", line.safe("9RAT"));
            assertEquals("09S2.000ML", line.safe("9VOL"));
            assertEquals("09SWDR", line.safe("9DIR"));
            assertEquals("09S20", line.safe("9SAF"));
            assertEquals("09S1", line.safe("9LOC"));
            assertEquals("09SI0.000W0.000ML", line.safe("9DIS"), "dispensed counters cleared by the reset");
            PumpSnapshot s = line.pump.snapshot();
            assertEquals(2400, s.baud());
            assertEquals(9, s.address());
            assertEquals(NeStatus.STOPPED, s.prompt());
            assertEquals(500_000L, s.truth().withdrawnNanolitres(), "6 min at 5 mL/h really happened");
        }

        @Test
        @DisplayName("settings written while stopped are counted as NVRAM writes; a live rate change is not")
        void nvramWrites() {
            SimLine line = SimLine.acknowledged();
            long before = line.pump.snapshot().nvramWrites();
            assertEquals("00S", line.basic("0RAT5MH"));
            assertEquals("00I", line.basic("0RUN"));
            assertEquals("00I", line.basic("0RAT6MH"));
            assertEquals(before + 1, line.pump.snapshot().nvramWrites());
        }
    }
}
