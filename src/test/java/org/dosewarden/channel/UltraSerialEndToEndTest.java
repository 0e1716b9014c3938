package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.Verification;
import org.dosewarden.pump.profile.DeviceProfiles;
import org.dosewarden.pump.wiring.TransportFactory;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.sim.SerialPortLine;
import org.dosewarden.sim.SimulatedUltraPump;
import org.dosewarden.sim.StreamLine;
import org.dosewarden.sim.UltraSnapshot;
import org.dosewarden.testing.Orders;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supervision end to end on the second family: the channel built as the daemon builds it
 * ({@link DaemonChannels#create}) with the {@code harvard-elite} profile, the Ultra driver on one end of a socat pty
 * pair, the simulated Pump 11 Elite on the other, and a real SQLite journal. The pump has no communications watchdog,
 * so every channel here runs with a delivery lease ({@code lease-seconds}); what happens when the daemon dies is in
 * {@link UltraLeaseEndTest}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UltraSerialEndToEndTest {

    static final Duration POLL = Duration.ofMillis(250);
    static final String SYRINGE = "bd-plastic-60ml";

    @TempDir
    Path dataDir;

    TimeSource time;
    SocatPair pair;
    SimulatedUltraPump pump;
    StreamLine line;
    Journal journal;
    ChannelSupervisor channel;
    PumpCapability capability;

    void rig(TimeSource clock, Duration linkTimeout, int leaseSeconds) throws Exception {
        time = clock;
        pair = SocatPair.start();
        pump = SimulatedUltraPump.builder(clock).name("ultra-e2e").diameterMm(new BigDecimal("26.59")).build();
        line = SerialPortLine.start(pump, pair.b());
        journal = Journal.open(dataDir, clock);
        ChannelConfiguration configuration = new ChannelConfiguration("a");
        configuration.setProfile("harvard-elite");
        configuration.setPort(pair.a().toString());
        configuration.setSyringe(SYRINGE);
        configuration.setPollInterval(POLL);
        configuration.setLinkTimeout(linkTimeout);
        configuration.setWatchdogSeconds(0);
        configuration.setLeaseSeconds(leaseSeconds);
        channel = DaemonChannels.create(configuration, DeviceProfiles.standard(), journal, clock, 1,
                TransportFactory.standard());
        capability = channel.pumpCapability().orElseThrow();
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.close();
        }
        if (line != null) {
            line.close();
        }
        if (pair != null) {
            pair.close();
        }
        if (journal != null) {
            journal.close();
        }
    }

    @Test
    @DisplayName("SR-A4/SR-G1 on an Ultra pump: the session completes on the pump's own target (T*), the syringe gave exactly the plan, the journal says the same")
    void completesWithExactVolume() throws Exception {
        rig(TimeSource.system(), Duration.ofSeconds(2), 10);
        channel.start();
        awaitSnapshot(s -> s.linkState() == ChannelLinkState.CONNECTED, Duration.ofSeconds(20), "pump connected");
        ProgramOrder order = Orders.ketamineRate(capability, "1.2", "0.002");   // 84 mL/h until 0.14 mL: 6 s
        startInfusion(order);
        awaitSnapshot(s -> s.infusionState().equals("COMPLETED"), Duration.ofSeconds(40), "infusion completed");
        awaitPump(p -> !p.prompt().motorRuns(), Duration.ofSeconds(5), "pump stopped");

        long planned = order.infusion().totalVolume().microlitres();
        long truthNl = pump.truth().infusedNanolitres();
        System.out.printf("Ultra session: planned %d uL, syringe gave %d nL, pump prompt %s, nvram writes %d%n",
                planned, truthNl, pump.snapshot().prompt().wire(), pump.snapshot().nvramWrites());
        assertEquals(planned * 1_000, truthNl, "exactly the planned volume left the syringe");
        ChannelState ledger = JournalLedger.replay(journal, "a", ChannelSupervisor.safetySettingsFor(channel.settings()));
        assertEquals("COMPLETED", ledger.infusion().name());
        assertEquals(planned, ledger.delivered().microlitres(), "the journal holds the same volume");
        assertEquals(ledger.delivered(), channel.snapshot().delivered(), "live state equals the journal's");
        assertTrue(hasAlarm("INFUSION_COMPLETE"), channel.snapshot().toString());
        assertTrue(pump.snapshot().nvramNone(), "nvram none was set for the session: " + pump.statusLine());
        assertEquals(0, pump.snapshot().nvramWrites(), "the running board wrote nothing to the pump's memory");
        assertInstanceOf(Verification.Intact.class, journal.verify());
        long before = pump.truth().infusedNanolitres();
        awaitCycles(6);
        assertEquals(before, pump.truth().infusedNanolitres(), "nothing delivered after completion");
    }

    @Test
    @DisplayName("SR-C1/SR-D5 on an Ultra pump: the stall prompt (*) is a STALL alarm, the channel goes to FAULT, the pump stays stopped")
    void stallFaults() throws Exception {
        rig(TimeSource.system(), Duration.ofSeconds(2), 10);
        channel.start();
        awaitSnapshot(s -> s.linkState() == ChannelLinkState.CONNECTED, Duration.ofSeconds(20), "pump connected");
        startInfusion(Orders.ketamineRate(capability, "1.2", "0.05"));
        awaitSnapshot(s -> s.delivered().microlitres() > 5, Duration.ofSeconds(20), "volume delivered");
        pump.faults().stall();
        awaitSnapshot(s -> s.infusionState().equals("FAULT"), Duration.ofSeconds(10), "FAULT after the stall");
        assertTrue(hasAlarm("PUMP_STALL"), channel.snapshot().toString());
        awaitPump(p -> !p.prompt().motorRuns(), Duration.ofSeconds(5), "pump stopped");
        awaitCycles(8);
        assertFalse(channel.snapshot().infusionState().equals("RUNNING"), channel.snapshot().toString());
        assertEquals(0, pump.snapshot().actualRateNlPerHour(), "motor must not turn: " + pump.statusLine());
        assertLedgerMatchesTruth();
    }

    @Test
    @DisplayName("SR-A5/SR-D2 on an Ultra pump: a motor running at twice the programmed rate is tripped within two polls of the over-infusion limit")
    void fastMotorIsTripped() throws Exception {
        ManualTimeSource clock = new ManualTimeSource();
        rig(clock, Duration.ofSeconds(2), 10);
        channel.beginWithoutThread();
        pump.faults().rateFactor(new BigDecimal("2"));
        ProgramOrder order = Orders.ketamineRate(capability, "1.2", "0.05");   // 84 mL/h until 3.5 mL
        startInfusionStepped(clock, order);
        runUntil(clock, s -> !s.infusionState().equals("RUNNING"), Duration.ofMinutes(2));
        runCycles(clock, 4);

        assertEquals("TRIPPED", channel.snapshot().infusionState(), channel.snapshot().toString());
        assertTrue(hasAlarm("OVER_INFUSION"), channel.snapshot().toString());
        long rateUlPerHour = order.infusion().plan().steps().getFirst().rate().microlitresPerHour();
        long toleranceNl = channel.state().settings().overInfusionAbsolute().microlitres() * 1_000;
        long atLimitNl = 2 * toleranceNl;
        long twoPollsNl = 2 * (2 * rateUlPerHour * 1_000 * POLL.toMillis() / 3_600_000);
        long stepNl = capability.volumeStep().microlitres() * 1_000;
        long truthNl = pump.truth().infusedNanolitres();
        System.out.printf("Ultra fast motor: stopped at %d nL, over-infusion line at %d nL, bound %d nL%n",
                truthNl, atLimitNl, atLimitNl + twoPollsNl + stepNl);
        assertTrue(truthNl > atLimitNl - stepNl, "not stopped before the over-infusion limit: " + truthNl + " nL");
        assertTrue(truthNl <= atLimitNl + twoPollsNl + stepNl, "stopped at " + truthNl + " nL; limit at "
                + atLimitNl + " nL, two polls at the real rate " + twoPollsNl + " nL, one step " + stepNl + " nL");
        assertFalse(pump.snapshot().prompt().motorRuns(), "pump stopped: " + pump.statusLine());
        assertLedgerMatchesTruth();
    }

    // ---------------------------------------------------------------------------------------------

    IntentResult submit(ClinicianIntent.ClinicianAction action) throws Exception {
        CompletableFuture<IntentResult> f = channel.submit(new ClinicianIntent("dr-a", "e2e-test", time.wallTime(),
                time.monotonicNanos() + Duration.ofSeconds(30).toNanos(), action));
        return f.get(20, TimeUnit.SECONDS);
    }

    void startInfusion(ProgramOrder order) throws Exception {
        IntentResult programmed = submit(new ClinicianIntent.ClinicianAction.Program(order));
        assertInstanceOf(IntentResult.Accepted.class, programmed, programmed.toString());
        IntentResult started = submit(new ClinicianIntent.ClinicianAction.Start(List.of(
                new LimitOverride(ClinicianIntent.ClinicianAction.Start.VITALS_GATE, "no monitor on the test bench"))));
        assertInstanceOf(IntentResult.Accepted.class, started, started.toString());
    }

    IntentResult submitStepped(ClinicianIntent.ClinicianAction action) throws Exception {
        CompletableFuture<IntentResult> f = channel.submit(new ClinicianIntent("dr-a", "e2e-test", time.wallTime(),
                time.monotonicNanos() + Duration.ofSeconds(30).toNanos(), action));
        channel.runCycle();
        return f.get(1, TimeUnit.SECONDS);
    }

    void startInfusionStepped(ManualTimeSource clock, ProgramOrder order) throws Exception {
        IntentResult programmed = submitStepped(new ClinicianIntent.ClinicianAction.Program(order));
        assertInstanceOf(IntentResult.Accepted.class, programmed, programmed.toString());
        clock.advance(POLL);
        IntentResult started = submitStepped(new ClinicianIntent.ClinicianAction.Start(List.of(
                new LimitOverride(ClinicianIntent.ClinicianAction.Start.VITALS_GATE, "no monitor on the test bench"))));
        assertInstanceOf(IntentResult.Accepted.class, started, started.toString());
    }

    void runCycles(ManualTimeSource clock, int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(POLL);
            channel.runCycle();
        }
    }

    void runUntil(ManualTimeSource clock, Predicate<ChannelSnapshot> condition, Duration limit) {
        long end = clock.monotonicNanos() + limit.toNanos();
        while (!condition.test(channel.snapshot())) {
            if (clock.monotonicNanos() > end) {
                throw new AssertionError("not reached within " + limit + " of virtual time; " + channel.snapshot());
            }
            clock.advance(POLL);
            channel.runCycle();
        }
    }

    boolean hasAlarm(String type) {
        return channel.snapshot().activeAlarms().stream().anyMatch(a -> a.type().equals(type));
    }

    void assertLedgerMatchesTruth() throws Exception {
        ChannelState ledger = JournalLedger.replay(journal, "a", ChannelSupervisor.safetySettingsFor(channel.settings()));
        long truth = pump.truth().infusedMicrolitres();
        long step = capability.volumeStep().microlitres();
        assertTrue(Math.abs(ledger.delivered().microlitres() - truth) <= step,
                "journal says " + ledger.delivered() + ", the syringe gave " + truth + " uL (step " + step + " uL)");
        assertInstanceOf(Verification.Intact.class, journal.verify());
    }

    void awaitSnapshot(Predicate<ChannelSnapshot> condition, Duration limit, String what) throws InterruptedException {
        await(() -> condition.test(channel.snapshot()), limit, () -> what + "; channel " + channel.snapshot());
    }

    void awaitPump(Predicate<UltraSnapshot> condition, Duration limit, String what) throws InterruptedException {
        await(() -> condition.test(pump.snapshot()), limit, () -> what + "; pump " + pump.statusLine());
    }

    void awaitCycles(int n) throws InterruptedException {
        long[] seen = {channel.lastCycleNanos()};
        int[] count = {0};
        await(() -> {
            long last = channel.lastCycleNanos();
            if (last != seen[0]) {
                seen[0] = last;
                count[0]++;
            }
            return count[0] >= n;
        }, Duration.ofSeconds(30), () -> n + " channel cycles");
    }

    static void await(BooleanSupplier condition, Duration limit, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + limit + ": " + what.get());
            }
            Thread.sleep(10);  // polling a condition with a deadline
        }
    }
}
