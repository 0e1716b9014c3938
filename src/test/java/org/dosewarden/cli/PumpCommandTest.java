package org.dosewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.dosewarden.Dosewarden;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.sim.SerialPortLine;
import org.dosewarden.sim.SimulatedPump;
import org.dosewarden.sim.StreamLine;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * {@code dosewarden pump} end to end: the real command line, a real pty (socat) and the simulator on the far
 * end, as a biomedical engineer would commission a pump. Tests run in order on one simulated pump.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PumpCommandTest {

    private static SocatPair pair;
    private static SimulatedPump pump;
    private static StreamLine line;

    record Result(int code, String out, String err) {}

    @BeforeAll
    static void startSimulator() throws Exception {
        pump = SimulatedPump.builder(TimeSource.system()).build();
        pair = SocatPair.start();
        line = SerialPortLine.start(pump, pair.b());
    }

    @AfterAll
    static void stopSimulator() {
        line.close();
        pair.close();
    }

    static Result pump(String... args) {
        List<String> all = new ArrayList<>(List.of("pump", "--profiles-dir", "device-profiles", "--profile",
                "newera-ne1000", "--port", pair.a().toString()));
        all.addAll(List.of(args));
        return cli(all.toArray(String[]::new));
    }

    static Result cli(String... args) {
        CommandLine cl = Dosewarden.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString().strip(), err.toString().strip());
    }

    @Test
    @Order(1)
    @DisplayName("the power-up alarm is reported, the command re-sent and answered, and the exit code says alarm")
    void powerUpAlarmIsReported() {
        Result r = pump("--json", "identify");
        assertEquals(7, r.code(), r.toString());
        assertEquals("{\"model\":\"NE1000\",\"firmware\":\"3.928\",\"alarms\":[\"RESET\"],\"alarm\":\"RESET\"}", r.out());
        assertTrue(r.err().contains("pump alarm RESET"), r.err());
    }

    @Test
    @Order(2)
    void identifyAndStatus() {
        Result id = pump("--json", "identify");
        assertEquals(new Result(0, "{\"model\":\"NE1000\",\"firmware\":\"3.928\"}", ""), id);
        assertEquals(new Result(0, "{\"mode\":\"STOPPED\",\"alarm\":null}", ""), pump("--json", "status"));
        assertEquals(new Result(0, "model NE1000, firmware 3.928", ""), pump("identify"));
    }

    @Test
    @Order(2)
    @DisplayName("the pump options may follow the command, as README.md writes them (identify --json)")
    void optionsAfterTheCommand() {
        Result after = cli("pump", "--profile", "newera-ne1000", "--port", pair.a().toString(), "identify", "--json",
                "--profiles-dir", "device-profiles");
        assertEquals(new Result(0, "{\"model\":\"NE1000\",\"firmware\":\"3.928\"}", ""), after);
        Result allAfter = cli("pump", "status", "--port", pair.a().toString(), "--profile", "newera-ne1000",
                "--profiles-dir", "device-profiles", "--json");
        assertEquals(new Result(0, "{\"mode\":\"STOPPED\",\"alarm\":null}", ""), allAfter);
        Result missing = cli("pump", "status", "--port", pair.a().toString());
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("Missing required option: '--profile=ID'"), missing.err());
    }

    @Test
    @Order(3)
    void programRunPauseStop() {
        Result syringe = pump("--json", "set-syringe", "bd-plastic-60ml");
        assertEquals(0, syringe.code(), syringe.toString());
        assertEquals("{\"syringe\":\"bd-plastic-60ml\",\"diameterMm\":26.59,\"minRateMlPerHour\":0.024,"
                + "\"maxRateMlPerHour\":999.9,\"rateStepMlPerHour\":0.1,\"maxVtbiMl\":60}", syringe.out());
        assertEquals(new Result(0, "{\"diameterMm\":14.43}", ""), pump("--json", "set-syringe", "--diameter", "14.43"));
        assertEquals(new Result(0, "{\"diameterMm\":26.59}", ""), pump("--json", "set-syringe", "--diameter", "26.59"));
        assertEquals(new Result(0, "{\"requestedMlPerHour\":10,\"rateMlPerHour\":10}", ""),
                pump("--json", "set-rate", "10mL/h"));
        assertEquals(new Result(0, "{\"requestedMl\":5,\"vtbiMl\":5}", ""), pump("--json", "set-vtbi", "5mL"));
        assertEquals(new Result(0, "{\"mode\":\"RUNNING\",\"direction\":\"INFUSE\",\"alarm\":null}", ""),
                pump("--json", "run"));
        assertEquals(new Result(0, "{\"mode\":\"PAUSED\",\"alarm\":null}", ""), pump("--json", "pause"));
        assertEquals(new Result(0, "{\"mode\":\"STOPPED\",\"alarm\":null}", ""), pump("--json", "stop"));
        Result dispensed = pump("--json", "dispensed");
        assertEquals(0, dispensed.code());
        assertTrue(dispensed.out().matches("\\{\"infusedMl\":[0-9.]+,\"withdrawnMl\":0}"), dispensed.out());
        assertEquals(new Result(0, "{\"infusedMl\":0,\"withdrawnMl\":0}", ""), pump("--json", "clear"));
        assertEquals(new Result(0, "infused 0 mL, withdrawn 0 mL", ""), pump("dispensed"));
        assertEquals(new Result(0, "rate 0.5 mL/h", ""), pump("set-rate", "500uL/h"));
    }

    @Test
    @Order(4)
    void watchdogAndRaw() {
        Result armed = pump("--json", "watchdog", "30");
        assertEquals(new Result(0, "{\"watchdogSeconds\":30,\"framing\":\"SAFE\"}", ""), armed);
        assertEquals(new Result(0, "{\"mode\":\"STOPPED\",\"alarm\":null}", ""), pump("--json", "status"),
                "the next invocation detects safe framing");
        assertEquals(new Result(0, "{\"reply\":\"00SNE1000V3.928\",\"framing\":\"SAFE\"}", ""), pump("--json", "raw", "VER"));
        assertEquals(new Result(0, "{\"watchdogSeconds\":0,\"framing\":\"BASIC\"}", ""), pump("--json", "watchdog", "0"));
        assertEquals(new Result(0, "00S0.500MH (basic framing)", ""), pump("raw", "0RAT"));
    }

    @Test
    @Order(5)
    void pumpErrorsAndAlarmsExitNonZero() {
        pump("set-syringe", "bd-plastic-1ml");
        Result oor = pump("--json", "set-rate", "100mL/h");
        assertEquals(6, oor.code(), oor.toString());
        assertTrue(oor.out().startsWith("{\"error\":\"PUMP_ERROR_OUT_OF_RANGE\""), oor.out());
        assertTrue(oor.err().contains("RAT100MH") && oor.err().contains("OUT_OF_RANGE"), oor.err());
        pump("set-syringe", "bd-plastic-60ml");

        pump.faults().stall();
        Result stalled = pump("--json", "run");
        assertEquals(7, stalled.code(), stalled.toString());
        assertTrue(stalled.out().startsWith("{\"error\":\"ALARM_STALL\""), stalled.out());
        assertTrue(stalled.err().contains("reported alarm STALL and it has not been acknowledged"), stalled.err());
        Result again = pump("--json", "run");
        assertEquals(new Result(0, "{\"mode\":\"RUNNING\",\"direction\":\"INFUSE\",\"alarm\":null}", ""), again,
                "a run after the alarm was reported starts");
        pump("stop");
        assertEquals(new Result(0, "{\"mode\":\"STOPPED\",\"alarm\":null}", ""), pump("--json", "status"));
    }

    @Test
    @Order(6)
    void silentPumpIsATimeout() {
        pump.faults().silenceIndefinitely();
        try {
            Result r = pump("--json", "status");
            assertEquals(5, r.code(), r.toString());
            assertTrue(r.out().startsWith("{\"error\":\"TIMEOUT\""), r.out());
            assertTrue(r.err().contains("does not answer"), r.err());
        } finally {
            pump.faults().endSilence();
        }
    }

    @Test
    @Order(7)
    void badInputAndConfiguration() {
        assertEquals(2, pump("set-rate", "10 furlongs").code());
        assertTrue(pump("set-rate", "10 furlongs").err().contains("'furlongs' is not one of mL/h, mL/min, uL/h, uL/min"));
        assertEquals(2, pump("set-syringe").code());
        assertEquals(2, pump("set-syringe", "no-such-syringe").code());
        assertEquals(2, pump("watchdog", "300").code());
        assertEquals(2, pump("--address", "100", "status").code());
        assertEquals(2, pump("--baud", "115200", "status").code());
        Result unknown = cli("pump", "--profiles-dir", "device-profiles", "--profile", "nope", "--port", "/dev/null",
                "status");
        assertEquals(3, unknown.code());
        assertTrue(unknown.err().contains("unknown device profile 'nope'"), unknown.err());
        Result noPort = cli("pump", "--profiles-dir", "device-profiles", "--profile", "newera-ne1000", "--port",
                "/tmp/dosewarden-no-such-port", "--json", "status");
        assertEquals(4, noPort.code());
        assertTrue(noPort.out().startsWith("{\"error\":\"LINK_LOST\""), noPort.out());
        assertTrue(noPort.err().contains("/tmp/dosewarden-no-such-port does not exist"), noPort.err());
    }
}
