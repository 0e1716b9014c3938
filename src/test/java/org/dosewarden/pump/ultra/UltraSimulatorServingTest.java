package org.dosewarden.pump.ultra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.PumpIdentity;
import org.dosewarden.pump.PumpMode;
import org.dosewarden.pump.profile.DeviceProfiles;
import org.dosewarden.pump.wiring.PumpDrivers;
import org.dosewarden.pump.wiring.TransportFactory;
import org.dosewarden.sim.PumpSim;
import org.dosewarden.sim.SimulatedUltraPump;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ultra simulator reached the two ways a user reaches it: standalone ({@code scripts/pump-sim --family ultra
 * --pty PATH}, here {@link PumpSim#launch}) with the {@code harvard-elite} profile on the pty, and in-process with the
 * {@code sim-ultra} profile's {@code sim:NAME} port. The driver is built by {@link PumpDrivers} as the daemon builds it.
 */
class UltraSimulatorServingTest {

    static final TimeSource TIME = TimeSource.system();

    @TempDir
    Path dir;

    @Test
    @DisplayName("pump-sim --family ultra --pty: the harvard-elite driver commissions the simulated Elite through a real pty, with fault injection")
    void standaloneOnPty() throws Exception {
        Path link = dir.resolve("ttyELITE0");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try (PumpSim.Running sim = PumpSim.launch(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                "--family", "ultra", "--pty", link.toString())) {
            assertTrue(stdout.toString(StandardCharsets.UTF_8).endsWith("ready\n"), stdout.toString(StandardCharsets.UTF_8));
            SimulatedUltraPump pump = assertInstanceOf(SimulatedUltraPump.class, sim.device());
            try (PumpDriver driver = PumpDrivers.create(DeviceProfiles.standard().load("harvard-elite"),
                    Optional.of(link.toString()), Optional.empty(), Optional.empty(), TIME, TransportFactory.standard())) {
                assertInstanceOf(UltraDriver.class, driver);
                assertEquals(new PumpIdentity("11 ELITE I/W Single", "3.0.4"), driver.identify());
                assertEquals(new FlowRate(84_000), driver.setRate(new FlowRate(84_000)));
                assertEquals(Volume.ofMicrolitres(30), driver.setVolumeToBeInfused(Volume.ofMicrolitres(30)));
                assertEquals(PumpMode.INFUSING, driver.start().mode());
                awaitTarget(driver);
                assertEquals(Volume.ofMicrolitres(30), driver.readDelivered().infused());
                pump.faults().stall();
                assertEquals(org.dosewarden.pump.PumpAlarm.STALL, driver.status().pendingAlarms().getFirst().alarm());
            }
        }
    }

    @Test
    @DisplayName("sim:NAME in-process with the sim-ultra profile: the same driver, no serial port")
    void inProcess() throws Exception {
        try (PumpDriver driver = PumpDrivers.create(DeviceProfiles.standard().load("sim-ultra"),
                Optional.of("sim:ultra-in-process?family=ultra"), Optional.empty(), Optional.empty(), TIME,
                TransportFactory.standard())) {
            assertEquals(new PumpIdentity("11 ELITE I/W Single", "3.0.4"), driver.identify());
            assertEquals(new FlowRate(60_000), driver.setRate(new FlowRate(60_000)));
            assertEquals(PumpMode.STOPPED, driver.status().mode());
        }
    }

    static void awaitTarget(PumpDriver driver) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (driver.status().mode() != PumpMode.TARGET_REACHED) {
            assertTrue(System.nanoTime() < deadline, "target not reached within 10 s");
            Thread.sleep(50);  // polling a condition with a deadline
        }
    }
}
