package org.dosewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.sim.SerialPortLine;
import org.dosewarden.sim.SimulatedUltraPump;
import org.dosewarden.sim.StreamLine;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code dosewarden pump} on the second family: the real command line with the {@code harvard-elite} profile, a real
 * pty (socat) and the simulated Pump 11 Elite on the far end. Tests run in order on one simulated pump.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PumpCommandUltraTest {

    private static SocatPair pair;
    private static SimulatedUltraPump pump;
    private static StreamLine line;

    @BeforeAll
    static void startSimulator() throws Exception {
        pump = SimulatedUltraPump.builder(TimeSource.system()).build();
        pair = SocatPair.start();
        line = SerialPortLine.start(pump, pair.b());
    }

    @AfterAll
    static void stopSimulator() {
        line.close();
        pair.close();
    }

    static PumpCommandTest.Result pump(String... args) {
        List<String> all = new ArrayList<>(List.of("pump", "--profiles-dir", "device-profiles", "--profile",
                "harvard-elite", "--port", pair.a().toString()));
        all.addAll(List.of(args));
        return PumpCommandTest.cli(all.toArray(String[]::new));
    }

    @Test
    @Order(1)
    @DisplayName("commissioning an Elite: identify, status, syringe, rate, target, run, stop, dispensed, clear")
    void commissionsAnElite() throws InterruptedException {
        assertEquals(new PumpCommandTest.Result(0, "{\"model\":\"11 ELITE I/W Single\",\"firmware\":\"3.0.4\"}", ""),
                pump("--json", "identify"));
        assertEquals(new PumpCommandTest.Result(0, "{\"mode\":\"STOPPED\",\"alarm\":null}", ""), pump("--json", "status"));
        PumpCommandTest.Result syringe = pump("--json", "set-syringe", "bd-plastic-60ml");
        assertEquals(0, syringe.code(), syringe.toString());
        assertTrue(syringe.out().startsWith("{\"syringe\":\"bd-plastic-60ml\",\"diameterMm\":26.59"), syringe.out());
        assertEquals(new PumpCommandTest.Result(0, "{\"requestedMlPerHour\":84,\"rateMlPerHour\":84}", ""),
                pump("--json", "set-rate", "84mL/h"));
        assertEquals(new PumpCommandTest.Result(0, "{\"requestedMl\":0.05,\"vtbiMl\":0.05}", ""),
                pump("--json", "set-target", "50uL"));
        PumpCommandTest.Result run = pump("--json", "run");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("{\"mode\":\"RUNNING\""), run.out());
        // 50 uL at 84 mL/h take 2.1 s: the pump stops itself on its target (T*).
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!pump.prompt().wire().equals("T*") && System.nanoTime() < deadline) {
            Thread.sleep(20);  // polling a condition with a deadline
        }
        assertEquals(new PumpCommandTest.Result(0, "{\"mode\":\"TARGET_REACHED\",\"alarm\":null}", ""),
                pump("--json", "status"));
        assertEquals(new PumpCommandTest.Result(0, "{\"infusedMl\":0.05,\"withdrawnMl\":0}", ""), pump("--json", "dispensed"));
        assertEquals(new PumpCommandTest.Result(0, "{\"mode\":\"STOPPED\",\"alarm\":null}", ""), pump("--json", "stop"));
        assertEquals(new PumpCommandTest.Result(0, "{\"infusedMl\":0,\"withdrawnMl\":0}", ""), pump("--json", "clear"));
        assertTrue(pump.snapshot().nvramNone() && pump.snapshot().nvramWrites() == 0,
                "every invocation set nvram none first: " + pump.statusLine());
    }

    @Test
    @Order(2)
    @DisplayName("the Elite's stall prompt is an alarm (exit 7); its missing watchdog is said, not faked")
    void stallAndNoWatchdog() {
        pump.faults().stall();
        PumpCommandTest.Result stalled = pump("--json", "status");
        assertEquals(7, stalled.code(), stalled.toString());
        assertTrue(stalled.out().contains("STALL"), stalled.out());
        pump.faults().clearStall();
        PumpCommandTest.Result watchdog = pump("--json", "watchdog", "30");
        assertTrue(watchdog.code() != 0, watchdog.toString());
        assertTrue(watchdog.err().contains("no communications watchdog"), watchdog.err());
    }

    @Test
    @Order(3)
    void silentPumpIsATimeout() {
        pump.faults().silenceIndefinitely();
        try {
            PumpCommandTest.Result r = pump("--json", "status");
            assertEquals(5, r.code(), r.toString());
            assertTrue(r.out().startsWith("{\"error\":\"TIMEOUT\""), r.out());
        } finally {
            pump.faults().endSilence();
        }
    }
}
