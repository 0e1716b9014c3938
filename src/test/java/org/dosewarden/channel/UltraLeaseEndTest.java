package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dosewarden.api.security.PasswordHash;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.sim.SerialPortLine;
import org.dosewarden.sim.SimulatedUltraPump;
import org.dosewarden.sim.StreamLine;
import org.dosewarden.testing.DaemonProcess;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ultra family has no communications watchdog: what stops the pump when the daemon dies is the delivery lease.
 * The daemon runs as its own process with a {@code harvard-elite} channel on one end of a socat pty pair (the
 * simulated Pump 11 Elite on the other end, in this JVM), starts an infusion through the HTTP API, and is killed
 * with SIGKILL. Nobody talks to the pump from then on; it must stop by itself on the target the daemon last armed,
 * which is never more than one lease of delivery ahead.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class UltraLeaseEndTest {

    static final int LEASE_SECONDS = 10;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    @DisplayName("SR-G1/SR-D1 on an Ultra pump (no watchdog): the daemon killed with SIGKILL, the pump stops by itself at the end of its delivery lease")
    void pumpStopsAtLeaseEndAfterSigkill() throws Exception {
        String password = "lease-" + Long.toHexString(new SecureRandom().nextLong());
        String hash = PasswordHash.create(password.toCharArray(), PasswordHash.MIN_ITERATIONS, new SecureRandom()).encode();
        try (SocatPair pair = SocatPair.start()) {
            SimulatedUltraPump pump = SimulatedUltraPump.builder(TimeSource.system()).name("lease")
                    .diameterMm(new BigDecimal("26.59")).build();
            StreamLine line = SerialPortLine.start(pump, pair.b());
            List<String> properties = CrashRecoveryTest.withBrokerPort(List.of(
                    "dosewarden.data-dir=" + work.resolve("data"),
                    "dosewarden.channels.a.profile=harvard-elite",
                    "dosewarden.channels.a.port=" + pair.a(),
                    "dosewarden.channels.a.syringe=bd-plastic-60ml",
                    "dosewarden.channels.a.watchdog-seconds=0",
                    "dosewarden.channels.a.lease-seconds=" + LEASE_SECONDS,
                    "dosewarden.users." + CrashRecoveryTest.USER + ".password-hash=" + hash,
                    "dosewarden.users." + CrashRecoveryTest.USER + ".roles=clinician",
                    "dosewarden.mqtt.embedded.websocket-port=0"));
            DaemonProcess daemon = DaemonProcess.start(properties, work.resolve("daemon.log"));
            try {
                CrashRecoveryTest.Api api = new CrashRecoveryTest.Api(daemon, password);
                api.awaitChannel(CrashRecoveryTest.START_LIMIT);
                program(api);
                // Past the first renewal, so the lease in force is one the running daemon re-armed.
                CrashRecoveryTest.await(() -> pump.truth().infusedNanolitres() > 300_000, Duration.ofSeconds(60),
                        () -> "more than one lease delivered; " + pump.statusLine());
                daemon.kill();
            } catch (Throwable t) {
                throw new AssertionError(t.getMessage() + "\n--- daemon log ---\n" + daemon.logTail(60), t);
            } finally {
                daemon.close();
            }
            long killedAt = System.nanoTime();
            boolean runningAtKill = pump.snapshot().prompt().motorRuns();
            long truthAtKillNl = pump.truth().infusedNanolitres();
            long targetNl = pump.snapshot().targetMicrolitres().orElseThrow().movePointRight(3).longValueExact();
            CrashRecoveryTest.await(() -> !pump.snapshot().prompt().motorRuns(), Duration.ofSeconds(LEASE_SECONDS + 10),
                    () -> "pump stopped by itself; " + pump.statusLine());
            long stoppedAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
            long afterKillNl = pump.truth().infusedNanolitres() - truthAtKillNl;
            long leaseNl = 84_000L * 1_000 * LEASE_SECONDS / 3_600;   // 84 mL/h for one lease
            System.out.printf("lease end: pump stopped %d ms after SIGKILL (lease %d s) with prompt %s; %d nL after "
                            + "the kill, one lease is %d nL%n", stoppedAfterMs, LEASE_SECONDS,
                    pump.snapshot().prompt().wire(), afterKillNl, leaseNl);
            assertTrue(runningAtKill, "the pump was delivering when the daemon died: " + pump.statusLine());
            assertEquals("T*", pump.snapshot().prompt().wire(), "stopped on its own target: " + pump.statusLine());
            assertEquals(targetNl, pump.reportedDispensed().infusedNanolitres(), "stopped exactly at the armed target");
            assertTrue(stoppedAfterMs <= LEASE_SECONDS * 1_000L + 1_000, "stopped " + stoppedAfterMs
                    + " ms after the kill; the lease is " + LEASE_SECONDS + " s");
            assertTrue(afterKillNl <= leaseNl + 1_000, afterKillNl + " nL after the kill, more than one lease "
                    + leaseNl + " nL");
            long before = pump.truth().infusedNanolitres();
            Thread.sleep(1_000);  // a second look: stopped stays stopped with nobody on the line
            assertEquals(before, pump.truth().infusedNanolitres(), "nothing delivered after the lease ended");
            line.close();
        }
    }

    /** 84 mL/h for 3.5 mL (150 s): far longer than the test, so only the lease can stop it. */
    static void program(CrashRecoveryTest.Api api) throws Exception {
        ObjectNode prescription = CrashRecoveryTest.JSON.createObjectNode();
        prescription.put("patientId", "LEASE-1").put("bed", "bay-lease").put("drug", "ketamine-psych")
                .put("careArea", "psychiatry").put("prescriber", "dr-lease");
        prescription.set("weight", CrashRecoveryTest.quantity("70", "kg"));
        prescription.set("concentration", CrashRecoveryTest.quantity("1", "mg/mL"));
        prescription.set("doseRate", CrashRecoveryTest.quantity("1.2", "mg/kg/h"));
        prescription.set("totalDose", CrashRecoveryTest.quantity("0.05", "mg/kg"));
        CrashRecoveryTest.Api.Answer first = api.send("PUT", "/program", prescription.toString());
        if (first.status() == 422 && first.json().path("overridable").asBoolean()) {
            ArrayNode overrides = prescription.putArray("overrides");
            for (JsonNode limit : first.json().path("pendingOverrides")) {
                overrides.addObject().put("limit", limit.asText()).put("reason", "short lease test");
            }
            first = api.send("PUT", "/program", prescription.toString());
        }
        assertEquals(200, first.status(), first.body());
        api.acknowledgeAll();
        JsonNode started = api.post("/start", CrashRecoveryTest.vitalsOverride());
        assertEquals("RUNNING", started.path("infusionState").asText(), started.toString());
    }
}
