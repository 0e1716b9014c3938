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
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.Verification;
import org.dosewarden.pump.profile.DeviceProfiles;
import org.dosewarden.pump.wiring.TransportFactory;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.sim.SerialPortLine;
import org.dosewarden.sim.SimulatedDevice;
import org.dosewarden.sim.SimulatedPump;
import org.dosewarden.sim.SimulatedUltraPump;
import org.dosewarden.sim.StreamLine;
import org.dosewarden.testing.Orders;
import org.dosewarden.testing.SocatPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end over a real serial line, on both pump families: the safety core, the channel supervisor built exactly as
 * the daemon builds it ({@link DaemonChannels#create}), the family's driver with its profile, jSerialComm on one end
 * of a {@code socat pty,raw,echo=0} pair, the family's simulated pump served by jSerialComm on the other end
 * ({@link SerialPortLine}), and a real SQLite journal. What differs between the families is only the
 * {@link Family}: profile, simulator, and how the pump stops a daemon that died (New Era: its safe-mode watchdog;
 * Ultra: the delivery lease, see {@link UltraLeaseEndTest}). Cases that hold for both are parameterised over it;
 * the New Era cases after them test what only that pump has (safe mode, A?R, a VTBI it can be made to ignore).
 *
 * <p>Two kinds of time. Cases whose assertions are eventual (completion, stall, silence, power cycle) run the
 * channel's own thread on real time, like the daemon. Cases that assert a bound in poll periods (VTBI ignored,
 * wrong rate) step the channel on a {@link ManualTimeSource} shared with the simulator: the bytes still cross the
 * pty, but the pump's motor only moves when the test advances the clock one poll, so the bound is checked
 * exactly instead of being blurred by how busy the machine is. Those cases keep a New Era pump in basic framing:
 * nothing on that path waits on the clock (safe mode's alarm-settle wait would).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SerialEndToEndTest {

    static final Duration POLL = Duration.ofMillis(250);
    static final String SYRINGE = "bd-plastic-60ml";
    /** New Era real-time cases arm the pump's safe-mode watchdog with this timeout. */
    static final int WATCHDOG_SECONDS = 5;
    /** Ultra pumps have no watchdog: the channel arms one lease of this many seconds at a time. */
    static final int LEASE_SECONDS = 10;

    /** A pump family as these tests see it: its profile and its simulator. */
    enum Family {
        NEW_ERA("New Era NE-1000", "newera-ne1000"),
        ULTRA("Ultra (Harvard Pump 11 Elite)", "harvard-elite");

        final String label;
        final String profile;

        Family(String label, String profile) {
            this.label = label;
            this.profile = profile;
        }

        SimulatedDevice simulator(TimeSource clock) {
            BigDecimal diameter = new BigDecimal("26.59");
            return switch (this) {
                case NEW_ERA -> SimulatedPump.builder(clock).name("e2e").diameterMm(diameter).powerUpAlarm(false).build();
                case ULTRA -> SimulatedUltraPump.builder(clock).name("ultra-e2e").diameterMm(diameter).build();
            };
        }

        /** Real time: New Era with its watchdog armed ({@code watchdogSeconds}); Ultra always with its lease. */
        void protect(ChannelConfiguration configuration, int watchdogSeconds) {
            if (this == ULTRA) {
                configuration.setWatchdogSeconds(0);
                configuration.setLeaseSeconds(LEASE_SECONDS);
            } else {
                configuration.setWatchdogSeconds(watchdogSeconds);
            }
        }

        /** The motor may turn (New Era: running, purging or paused between phases; Ultra: infusing or withdrawing). */
        boolean motorMayRun(SimulatedDevice pump) {
            return switch (pump) {
                case SimulatedPump ne -> ne.snapshot().prompt().motorMayRun();
                case SimulatedUltraPump ultra -> ultra.snapshot().prompt().motorRuns();
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    @TempDir
    Path dataDir;

    Family family;
    TimeSource time;
    SocatPair pair;
    SimulatedDevice pump;
    StreamLine line;
    Journal journal;
    ChannelSupervisor channel;
    PumpCapability capability;

    /** Socat pair, the family's simulator on end B, channel (the family's profile) on end A. */
    void rig(Family family, TimeSource clock, int watchdogSeconds, Duration linkTimeout) throws Exception {
        this.family = family;
        time = clock;
        pair = SocatPair.start();
        pump = family.simulator(clock);
        line = SerialPortLine.start(pump, pair.b());
        journal = Journal.open(dataDir, clock);
        ChannelConfiguration configuration = new ChannelConfiguration("a");
        configuration.setProfile(family.profile);
        configuration.setPort(pair.a().toString());
        configuration.setSyringe(SYRINGE);
        configuration.setPollInterval(POLL);
        configuration.setLinkTimeout(linkTimeout);
        family.protect(configuration, watchdogSeconds);
        channel = DaemonChannels.create(configuration, DeviceProfiles.standard(), journal, clock, 1,
                TransportFactory.standard());
        capability = channel.pumpCapability().orElseThrow();
    }

    SimulatedPump newEra() {
        return (SimulatedPump) pump;
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

    // ---------------------------------------------------------------------------------------------
    // Real time, the channel's own thread

    @ParameterizedTest(name = "{0}")
    @EnumSource(Family.class)
    @DisplayName("SR-A4/SR-G1 over serial: an infusion completes on the pump's own volume limit, the syringe gave the plan (Ultra: exactly; New Era: within one pump step), the journal says the same, the pump stays stopped")
    void completesOverSerial(Family family) throws Exception {
        rig(family, TimeSource.system(), WATCHDOG_SECONDS, Duration.ofSeconds(2));
        channel.start();
        awaitSnapshot(s -> s.linkState() == ChannelLinkState.CONNECTED, Duration.ofSeconds(20), "pump connected");
        ProgramOrder order = Orders.ketamineRate(capability, "1.2", "0.002");   // 84 mL/h until 0.14 mL: 6 s
        startInfusion(order);
        awaitSnapshot(s -> s.infusionState().equals("COMPLETED"), Duration.ofSeconds(40), "infusion completed");
        awaitPump(p -> !family.motorMayRun(p), Duration.ofSeconds(5), "pump stopped");

        long planned = order.infusion().totalVolume().microlitres();
        long step = capability.volumeStep().microlitres();
        long truthNl = pump.truth().infusedNanolitres();
        System.out.printf("%s session: planned %d uL, syringe gave %d nL; %s%n", family, planned, truthNl,
                pump.statusLine());
        ChannelState ledger = JournalLedger.replay(journal, "a", ChannelSupervisor.safetySettingsFor(channel.settings()));
        assertEquals("COMPLETED", ledger.infusion().name());
        if (family == Family.ULTRA) {
            // The Ultra stops on its target to the nanolitre (T*), and the counter reads whole uL: no step to allow.
            assertEquals(planned * 1_000, truthNl, "exactly the planned volume left the syringe");
            assertEquals(planned, ledger.delivered().microlitres(), "the journal holds the same volume");
            SimulatedUltraPump ultra = (SimulatedUltraPump) pump;
            assertTrue(ultra.snapshot().nvramNone(), "nvram none was set for the session: " + ultra.statusLine());
            assertEquals(0, ultra.snapshot().nvramWrites(), "the running board wrote nothing to the pump's memory");
        } else {
            long truth = pump.truth().infusedMicrolitres();
            assertTrue(Math.abs(truth - planned) <= step, "pump truth " + truth + " uL, planned " + planned + " uL");
            assertTrue(Math.abs(ledger.delivered().microlitres() - truth) <= step,
                    "journal " + ledger.delivered() + " vs truth " + truth + " uL");
            assertTrue(newEra().snapshot().safeMode(), "the pump-side watchdog (safe mode) was armed: "
                    + newEra().snapshot());
        }
        assertEquals(ledger.delivered(), channel.snapshot().delivered(), "live state equals the journal's");
        assertTrue(hasAlarm("INFUSION_COMPLETE"), channel.snapshot().toString());
        assertInstanceOf(Verification.Intact.class, journal.verify());
        // Verified stopped means it stays stopped: a second look a few polls later.
        long before = pump.truth().infusedNanolitres();
        awaitCycles(6);
        assertEquals(before, pump.truth().infusedNanolitres(), "nothing delivered after completion");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Family.class)
    @DisplayName("SR-C1/SR-D5 over serial: a stall (New Era A?S, Ultra prompt *) puts the channel in FAULT with a STALL alarm and the pump stays stopped")
    void stallFaults(Family family) throws Exception {
        rig(family, TimeSource.system(), WATCHDOG_SECONDS, Duration.ofSeconds(2));
        channel.start();
        awaitSnapshot(s -> s.linkState() == ChannelLinkState.CONNECTED, Duration.ofSeconds(20), "pump connected");
        startInfusion(Orders.ketamineRate(capability, "1.2", "0.05"));
        awaitSnapshot(s -> s.delivered().microlitres() > 5, Duration.ofSeconds(20), "volume delivered");
        pump.faults().stall();
        awaitSnapshot(s -> s.infusionState().equals("FAULT"), Duration.ofSeconds(10), "FAULT after the stall");
        assertTrue(hasAlarm("PUMP_STALL"), channel.snapshot().toString());
        assertNoResume();
        assertLedgerMatchesTruth();
    }

    @Test
    @DisplayName("SR-D1 over serial: a silent line raises the link-loss alarm and the pump's safe-mode watchdog stops the motor")
    void silenceLosesTheLinkAndTheWatchdogStopsThePump() throws Exception {
        Duration linkTimeout = Duration.ofSeconds(2);
        int watchdogSeconds = 3;
        rig(Family.NEW_ERA, TimeSource.system(), watchdogSeconds, linkTimeout);
        channel.start();
        awaitSnapshot(s -> s.linkState() == ChannelLinkState.CONNECTED, Duration.ofSeconds(20), "pump connected");
        startInfusion(Orders.ketamineRate(capability, "1.2", "0.05"));
        awaitSnapshot(s -> s.delivered().microlitres() > 5, Duration.ofSeconds(20), "volume delivered");
        assertTrue(newEra().snapshot().safeMode() && newEra().snapshot().safSeconds() == watchdogSeconds,
                newEra().snapshot().toString());

        long silencedAt = System.nanoTime();
        pump.faults().silenceIndefinitely();
        awaitSnapshot(s -> s.activeAlarms().stream().anyMatch(a -> a.type().equals("LINK_LOST")), Duration.ofSeconds(15),
                "link-loss alarm");
        long alarmAfterMs = (System.nanoTime() - silencedAt) / 1_000_000;
        assertEquals("FAULT", channel.snapshot().infusionState(), channel.snapshot().toString());
        // The pump hears nothing either: its own watchdog must stop the motor.
        awaitPump(p -> !family.motorMayRun(p), Duration.ofSeconds(watchdogSeconds + 5L), "watchdog stop");
        long motorStoppedAfterMs = (System.nanoTime() - silencedAt) / 1_000_000;
        assertTrue(newEra().snapshot().latchedAlarm().isPresent(), "A?T latched: " + newEra().snapshot());
        System.out.printf("silence: link-loss alarm after %d ms (link timeout %d ms), motor stopped after %d ms%n",
                alarmAfterMs, linkTimeout.toMillis(), motorStoppedAfterMs);
        assertTrue(alarmAfterMs <= linkTimeout.toMillis() + POLL.toMillis() + 1_000,
                "SR-D1: alarm " + alarmAfterMs + " ms after the line fell silent, link timeout " + linkTimeout.toMillis() + " ms");

        // The line comes back: the alarm stays latched, the infusion stays in FAULT, nothing resumes.
        pump.faults().endSilence();
        awaitSnapshot(s -> s.linkState() == ChannelLinkState.CONNECTED, Duration.ofSeconds(15), "link restored");
        assertEquals("FAULT", channel.snapshot().infusionState());
        assertTrue(hasAlarm("LINK_LOST"), channel.snapshot().toString());
        assertNoResume();
        assertLedgerMatchesTruth();
    }

    @Test
    @DisplayName("SR-G2/SR-D5 over serial: a power cycle (A?R, counter cleared) gives FAULT, the delivered total is kept, nothing resumes")
    void powerCycleFaultsWithoutResume() throws Exception {
        rig(Family.NEW_ERA, TimeSource.system(), WATCHDOG_SECONDS, Duration.ofSeconds(2));
        channel.start();
        awaitSnapshot(s -> s.linkState() == ChannelLinkState.CONNECTED, Duration.ofSeconds(20), "pump connected");
        startInfusion(Orders.ketamineRate(capability, "1.2", "0.05"));
        awaitSnapshot(s -> s.delivered().microlitres() > 20, Duration.ofSeconds(20), "volume delivered");
        pump.faults().powerCycle();
        awaitSnapshot(s -> s.infusionState().equals("FAULT"), Duration.ofSeconds(10), "FAULT after the power cycle");
        assertTrue(hasAlarm("PUMP_POWER_RESET"), channel.snapshot().toString());
        assertEquals(0, pump.reportedDispensed().infusedNanolitres(),
                "the simulator cleared its counter (a cleared counter is what the journal must survive)");
        assertNoResume();
        assertLedgerMatchesTruth();
    }

    // ---------------------------------------------------------------------------------------------
    // Virtual time, stepped: exact bounds in poll periods

    @Test
    @DisplayName("SR-A4/SR-A5 over serial: a pump that ignores its VTBI is stopped within one poll at the rate past the total")
    void pumpIgnoringVtbiIsStoppedWithinOnePoll() throws Exception {
        ManualTimeSource clock = new ManualTimeSource();
        rig(Family.NEW_ERA, clock, 0, Duration.ofSeconds(2));
        channel.beginWithoutThread();
        pump.faults().ignoreVtbi(true);
        ProgramOrder order = Orders.ketamineRate(capability, "1.2", "0.01");   // 84 mL/h until 0.7 mL: 30 s
        startInfusionStepped(clock, order);
        // Polls from here on fall 100 ms off the start's grid, so the total is reached between two polls and
        // the pump runs on past it (with the grid aligned the 30 s infusion would end exactly on a poll).
        clock.advance(Duration.ofMillis(100));
        runUntil(clock, s -> !s.infusionState().equals("RUNNING"), Duration.ofMinutes(2));
        runCycles(clock, 8);

        PlannedStep planned = order.infusion().plan().steps().getFirst();
        long totalNl = order.infusion().totalVolume().microlitres() * 1_000;
        long onePollNl = planned.rate().microlitresPerHour() * 1_000 * POLL.toMillis() / 3_600_000;
        long stepNl = capability.volumeStep().microlitres() * 1_000;
        long overshootNl = pump.truth().infusedNanolitres() - totalNl;
        System.out.printf("VTBI ignored over serial: overshoot %d nL, bound %d nL (one poll at %s + one step)%n",
                overshootNl, onePollNl + stepNl, planned.rate());
        assertTrue(overshootNl > 0, "the pump ran past its VTBI (the fault is active) until it was stopped: "
                + overshootNl + " nL");
        assertTrue(overshootNl <= onePollNl + stepNl,
                "overshoot " + overshootNl + " nL, bound one poll at the rate " + onePollNl + " nL + one step " + stepNl + " nL");
        assertPumpStopped();
        assertLedgerMatchesTruth();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Family.class)
    @DisplayName("SR-A5/SR-D2 over serial: a pump running at twice the programmed rate is stopped within two polls of the over-infusion limit")
    void wrongRateStopsWithinTwoPolls(Family family) throws Exception {
        ManualTimeSource clock = new ManualTimeSource();
        rig(family, clock, 0, Duration.ofSeconds(2));
        channel.beginWithoutThread();
        pump.faults().rateFactor(new BigDecimal("2"));
        ProgramOrder order = Orders.ketamineRate(capability, "1.2", "0.05");   // 84 mL/h until 3.5 mL
        startInfusionStepped(clock, order);
        runUntil(clock, s -> !s.infusionState().equals("RUNNING"), Duration.ofMinutes(2));
        runCycles(clock, 4);

        assertEquals("TRIPPED", channel.snapshot().infusionState(), channel.snapshot().toString());
        assertTrue(hasAlarm("OVER_INFUSION"), channel.snapshot().toString());
        // Over-infusion is judged at rate x time + max(absolute, permille): the doubled pump crosses that line
        // when its excess over the programmed rate equals the absolute tolerance (the permille one is smaller
        // here). From then on it may run at most two polls at its real (doubled) rate, plus one counter step.
        long rateUlPerHour = order.infusion().plan().steps().getFirst().rate().microlitresPerHour();
        long toleranceNl = channel.state().settings().overInfusionAbsolute().microlitres() * 1_000;
        long atLimitNl = 2 * toleranceNl;
        long twoPollsNl = 2 * (2 * rateUlPerHour * 1_000 * POLL.toMillis() / 3_600_000);
        long stepNl = capability.volumeStep().microlitres() * 1_000;
        long truthNl = pump.truth().infusedNanolitres();
        System.out.printf("wrong rate over serial (%s): stopped at %d nL, over-infusion line at %d nL, bound %d nL%n",
                family, truthNl, atLimitNl, atLimitNl + twoPollsNl + stepNl);
        assertTrue(truthNl > atLimitNl - stepNl, "not stopped before the over-infusion limit was reached: " + truthNl + " nL");
        assertTrue(truthNl <= atLimitNl + twoPollsNl + stepNl,
                "stopped at " + truthNl + " nL; limit crossed at " + atLimitNl + " nL, two polls at the real rate "
                        + twoPollsNl + " nL, one step " + stepNl + " nL");
        assertPumpStopped();
        assertLedgerMatchesTruth();
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

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

    /** No resume by itself: the pump stays stopped and the channel out of RUNNING for a few more polls. */
    void assertNoResume() throws Exception {
        awaitPump(p -> !family.motorMayRun(p), Duration.ofSeconds(5), "pump stopped");
        awaitCycles(8);
        assertFalse(channel.snapshot().infusionState().equals("RUNNING"), channel.snapshot().toString());
        assertPumpStopped();
    }

    void assertPumpStopped() {
        assertFalse(family.motorMayRun(pump), "pump must be stopped: " + pump.statusLine());
        long actual = switch (pump) {
            case SimulatedPump ne -> ne.snapshot().actualRateNlPerHour();
            case SimulatedUltraPump ultra -> ultra.snapshot().actualRateNlPerHour();
        };
        assertEquals(0, actual, "motor must not turn: " + pump.statusLine());
    }

    /** The journal, replayed, holds what really left the syringe, to one counter step (SR-G2). */
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

    void awaitPump(Predicate<SimulatedDevice> condition, Duration limit, String what) throws InterruptedException {
        await(() -> condition.test(pump), limit, () -> what + "; pump " + pump.statusLine());
    }

    /** Waits until the running channel thread has completed {@code n} more cycles. */
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
