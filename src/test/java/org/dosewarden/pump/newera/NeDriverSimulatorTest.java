package org.dosewarden.pump.newera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.dosewarden.clock.ScaledTimeSource;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.LinkState;
import org.dosewarden.pump.PumpAlarm;
import org.dosewarden.pump.PumpAlarmEvent;
import org.dosewarden.pump.PumpAlarmException;
import org.dosewarden.pump.PumpDirection;
import org.dosewarden.pump.PumpError;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpIdentity;
import org.dosewarden.pump.PumpLinkLostException;
import org.dosewarden.pump.PumpMode;
import org.dosewarden.pump.PumpRefusedException;
import org.dosewarden.pump.PumpTimeoutException;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.Transport;
import org.dosewarden.pump.link.SerialTransport;
import org.dosewarden.pump.link.TcpTransport;
import org.dosewarden.sim.Garbling;
import org.dosewarden.sim.SerialPortLine;
import org.dosewarden.sim.SimulatedPump;
import org.dosewarden.sim.StreamLine;
import org.dosewarden.sim.TcpPumpServer;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The New Era driver against the faithful simulator ({@code org.dosewarden.sim}) over a real socat pty pair
 * (jSerialComm on both ends) and over TCP: every canonical operation, safe mode with heartbeats, watchdog
 * expiry, each injected fault, unplug and reconnect. The simulator runs on accelerated time so pump-side
 * minutes pass in milliseconds; the driver runs on the real clock, as in production.
 */
class NeDriverSimulatorTest {

    private static final TimeSource REAL = TimeSource.system();

    private SocatPair pair;
    private StreamLine line;
    private TcpPumpServer server;
    private SimulatedPump pump;
    private NeDriver driver;

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        if (line != null) {
            line.close();
        }
        if (server != null) {
            server.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    private static NeDriverSettings settings() {
        return new NeDriverSettings(0, Duration.ofMillis(250), 2, NeFraming.BASIC, Duration.ofMillis(50),
                Duration.ofMillis(400), Duration.ofMillis(40), 1, 255);
    }

    /** A factory-fresh pump (A?R latched, as after power-up) served on a pty; the driver on the other end. */
    private NeDriver overPty(long timeFactor) throws Exception {
        pump = SimulatedPump.builder(new ScaledTimeSource(REAL, timeFactor)).build();
        pair = SocatPair.start();
        line = SerialPortLine.start(pump, pair.b());
        driver = new NeDriver(new SerialTransport(pair.a().toString(), SerialSettings.eightNoneOne(19200), REAL), REAL,
                settings());
        return driver;
    }

    private NeDriver overTcp(long timeFactor) throws Exception {
        pump = SimulatedPump.builder(new ScaledTimeSource(REAL, timeFactor)).build();
        server = TcpPumpServer.start(pump, 0);
        Transport t = new TcpTransport("127.0.0.1", server.port(), REAL);
        driver = new NeDriver(t, REAL, settings());
        return driver;
    }

    private static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = REAL.monotonicNanos() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (REAL.monotonicNanos() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private PumpMode pollUntil(PumpMode wanted, Duration within) throws PumpException {
        long deadline = REAL.monotonicNanos() + within.toNanos();
        PumpMode mode = driver.status().mode();
        while (mode != wanted && REAL.monotonicNanos() - deadline < 0) {
            mode = driver.status().mode();
        }
        return mode;
    }

    private void canonicalSession(NeDriver d) throws Exception {
        d.connect();
        List<PumpAlarmEvent> powerUp = d.takeAlarms();
        assertEquals(PumpAlarm.RESET, powerUp.get(0).alarm(), "the power-up A?R answers the first command");
        assertEquals(new PumpIdentity("NE1000", "3.928"), d.identify());
        assertEquals(SyringeDiameter.ofMillimetres("26.59"), d.configureDiameter(SyringeDiameter.ofMillimetres("26.59")));
        assertEquals(new FlowRate(60_000), d.setRate(new FlowRate(60_000)));
        assertEquals(Volume.ofMicrolitres(1_000), d.setVolumeToBeInfused(Volume.ofMicrolitres(1_000)));
        d.setDirection(PumpDirection.INFUSE);
        d.clearDelivered();
        assertEquals(PumpMode.INFUSING, d.start().mode());
        // 1 mL at 60 mL/h is one minute of pump time; the pump stops itself at the volume (phase 2 = STP).
        assertEquals(PumpMode.STOPPED, pollUntil(PumpMode.STOPPED, Duration.ofSeconds(10)));
        assertEquals(Volume.ofMicrolitres(1_000), d.readDelivered().infused());
        assertEquals(1_000, pump.truth().infusedMicrolitres());
        assertEquals(Volume.ZERO, d.readDelivered().withdrawn());

        assertEquals(Volume.ZERO, d.setVolumeToBeInfused(Volume.ZERO), "0 = no pump-side limit");
        assertEquals(PumpMode.INFUSING, d.start().mode());
        assertEquals(PumpMode.PAUSED, d.pause().mode());
        assertEquals(PumpMode.INFUSING, d.start().mode(), "resume");
        assertEquals(PumpMode.STOPPED, d.stop().mode());
        assertTrue(d.readDelivered().infused().microlitres() >= 1_000);
        d.clearDelivered();
        assertEquals(Volume.ZERO, d.readDelivered().infused());
        assertEquals(List.of(), d.takeAlarms());
    }

    @Test
    @DisplayName("every canonical operation against the simulator over a pty")
    void canonicalOperationsOverPty() throws Exception {
        canonicalSession(overPty(3600));
    }

    @Test
    @DisplayName("every canonical operation against the simulator over TCP")
    void canonicalOperationsOverTcp() throws Exception {
        canonicalSession(overTcp(3600));
    }

    @Test
    void outOfRangeRateAndNotApplicableAreTyped() throws Exception {
        NeDriver d = overPty(1);
        d.connect();
        d.takeAlarms();
        d.configureDiameter(SyringeDiameter.ofMillimetres("4.699")); // 1 mL: at most 0.88 mL/min
        PumpRefusedException oor = assertThrows(PumpRefusedException.class, () -> d.setRate(new FlowRate(100_000)));
        assertEquals(PumpError.OUT_OF_RANGE, oor.error());
        d.setRate(new FlowRate(10_000));
        d.start();
        PumpRefusedException na = assertThrows(PumpRefusedException.class,
                () -> d.configureDiameter(SyringeDiameter.ofMillimetres("26.59")));
        assertEquals(PumpError.NOT_APPLICABLE, na.error());
        d.stop();
    }

    @Test
    @DisplayName("SR-D1: safe mode with heartbeats keeps the pump running; silence trips its watchdog (A?T)")
    void safeModeHeartbeatsThenWatchdogExpiry() throws Exception {
        NeDriver d = overPty(10); // watchdog 2 s of pump time = 200 ms real
        d.connect();
        d.takeAlarms();
        d.setVolumeToBeInfused(Volume.ZERO);
        d.setRate(new FlowRate(10_000));
        d.armWatchdog(Duration.ofSeconds(2));
        assertEquals(NeFraming.SAFE, d.framing());
        d.start();
        long until = REAL.monotonicNanos() + Duration.ofMillis(700).toNanos(); // 7 s of pump time
        int beats = 0;
        while (REAL.monotonicNanos() - until < 0) {
            assertEquals(PumpMode.INFUSING, d.heartbeat().mode());
            beats++;
        }
        assertTrue(beats > 10, "heartbeats sent: " + beats);
        assertEquals(List.of(), d.takeAlarms(), "heartbeats kept the watchdog fed");

        await("the watchdog to stop the pump", Duration.ofSeconds(5),
                () -> pump.snapshot().latchedAlarm().orElse(null) == NeAlarm.COMM_TIMEOUT);
        assertEquals(PumpMode.STOPPED, d.status().mode());
        List<PumpAlarmEvent> alarms = d.takeAlarms();
        assertTrue(alarms.stream().allMatch(a -> a.alarm() == PumpAlarm.COMM_TIMEOUT), alarms.toString());
        assertTrue(alarms.stream().anyMatch(PumpAlarmEvent::unsolicited), "the auto-sent packet was not lost: " + alarms);
        assertTrue(alarms.stream().anyMatch(a -> !a.unsolicited()), "and the latched alarm answered a command");
        d.disarmWatchdog();
        assertEquals(NeFraming.BASIC, d.framing());
    }

    @Test
    @DisplayName("stall: recorded as STALL, the pump is stopped, RUN is not re-sent (SR-C2)")
    void stall() throws Exception {
        NeDriver d = overPty(1);
        d.connect();
        d.takeAlarms();
        d.start();
        pump.faults().stall();
        assertEquals(PumpMode.STOPPED, d.status().mode());
        assertEquals(List.of(PumpAlarm.STALL), d.takeAlarms().stream().map(PumpAlarmEvent::alarm).toList());
        pump.faults().stall();
        PumpAlarmException e = assertThrows(PumpAlarmException.class, d::start);
        assertEquals(PumpAlarm.STALL, e.alarm());
        assertEquals(PumpMode.STOPPED, d.status().mode(), "RUN answered by the alarm was not executed");
    }

    @Test
    void powerCycleIsAResetAlarm() throws Exception {
        NeDriver d = overPty(1);
        d.connect();
        d.takeAlarms();
        d.setRate(new FlowRate(5_000));
        d.start();
        pump.faults().powerCycle();
        assertEquals(PumpMode.STOPPED, d.status().mode());
        assertEquals(List.of(PumpAlarm.RESET), d.takeAlarms().stream().map(PumpAlarmEvent::alarm).toList());
    }

    @Test
    void silenceIsATimeoutAndTheLinkRecovers() throws Exception {
        NeDriver d = overPty(1);
        d.connect();
        pump.faults().silenceIndefinitely();
        PumpTimeoutException e = assertThrows(PumpTimeoutException.class, d::identify);
        assertEquals(3, e.attempts());
        pump.faults().endSilence();
        assertEquals(new PumpIdentity("NE1000", "3.928"), d.identify());
    }

    @Test
    @DisplayName("garbled replies: CRC failures in safe mode are retried; when every reply is garbled, a timeout names it")
    void garbledReplies() throws Exception {
        NeDriver d = overPty(1);
        d.connect();
        d.armWatchdog(Duration.ofSeconds(60));
        d.takeAlarms();
        pump.faults().garbleReplies(30, Garbling.FLIP_BIT);
        for (int i = 0; i < 20; i++) {
            assertEquals(new PumpIdentity("NE1000", "3.928"), d.identify());
        }
        pump.faults().garbleReplies(100, Garbling.FLIP_BIT);
        PumpTimeoutException e = assertThrows(PumpTimeoutException.class, d::identify);
        assertTrue(e.getMessage().contains("corrupt reply") || e.getMessage().contains("malformed"), e.getMessage());
        pump.faults().stopGarbling();
        d.disarmWatchdog();
    }

    @Test
    @DisplayName("a muted RUN reply is settled by reading the status, not by re-sending RUN")
    void mutedRunReply() throws Exception {
        NeDriver d = overPty(1);
        d.connect();
        d.takeAlarms();
        pump.faults().muteReplies(Duration.ofMillis(200));
        assertEquals(PumpMode.INFUSING, d.start().mode());
        assertEquals(PumpMode.STOPPED, d.stop().mode());
    }

    @Test
    @DisplayName("pump-side lies (rate factor, ignored VTBI, under-reporting) reach the caller as the pump states them")
    void driverReportsWhatThePumpSays() throws Exception {
        NeDriver d = overTcp(3600);
        d.connect();
        d.takeAlarms();
        d.setRate(new FlowRate(60_000));
        d.setVolumeToBeInfused(Volume.ofMicrolitres(1_000));
        d.clearDelivered();
        pump.faults().ignoreVtbi(true);
        pump.faults().underReport(new BigDecimal("0.5"));
        d.start();
        await("2 mL to leave the syringe", Duration.ofSeconds(10), () -> pump.truth().infusedMicrolitres() >= 2_000);
        assertEquals(PumpMode.INFUSING, d.status().mode(), "still running past the volume to be infused");
        long reported = d.readDelivered().infused().microlitres();
        assertTrue(reported < pump.truth().infusedMicrolitres(), "under-reported: " + reported);
        d.stop();
    }

    @Test
    @DisplayName("SR-D1: unplug (kill socat) is a lost link; after replug the driver reconnects and re-syncs")
    void unplugAndReconnectOverPty() throws Exception {
        NeDriver d = overPty(1);
        d.connect();
        d.takeAlarms();
        line.close();
        pair.unplug();
        assertThrows(PumpLinkLostException.class, d::status);
        assertEquals(LinkState.DISCONNECTED, d.linkState());
        pair.replug();
        line = SerialPortLine.start(pump, pair.b());
        assertEquals(PumpMode.STOPPED, reconnect(d));
        assertEquals(LinkState.CONNECTED, d.linkState());
    }

    @Test
    void unplugAndReconnectOverTcp() throws Exception {
        NeDriver d = overTcp(1);
        d.connect();
        d.takeAlarms();
        pump.faults().unplug();
        PumpLinkLostException lost = assertThrows(PumpLinkLostException.class, () -> {
            for (int i = 0; i < 50; i++) {
                d.status();
            }
        });
        assertTrue(lost.getMessage().contains("tcp://127.0.0.1:" + server.port()), lost.getMessage());
        assertFalse(d.linkState() == LinkState.CONNECTED);
        pump.faults().plugIn();
        assertEquals(PumpMode.STOPPED, reconnect(d));
    }

    private PumpMode reconnect(NeDriver d) throws PumpException {
        long deadline = REAL.monotonicNanos() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                return d.status().mode();
            } catch (PumpLinkLostException | PumpTimeoutException e) {
                if (REAL.monotonicNanos() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(5_000_000);
            }
        }
    }
}
