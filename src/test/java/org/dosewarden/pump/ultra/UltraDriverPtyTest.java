package org.dosewarden.pump.ultra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.DeliveredVolume;
import org.dosewarden.pump.LinkCounters;
import org.dosewarden.pump.LinkState;
import org.dosewarden.pump.PumpAlarm;
import org.dosewarden.pump.PumpAlarmEvent;
import org.dosewarden.pump.PumpAlarmException;
import org.dosewarden.pump.PumpError;
import org.dosewarden.pump.PumpIdentity;
import org.dosewarden.pump.PumpLinkLostException;
import org.dosewarden.pump.PumpMode;
import org.dosewarden.pump.PumpRefusedException;
import org.dosewarden.pump.PumpTimeoutException;
import org.dosewarden.pump.SerialSettings;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.link.SerialTransport;
import org.dosewarden.sim.Garbling;
import org.dosewarden.sim.SerialPortLine;
import org.dosewarden.sim.SimulatedUltraPump;
import org.dosewarden.sim.StreamLine;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Ultra driver over a real socat pty pair (jSerialComm on both ends) against the simulated Pump 11 Elite:
 * every canonical operation read back, the target as the pump's own completion ({@code T*}), the stall prompt as an
 * alarm, silence, garbled replies, line noise, a power cycle, and a pulled cable. Driver and pump run on the real
 * clock.
 */
class UltraDriverPtyTest {

    static final TimeSource TIME = TimeSource.system();
    /** 999.9 mL/h: 100 uL take 0.36 s. */
    static final FlowRate FAST = new FlowRate(999_900);

    SocatPair pair;
    SimulatedUltraPump pump;
    StreamLine line;
    UltraDriver driver;

    static UltraDriverSettings settings() {
        return new UltraDriverSettings(0, Duration.ofMillis(250), 2, 12, Duration.ofMillis(50), Duration.ofMillis(400),
                "ver", Pattern.compile("^(?<model>.+) (?<firmware>\\d+\\.\\d+\\.\\d+)$"));
    }

    @BeforeEach
    void rig() throws Exception {
        pair = SocatPair.start();
        pump = SimulatedUltraPump.builder(TIME).name("pty-ultra").build();
        line = SerialPortLine.start(pump, pair.b());
        driver = new UltraDriver(new SerialTransport(pair.a().toString(), SerialSettings.eightNoneOne(115200), TIME),
                TIME, settings());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        if (line != null) {
            line.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    @DisplayName("SR-D2: every canonical operation is read back; the session is poll mode and nvram none")
    void everyOperation() throws Exception {
        assertEquals(PumpMode.STOPPED, driver.connect().mode());
        assertEquals(LinkState.CONNECTED, driver.linkState());
        assertTrue(pump.snapshot().pollMode() && pump.snapshot().nvramNone(), pump.statusLine());
        assertEquals(new PumpIdentity("11 ELITE I/W Single", "3.0.4"), driver.identify());
        assertEquals(SyringeDiameter.ofMillimetres("26.59"), driver.configureDiameter(SyringeDiameter.ofMillimetres("26.59")));
        assertEquals(new FlowRate(12_340), driver.setRate(new FlowRate(12_345)), "floored to four digits, never up");
        assertEquals(0, new BigDecimal("12340").compareTo(pump.snapshot().infuseRateMicrolitresPerHour()));
        assertEquals(new FlowRate(12_340), driver.readRate());
        assertEquals(new FlowRate(84_000), driver.setRate(new FlowRate(84_000)));
        assertEquals(Volume.ofMicrolitres(2_500), driver.setVolumeToBeInfused(Volume.ofMicrolitres(2_500)));
        assertEquals(PumpMode.INFUSING, driver.start().mode());
        assertEquals(PumpMode.STOPPED, driver.pause().mode(), "no pause state: stopped, target kept");
        assertEquals(PumpMode.INFUSING, driver.start().mode(), "resumes toward the same target");
        assertEquals(PumpMode.STOPPED, driver.stop().mode());
        assertEquals(PumpMode.STOPPED, driver.stop().mode(), "stopping again is harmless");
        DeliveredVolume d = driver.readDelivered();
        assertTrue(d.infused().microlitres() > 0 && d.infused().microlitres() <= 2_500, d.toString());
        assertTrue(d.infused().microlitres() * 1_000 >= pump.reportedDispensed().infusedNanolitres(),
                "delivered rounded up: " + d + " vs " + pump.reportedDispensed());
        driver.clearDelivered();
        assertEquals(new DeliveredVolume(Volume.ZERO, Volume.ZERO), driver.readDelivered());
        assertEquals(Volume.ZERO, driver.setVolumeToBeInfused(Volume.ZERO), "target cleared");
        assertTrue(pump.snapshot().targetMicrolitres().isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> driver.armWatchdog(Duration.ofSeconds(5)));
        assertEquals(List.of(), driver.takeAlarms());
        assertEquals(0, pump.snapshot().nvramWrites(), "nothing written to the pump's memory under nvram none");
    }

    @Test
    @DisplayName("SR-A4: the armed target stops the pump by itself (T*), exactly at the armed volume")
    void targetReached() throws Exception {
        driver.connect();
        driver.setRate(FAST);
        long before = pump.reportedDispensed().infusedNanolitres();
        assertEquals(Volume.ofMicrolitres(100), driver.setVolumeToBeInfused(Volume.ofMicrolitres(100)));
        driver.start();
        await(() -> pump.prompt() == UltraPrompt.TARGET_REACHED, Duration.ofSeconds(10), "target reached");
        assertEquals(PumpMode.TARGET_REACHED, driver.status().mode());
        assertEquals(before + 100_000, pump.reportedDispensed().infusedNanolitres(), "stopped to the nanolitre");
        // A second stretch counts on from where the first ended.
        assertEquals(Volume.ofMicrolitres(50), driver.setVolumeToBeInfused(Volume.ofMicrolitres(50)));
        assertEquals(PumpMode.STOPPED, driver.status().mode(), "a new target clears T*");
        driver.start();
        await(() -> pump.prompt() == UltraPrompt.TARGET_REACHED, Duration.ofSeconds(10), "second target reached");
        assertEquals(before + 150_000, pump.truth().infusedNanolitres());
    }

    @Test
    @DisplayName("SR-C1: a stall (prompt *) is one STALL alarm; the pump stays stopped and start refuses until cleared")
    void stall() throws Exception {
        driver.connect();
        driver.setRate(new FlowRate(84_000));
        driver.setVolumeToBeInfused(Volume.ofMicrolitres(5_000));
        driver.start();
        pump.faults().stall();
        assertEquals(PumpMode.STOPPED, driver.status().mode());
        driver.readRate();
        driver.readDelivered();
        List<PumpAlarmEvent> alarms = driver.takeAlarms();
        assertEquals(List.of(PumpAlarm.STALL), alarms.stream().map(PumpAlarmEvent::alarm).toList(),
                "one alarm however many replies show *");
        assertEquals("*", alarms.getFirst().pumpCode());
        PumpAlarmException refused = assertThrows(PumpAlarmException.class, driver::start);
        assertEquals(PumpAlarm.STALL, refused.alarm());
        assertEquals(0, pump.snapshot().actualRateNlPerHour());
        pump.faults().clearStall();
        assertEquals(PumpMode.INFUSING, driver.start().mode());
        assertEquals(List.of(), driver.takeAlarms(), "no new alarm once the stall is cleared");
    }

    @Test
    @DisplayName("SR-D1: silence is a timeout naming the attempts; the link recovers when the pump answers again")
    void silence() throws Exception {
        driver.connect();
        pump.faults().silenceIndefinitely();
        PumpTimeoutException e = assertThrows(PumpTimeoutException.class, driver::readRate);
        assertEquals(3, e.attempts());
        assertTrue(e.getMessage().contains("'irate'") && e.getMessage().contains(pair.a().toString()), e.getMessage());
        pump.faults().endSilence();
        assertEquals(new PumpIdentity("11 ELITE I/W Single", "3.0.4"), driver.identify());
    }

    @Test
    @DisplayName("SR-D7: garbled replies and line noise are asked again, never believed, never a lost link")
    void garbling() throws Exception {
        driver.connect();
        driver.setRate(new FlowRate(84_000));
        pump.faults().garbleReplies(30, Garbling.FLIP_BIT);
        for (int i = 0; i < 20; i++) {
            assertEquals(new FlowRate(84_000), driver.readRate());
            assertEquals(PumpMode.STOPPED, driver.status().mode());
        }
        pump.faults().stopGarbling();
        pump.faults().lineNoise(new BigDecimal("3"));
        for (int i = 0; i < 20; i++) {
            assertEquals(new FlowRate(84_000), driver.readRate());
            assertEquals(new FlowRate(60_000), driver.setRate(new FlowRate(60_000)));
            assertEquals(new FlowRate(84_000), driver.setRate(new FlowRate(84_000)));
        }
        pump.faults().lineNoise(BigDecimal.ZERO);
        assertEquals(List.of(), driver.takeAlarms(), "noise raised no alarm (a flipped ':' looks like a stall '*')");
        LinkCounters c = driver.linkCounters();
        assertTrue(c.garbledReplies() > 0 && pump.lineStatistics().damaged() > 0, c + " " + pump.lineStatistics());
        assertEquals(LinkState.CONNECTED, driver.linkState());
        pump.faults().garbleReplies(100, Garbling.FLIP_BIT);
        assertThrows(org.dosewarden.pump.PumpException.class, driver::readRate, "every reply garbled: given up");
        pump.faults().stopGarbling();
    }

    @Test
    @DisplayName("SR-G2: a power cycle (the pump forgets poll mode) is a RESET alarm; the session is set up again")
    void powerCycle() throws Exception {
        driver.connect();
        driver.setRate(new FlowRate(84_000));
        driver.setVolumeToBeInfused(Volume.ofMicrolitres(5_000));
        driver.start();
        await(() -> pump.reportedDispensed().infusedNanolitres() > 0, Duration.ofSeconds(5), "delivering");
        pump.faults().powerCycle();
        assertEquals(PumpMode.STOPPED, driver.status().mode());
        assertEquals(List.of(PumpAlarm.RESET), driver.takeAlarms().stream().map(PumpAlarmEvent::alarm).toList());
        assertTrue(pump.snapshot().pollMode() && pump.snapshot().nvramNone(), "session set up again: "
                + pump.statusLine());
        assertEquals(Volume.ZERO, driver.readDelivered().infused(), "the pump's counter restarted from zero");
        assertTrue(pump.snapshot().targetMicrolitres().isEmpty(), "the target is gone with the power");
        assertEquals(0, new BigDecimal("0").compareTo(pump.snapshot().infuseRateMicrolitresPerHour()),
                "under nvram none the rate sent was never stored");
    }

    @Test
    @DisplayName("a pulled cable is a lost link; the driver reconnects after its backoff and sets the session up again")
    void unplugAndReconnect() throws Exception {
        driver.connect();
        pair.unplug();
        assertThrows(PumpLinkLostException.class, driver::readRate);
        assertEquals(LinkState.DISCONNECTED, driver.linkState());
        line.close();
        pair.replug();
        line = SerialPortLine.start(pump, pair.b());
        await(() -> {
            try {
                driver.status();
                return true;
            } catch (org.dosewarden.pump.PumpException e) {
                return false;
            }
        }, Duration.ofSeconds(10), "reconnected");
        assertEquals(LinkState.CONNECTED, driver.linkState());
    }

    @Test
    @DisplayName("the pump's errors are typed: a rate out of range is refused, not retried forever")
    void errorsAreTyped() throws Exception {
        driver.connect();
        PumpRefusedException e = assertThrows(PumpRefusedException.class, () -> driver.setRate(new FlowRate(1)));
        assertEquals(PumpError.OUT_OF_RANGE, e.error());
        e = assertThrows(PumpRefusedException.class, () -> {
            driver.setRate(new FlowRate(84_000));
            driver.setVolumeToBeInfused(Volume.ofMicrolitres(5_000));
            driver.start();
            driver.setVolumeToBeInfused(Volume.ofMicrolitres(100));
        });
        assertEquals(PumpError.NOT_APPLICABLE, e.error(), "the target is armed with the pump stopped");
    }

    static void await(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(5);  // polling a condition with a deadline
        }
    }
}
