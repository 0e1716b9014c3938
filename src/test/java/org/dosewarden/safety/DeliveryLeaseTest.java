package org.dosewarden.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A pump without its own communications watchdog is armed one delivery lease at a time: the core programs
 * at most a lease's worth of the step, renews it each time the pump stops at its end, and so a pump left
 * alone by a dead daemon stops after at most one lease.
 */
class DeliveryLeaseTest {

    static final Duration LEASE = Duration.ofSeconds(30);
    /** 52.5 mL/h for 30 s = 437.5 µL, rounded down to the 1 µL counter step. */
    static final long CHUNK = 437;

    static SafetySettings leased(Duration lease) {
        SafetySettings d = SafetySettings.DEFAULTS;
        return new SafetySettings(d.pollPeriod(), d.linkTimeout(), d.startupGrace(), d.overInfusionPermille(),
                d.overInfusionAbsolute(), d.overInfusionWindow(), d.underInfusionPermille(), d.underInfusionAbsolute(),
                d.underInfusionWindow(), d.noProgressWarning(), d.noProgressAlarm(), d.freeFlowVolume(),
                d.stepDurationPermille(), d.restartLimit(), d.restartWindow(), lease);
    }

    /** 70 kg, 0.5 mg/kg over 40 min at 1 mg/mL (52.5 mL/h, 35 mL), on a pump without a watchdog. */
    static SimulatedChannel channel() {
        SimulatedChannel sim = new SimulatedChannel();
        sim.pump.watchdogNanos = Long.MAX_VALUE;      // no pump-side watchdog
        sim.program(TestChannel.leasedKetamine(LEASE));
        sim.start();
        return sim;
    }

    static List<PumpCommand.ProgramStep> programmed(SimulatedChannel sim) {
        return sim.ch.steps.stream().flatMap(s -> s.commands().stream())
                .filter(PumpCommand.ProgramStep.class::isInstance).map(PumpCommand.ProgramStep.class::cast).toList();
    }

    @Test
    @DisplayName("SR-A4 SR-D1: without a pump watchdog the step is armed 30 s at a time and renewed to completion, no alarm on the way")
    void renewedToCompletion() {
        SimulatedChannel sim = channel();
        sim.run(Duration.ofMinutes(45));
        assertEquals(InfusionState.COMPLETED, sim.state().infusion(), sim.state().alarms().toString());
        assertTrue(Math.abs(sim.pump.truth - 35_000) <= 1, "delivered " + sim.pump.truth + " µL of 35000");
        assertEquals(35_000, sim.state().delivered().microlitres());
        List<PumpCommand.ProgramStep> armed = programmed(sim);
        assertTrue(armed.stream().allMatch(p -> p.vtbi().microlitres() <= CHUNK), armed.toString());
        assertEquals((35_000 + CHUNK - 1) / CHUNK, armed.size(), "one arming per lease");
        assertEquals(List.of(AlarmType.INFUSION_COMPLETE), sim.state().alarms().stream().map(Alarm::type).toList(),
                "no under-infusion, stop or step-duration alarm from the renewals");
        long renewals = sim.ch.steps.stream().flatMap(s -> s.records().stream())
                .filter(r -> r.summary().contains("lease of step 1 used up")).count();
        assertEquals(armed.size() - 1, renewals, "each renewal journaled with its reason");
    }

    @Test
    @DisplayName("SR-D1 SR-G2: the daemon dies and the pump has no watchdog: it stops at the end of its lease; after recovery the channel is paused")
    void deadDaemonBoundedByOneLease() {
        SimulatedChannel sim = channel();
        sim.run(Duration.ofSeconds(100));
        long counted = sim.state().delivered().microlitres();
        long truthAtCrash = sim.pump.truth;
        Volume armedUntil = sim.state().session().segment().armedUntil();
        sim.crashAndRecover(Duration.ofMinutes(20), 5_000_000_000_000L);
        long afterCrash = sim.pump.truth - truthAtCrash;
        assertTrue(sim.pump.truth <= armedUntil.microlitres() + 1, "pump stopped at its lease end " + armedUntil
                + ": truth " + sim.pump.truth + " µL");
        assertTrue(afterCrash <= CHUNK, "delivered while the daemon was dead: " + afterCrash + " µL, one lease "
                + CHUNK + " µL (without the lease: " + 52_500 * 20 / 60 + " µL)");
        assertTrue(counted <= truthAtCrash);
        assertEquals(InfusionState.PAUSED, sim.state().infusion());
    }

    @Test
    @DisplayName("SR-A4 SR-A5: a pump that runs past its lease is stopped (VTBI_IGNORED, FAULT) before one lease plus the over-infusion allowance")
    void pumpIgnoringTheLeaseIsStopped() {
        SimulatedChannel sim = channel();
        sim.pump.ignoresVtbi = true;
        sim.run(Duration.ofSeconds(60));
        assertEquals(InfusionState.FAULT, sim.state().infusion(), "a pump that ignores its volume limit is not to be used");
        Alarm alarm = sim.state().alarms().stream().filter(a -> a.type() == AlarmType.VTBI_IGNORED).findFirst()
                .orElseThrow(() -> new AssertionError(sim.state().alarms().toString()));
        assertTrue(alarm.detail().contains("delivery lease"), alarm.detail());
        long allowance = SafetySettings.DEFAULTS.overInfusionAbsolute().microlitres();
        long perPoll = 52_500 * 250 / 3_600_000 + 1;
        assertTrue(sim.pump.truth <= CHUNK + allowance + 2 * perPoll, "delivered " + sim.pump.truth + " µL");
        assertEquals(PumpActivity.STOPPED, sim.pump.mode);
    }

    @Test
    @DisplayName("SR-A5: over-infusion is judged across lease renewals: a pump running 20 % fast that stops at each lease end is still tripped")
    void overInfusionAcrossRenewals() {
        SimulatedChannel sim = channel();
        sim.pump.rateFactorPermille = 1200;
        sim.run(Duration.ofMinutes(10));
        assertEquals(InfusionState.TRIPPED, sim.state().infusion(), sim.state().alarms().toString());
        assertTrue(sim.state().alarms().stream().anyMatch(a -> a.type() == AlarmType.OVER_INFUSION),
                sim.state().alarms().toString());
        assertTrue(programmed(sim).size() > 1, "renewed at least once before the trip: " + programmed(sim).size());
    }

    @Test
    @DisplayName("a lease shorter than ten poll periods is refused, naming both values")
    void leaseTooShort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> leased(Duration.ofSeconds(2)));
        assertEquals("deliveryLease (PT2S) must be off (0) or at least ten poll periods (PT2.5S)", e.getMessage());
    }
}
