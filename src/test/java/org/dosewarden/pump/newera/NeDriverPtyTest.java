package org.dosewarden.pump.newera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.DeliveredVolume;
import org.dosewarden.pump.LinkState;
import org.dosewarden.pump.PumpAlarm;
import org.dosewarden.pump.PumpAlarmEvent;
import org.dosewarden.pump.PumpAlarmException;
import org.dosewarden.pump.PumpDirection;
import org.dosewarden.pump.PumpError;
import org.dosewarden.pump.PumpIdentity;
import org.dosewarden.pump.PumpLinkLostException;
import org.dosewarden.pump.PumpMode;
import org.dosewarden.pump.PumpRefusedException;
import org.dosewarden.pump.PumpTimeoutException;
import org.dosewarden.pump.PumpVerificationException;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.link.SerialTransport;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The New Era driver over a real socat pty pair with jSerialComm on both ends, against a scripted peer
 * that injects faults at exact points.
 */
class NeDriverPtyTest {

    private static final TimeSource TIME = TimeSource.system();

    private SocatPair pair;
    private ScriptedNePeer peer;
    private NeDriver driver;

    private NeDriver start(int address, NeDriverSettings settings) throws Exception {
        pair = SocatPair.start();
        peer = new ScriptedNePeer(pair.b(), address);
        driver = new NeDriver(new SerialTransport(pair.a().toString(), SerialSettings.eightNoneOne(19200), TIME), TIME,
                settings);
        return driver;
    }

    private NeDriver start() throws Exception {
        return start(0, fast(0));
    }

    /** Short timeouts keep the suite fast; the pty round trip is well under a millisecond. */
    private static NeDriverSettings fast(int address) {
        return new NeDriverSettings(address, Duration.ofMillis(150), 2, NeFraming.BASIC, Duration.ofMillis(50),
                Duration.ofMillis(400), Duration.ofMillis(40), 1, 255);
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        if (peer != null) {
            peer.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    @DisplayName("every canonical operation works and is read back (SR-D2)")
    void everyCanonicalOperation() throws Exception {
        NeDriver d = start();
        assertEquals(PumpMode.STOPPED, d.connect().mode());
        assertEquals(LinkState.CONNECTED, d.linkState());
        assertEquals(new PumpIdentity("NE1000", "3.928"), d.identify());
        assertEquals(SyringeDiameter.ofMillimetres("26.59"), d.configureDiameter(SyringeDiameter.ofMillimetres("26.594")));
        assertEquals(new FlowRate(52_500), d.setRate(new FlowRate(52_500)));
        assertEquals(List.of("0RAT52.5MH"), peer.received().stream().filter(s -> s.startsWith("0RAT5")).toList());
        assertEquals(Volume.ofMicrolitres(35_000), d.setVolumeToBeInfused(Volume.ofMicrolitres(35_000)));
        d.setDirection(PumpDirection.INFUSE);
        assertEquals(PumpMode.INFUSING, d.start().mode());
        assertEquals(PumpMode.PAUSED, d.pause().mode());
        assertEquals(PumpMode.PAUSED, d.pause().mode(), "pausing a paused pump sends nothing");
        assertEquals(1, peer.count("STP"));
        assertEquals(PumpMode.INFUSING, d.start().mode());
        assertEquals(PumpMode.STOPPED, d.stop().mode());
        assertEquals(3, peer.count("STP"), "running -> STP (paused) -> STP (stopped)");

        peer.setDispensed(new NeDispensed(new BigDecimal("1.234"), new BigDecimal("0.5"), NeVolumeUnit.ML));
        assertEquals(new DeliveredVolume(Volume.ofMicrolitres(1234), Volume.ofMicrolitres(500)), d.readDelivered());
        peer.setDispensed(new NeDispensed(new BigDecimal("12.34"), BigDecimal.ZERO, NeVolumeUnit.UL));
        assertEquals(Volume.ofMicrolitres(13), d.readDelivered().infused(), "delivered is rounded up");
        d.clearDelivered();
        assertEquals(new DeliveredVolume(Volume.ZERO, Volume.ZERO), d.readDelivered());
        assertEquals(List.of(), d.takeAlarms());
    }

    @Test
    void volumeUnitSwitchesWhenTheVolumeDoesNotFit() throws Exception {
        NeDriver d = start();
        d.configureDiameter(SyringeDiameter.ofMillimetres("4.699")); // 1 mL syringe: the pump switches to µL
        assertEquals(Volume.ofMicrolitres(750), d.setVolumeToBeInfused(Volume.ofMicrolitres(750)));
        assertTrue(peer.received().contains("0VOL750"));
        assertEquals(Volume.ofMicrolitres(12_340), d.setVolumeToBeInfused(Volume.ofMicrolitres(12_345)),
                "12345 uL does not fit 4 digits in UL: sent as 12.34 mL, floored");
        assertTrue(peer.received().contains("0VOLML"));
    }

    @Test
    void readRateAndExplicitProgramPreparation() throws Exception {
        NeDriver d = start();
        assertEquals(new FlowRate(12_342), d.setRate(new FlowRate(12_345)), "205.7 uL/min, the closest not above");
        assertEquals(new FlowRate(12_342), d.readRate());
        d.prepareSingleStepProgram();
        assertTrue(peer.received().contains("0FUNSTP"), peer.received().toString());
        int before = peer.received().size();
        d.prepareSingleStepProgram();
        assertTrue(peer.received().subList(before, peer.received().size()).stream()
                .noneMatch(x -> x.startsWith("0FUN") && x.length() > 4), "already prepared: only queries");
    }

    @Test
    @DisplayName("SR-A4: setting a VTBI programs phase 2 = STP so a leftover program cannot pump past the volume")
    void vtbiProgramsASinglePhaseProgram() throws Exception {
        NeDriver d = start();
        d.setVolumeToBeInfused(Volume.ofMicrolitres(5_000));
        List<String> sent = peer.received();
        int phn2 = sent.indexOf("0PHN2");
        assertTrue(phn2 > 0 && sent.indexOf("0FUNSTP") > phn2, sent.toString());
        assertEquals("0PHN1", sent.stream().filter(x -> x.startsWith("0PHN") && x.length() > 4)
                .reduce((a, b) -> b).orElseThrow(), "phase 1 selected again");
        int before = sent.size();
        d.setVolumeToBeInfused(Volume.ofMicrolitres(4_000));
        assertTrue(peer.received().subList(before, peer.received().size()).stream().noneMatch(x -> x.startsWith("0FUN")
                && x.length() > 4), "an unchanged program is not rewritten (NVRAM wear)");
    }

    @Test
    @DisplayName("safe mode: watchdog armed, heartbeats in safe framing, disarmed back to basic")
    void safeModeWithHeartbeats() throws Exception {
        NeDriver d = start();
        d.connect();
        d.armWatchdog(Duration.ofSeconds(10));
        assertEquals(NeFraming.SAFE, d.framing());
        for (int i = 0; i < 5; i++) {
            assertEquals(PumpMode.STOPPED, d.heartbeat().mode());
        }
        assertEquals(new FlowRate(10_000), d.setRate(new FlowRate(10_000)));
        d.disarmWatchdog();
        assertEquals(NeFraming.BASIC, d.framing());
        assertEquals(PumpMode.STOPPED, d.status().mode());
        assertThrows(IllegalArgumentException.class, () -> d.armWatchdog(Duration.ofSeconds(256)));
        assertThrows(IllegalArgumentException.class, () -> d.armWatchdog(Duration.ofMillis(1500)));
    }

    @Test
    @DisplayName("connect detects a pump left in safe mode (NVRAM) and talks safe framing")
    void detectsSafeModeOnConnect() throws Exception {
        NeDriver d = start();
        peer.startInSafeMode(30);
        assertEquals(PumpMode.STOPPED, d.connect().mode());
        assertEquals(NeFraming.SAFE, d.framing());
        assertEquals(new PumpIdentity("NE1000", "3.928"), d.identify());
    }

    @Test
    @DisplayName("alarm latch: the alarmed command was not executed, the alarm is recorded, the command re-sent")
    void alarmLatchResendsSetters() throws Exception {
        NeDriver d = start();
        d.connect();
        peer.latch(NeAlarm.RESET);
        assertEquals(new FlowRate(5_000), d.setRate(new FlowRate(5_000)));
        List<PumpAlarmEvent> alarms = d.takeAlarms();
        assertEquals(1, alarms.size());
        assertEquals(PumpAlarm.RESET, alarms.get(0).alarm());
        assertFalse(alarms.get(0).unsolicited());
        assertEquals(List.of(), d.takeAlarms(), "taken once");
    }

    @Test
    @DisplayName("SR-C2: RUN answered with an alarm is not re-sent")
    void runIsNotResentAfterAnAlarm() throws Exception {
        NeDriver d = start();
        d.connect();
        peer.latchOn("RUN", NeAlarm.STALL);
        PumpAlarmException e = assertThrows(PumpAlarmException.class, d::start);
        assertEquals(PumpAlarm.STALL, e.alarm());
        assertTrue(e.getMessage().contains("not executed"), e.getMessage());
        assertEquals(1, peer.count("RUN"));
        assertEquals(PumpMode.STOPPED, d.status().mode());
        PumpAlarmException pending = assertThrows(PumpAlarmException.class, d::start);
        assertTrue(pending.getMessage().contains("not been acknowledged"), pending.getMessage());
        assertEquals(1, peer.count("RUN"), "nothing sent while an alarm is unacknowledged");
        assertEquals(PumpAlarm.STALL, d.takeAlarms().get(0).alarm());
        assertEquals(PumpMode.INFUSING, d.start().mode());
    }

    @Test
    @DisplayName("a lost RUN reply is settled by a status read, never by a blind re-send")
    void lostRunReplyIsNotResentWhenRunning() throws Exception {
        NeDriver d = start();
        d.connect();
        peer.queueFor("RUN", ScriptedNePeer.Fault.DROP_REPLY);
        assertEquals(PumpMode.INFUSING, d.start().mode());
        assertEquals(1, peer.count("RUN"));
    }

    @Test
    void lostRunRequestIsResentAfterTheStatusShowsStopped() throws Exception {
        NeDriver d = start();
        d.connect();
        peer.queueFor("RUN", ScriptedNePeer.Fault.IGNORE_REQUEST);
        assertEquals(PumpMode.INFUSING, d.start().mode());
        assertEquals(2, peer.count("RUN"));
    }

    @Test
    @DisplayName("SR-D2: a lost RUN reply on a program already over is a start, and RUN is not sent again to run it twice")
    void lostRunReplyOnAProgramAlreadyOver() throws Exception {
        NeDriver d = start();
        d.connect();
        assertEquals(20, d.setVolumeToBeInfused(Volume.ofMicrolitres(20)).microlitres());
        // 20 uL at 84 mL/h take 0.86 s: a driver held up on its retry finds the program over and the pump stopped.
        peer.runsToVolumeAtOnce(true);
        peer.queueFor("RUN", ScriptedNePeer.Fault.DROP_REPLY);

        assertEquals(PumpMode.STOPPED, d.start().mode(), "the program ran to its end");
        assertEquals(1, peer.count("RUN"), "RUN not sent again, which would run the program once more: "
                + peer.received());
        assertEquals(0, new BigDecimal("20").compareTo(peer.dispensed().infusedMicrolitres()),
                "dispensed once: " + peer.dispensed());

        // Stopped with the counter where it was: a RUN that did not happen, still reported.
        peer.runsToVolumeAtOnce(false);
        peer.queueFor("RUN", ScriptedNePeer.Fault.IGNORE_REQUEST, ScriptedNePeer.Fault.IGNORE_REQUEST,
                ScriptedNePeer.Fault.IGNORE_REQUEST, ScriptedNePeer.Fault.IGNORE_REQUEST);
        assertThrows(PumpTimeoutException.class, d::start, "RUN unanswered every time");
        assertEquals(0, new BigDecimal("20").compareTo(peer.dispensed().infusedMicrolitres()));
    }

    @Test
    @DisplayName("a lost pause reply is not re-sent (a second STP would stop the program)")
    void lostPauseReplyIsNotResent() throws Exception {
        NeDriver d = start();
        d.connect();
        d.start();
        peer.queue(ScriptedNePeer.Fault.DROP_REPLY);
        assertEquals(PumpMode.PAUSED, d.pause().mode());
        assertEquals(1, peer.count("STP"));
    }

    @Test
    void crcFailureAndComErrorAreRetried() throws Exception {
        NeDriver d = start();
        d.connect();
        d.armWatchdog(Duration.ofSeconds(20));
        peer.queue(ScriptedNePeer.Fault.CORRUPT_REPLY);
        assertEquals(new PumpIdentity("NE1000", "3.928"), d.identify());
        peer.queue(ScriptedNePeer.Fault.BAD_PACKET, ScriptedNePeer.Fault.BAD_PACKET);
        assertEquals(new FlowRate(2_000), d.setRate(new FlowRate(2_000)));
        peer.queue(ScriptedNePeer.Fault.BAD_PACKET, ScriptedNePeer.Fault.BAD_PACKET, ScriptedNePeer.Fault.BAD_PACKET);
        PumpRefusedException e = assertThrows(PumpRefusedException.class, d::identify);
        assertEquals(PumpError.BAD_PACKET, e.error());
    }

    @Test
    void silenceIsATimeoutNamingAttemptsAndPort() throws Exception {
        NeDriver d = start();
        d.connect();
        peer.queue(ScriptedNePeer.Fault.IGNORE_REQUEST, ScriptedNePeer.Fault.IGNORE_REQUEST,
                ScriptedNePeer.Fault.IGNORE_REQUEST);
        PumpTimeoutException e = assertThrows(PumpTimeoutException.class, d::identify);
        assertEquals(3, e.attempts());
        assertTrue(e.getMessage().contains("'VER'") && e.getMessage().contains(pair.a().toString()), e.getMessage());
        // The third request is on the pty when the driver gives up; the peer's thread may read it a moment later.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (peer.count("VER") < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(3, peer.count("VER"));
    }

    @Test
    void pumpErrorsAreTyped() throws Exception {
        NeDriver d = start();
        d.connect();
        PumpRefusedException oor = assertThrows(PumpRefusedException.class, () -> d.setRate(new FlowRate(2_000_000)));
        assertEquals(PumpError.OUT_OF_RANGE, oor.error());
        assertTrue(oor.getMessage().contains("RAT2000MH"), oor.getMessage());
        d.start();
        PumpRefusedException na = assertThrows(PumpRefusedException.class,
                () -> d.configureDiameter(SyringeDiameter.ofMillimetres("14.43")));
        assertEquals(PumpError.NOT_APPLICABLE, na.error());
        assertEquals(PumpMode.INFUSING, na.mode());
    }

    @Test
    @DisplayName("a rate the pump does not apply as sent fails verification (SR-D2)")
    void rateReadBackMismatch() throws Exception {
        NeDriver d = start();
        d.connect();
        peer.setRateFactor("2");
        PumpVerificationException e = assertThrows(PumpVerificationException.class, () -> d.setRate(new FlowRate(3_000)));
        assertTrue(e.getMessage().contains("reports rate 6MH after being set to 3MH"), e.getMessage());
    }

    @Test
    @DisplayName("unsolicited alarm packets are parsed before the next command and never lost")
    void unsolicitedAlarmIsRecorded() throws Exception {
        NeDriver d = start();
        d.connect();
        d.armWatchdog(Duration.ofSeconds(30));
        peer.sendUnsolicited(NeAlarm.STALL);
        // The latched alarm also answers the next command (not executed), which is re-sent.
        assertEquals(PumpMode.STOPPED, d.status().mode());
        List<PumpAlarmEvent> alarms = d.takeAlarms();
        assertEquals(2, alarms.size(), alarms.toString());
        assertTrue(alarms.get(0).unsolicited());
        assertEquals(PumpAlarm.STALL, alarms.get(0).alarm());
        assertFalse(alarms.get(1).unsolicited());
    }

    @Test
    void addressingSkipsRepliesFromOtherPumps() throws Exception {
        NeDriver d = start(42, fast(42));
        d.connect();
        peer.queue(ScriptedNePeer.Fault.OTHER_ADDRESS_FIRST);
        assertEquals(PumpMode.STOPPED, d.status().mode());
        assertTrue(peer.received().stream().allMatch(s -> s.startsWith("42")));
    }

    @Test
    @DisplayName("SR-D1: unplug is a lost link; after replug the driver reconnects with backoff and re-syncs")
    void unplugThenReconnect() throws Exception {
        NeDriver d = start();
        d.connect();
        peer.close();
        pair.unplug();
        PumpLinkLostException lost = assertThrows(PumpLinkLostException.class, d::status);
        assertTrue(lost.getMessage().contains("lost"), lost.getMessage());
        assertEquals(LinkState.DISCONNECTED, d.linkState());
        // Within the backoff, calls fail fast without touching the port.
        PumpLinkLostException fast = assertThrows(PumpLinkLostException.class, d::status);
        assertTrue(fast.getMessage().contains("next reconnect attempt"), fast.getMessage());

        pair.replug();
        peer = new ScriptedNePeer(pair.b(), 0);
        peer.startInSafeMode(5);
        long deadline = TIME.monotonicNanos() + Duration.ofSeconds(5).toNanos();
        PumpMode mode = null;
        while (mode == null && TIME.monotonicNanos() < deadline) {
            try {
                mode = d.status().mode();
            } catch (PumpLinkLostException stillDown) {
                Thread.onSpinWait();
            }
        }
        assertEquals(PumpMode.STOPPED, mode);
        assertEquals(LinkState.CONNECTED, d.linkState());
        assertEquals(NeFraming.SAFE, d.framing(), "re-sync detected the framing");
        assertEquals("0", peer.received().get(0), "the first thing sent after reconnecting is a status query");
    }

    @Test
    void nothingListeningIsATimeoutAtConnect() throws Exception {
        NeDriver d = start();
        peer.close();
        PumpTimeoutException e = assertThrows(PumpTimeoutException.class, d::connect);
        assertTrue(e.getMessage().contains("basic or safe framing"), e.getMessage());
        assertInstanceOf(PumpTimeoutException.class, e);
    }
}
