package org.dosewarden.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * Stateful properties: a model pump that misbehaves (wrong rate, ignored VTBI, free flow, stall, silence,
 * power reset), random clinician intents, vitals and clock advances, daemon crashes. The per-step
 * invariants (starts only where legal, stop with every stop-worthy alarm, alarm with every automatic mode
 * change, refusals change nothing, delivered never decreases) are checked by {@link SimulatedChannel} on
 * every step; the delivery bound after every action; replay at the end.
 */
class SafetyCoreProperties {

    /** The world of one chain: the simulated channel and what was injected. */
    static final class World {
        final SimulatedChannel sim = new SimulatedChannel();

        @Override
        public String toString() {
            return "World[" + sim.state().infusion() + ", delivered " + sim.state().delivered() + "]";
        }

        /**
         * SR-A4/SR-A5 bound: what entered the patient since the program never exceeds the plan total by more
         * than one poll (or one pump-watchdog period while the host could not reach the pump) at the fastest
         * rate seen, per uncontrolled episode (start, each silence, power cycle or daemon crash). Free flow
         * is a mechanical fault no command can stop, so it is judged by its alarm instead. Also: nothing
         * counted twice (counted ≤ truth).
         */
        void checkDeliveryBound() {
            ChannelState s = sim.state();
            if (s.session() == null || sim.freeFlowEver) {
                return;
            }
            long total = s.session().program().plan().totalVolume().microlitres();
            // One poll at the fastest rate per start or power cycle (a reset loses the counts since the last
            // reading); one pump-watchdog period per silence or crash, when no command reaches the pump.
            long perPoll = sim.maxRateSeen * (sim.pollNanos / 1_000_000) / 3_600_000 + 1;
            long perWatchdog = sim.maxRateSeen * (sim.pump.watchdogNanos / 1_000_000) / 3_600_000 + 1;
            long bound = total + sim.pollEpisodes * perPoll + sim.watchdogEpisodes * perWatchdog;
            long truth = sim.truthSinceProgram();
            if (truth > bound) {
                throw new AssertionError("delivered " + truth + " µL > total " + total + " + " + sim.pollEpisodes
                        + " × " + perPoll + " + " + sim.watchdogEpisodes + " × " + perWatchdog + " µL");
            }
            if (s.delivered().microlitres() > truth) {
                throw new AssertionError("counted " + s.delivered() + " but only " + truth + " µL entered the patient");
            }
        }
    }

    @Property(tries = 30)
    @Label("SR-A4 SR-A5 SR-C1 SR-C2 SR-D2 SR-D5 SR-G2: invariants hold with a misbehaving pump, random clinicians and crashes; replay reproduces the state")
    void invariantsHold(@ForAll("chains") ActionChain<World> chain) {
        World w = chain.withInvariant("delivery bound", World::checkDeliveryBound).run();
        net.jqwik.api.statistics.Statistics.label("states reached").collect(w.sim.ch.steps.stream()
                .map(s -> s.state().infusion()).distinct().count() >= 4 ? ">=4" : "<4");
        net.jqwik.api.statistics.Statistics.label("completed").collect(w.sim.ch.steps.stream()
                .anyMatch(s -> s.state().infusion() == InfusionState.COMPLETED));
        net.jqwik.api.statistics.Statistics.label("delivery lease renewed").collect(w.sim.ch.steps.stream()
                .flatMap(s -> s.records().stream()).anyMatch(r -> r.summary().startsWith("delivery lease")));
        net.jqwik.api.statistics.Statistics.label("events").collect(w.sim.ch.events.size() / 1000 + "k");
        ChannelState replayed = Replay.replay(w.sim.ch.initial, w.sim.ch.events);
        if (!replayed.equals(w.sim.state())) {
            throw new AssertionError("replay differs:\nlive   " + w.sim.state() + "\nreplay " + replayed);
        }
        checkJournaledReplay(w.sim.ch);
    }

    /**
     * The shell journals only events that change something, and of a run of polls that only refresh the
     * contact time just the newest, written ahead of the next journaled event (ChannelSupervisor). Replaying
     * that journal must give the live state: exactly, or up to the contact time when a poll is still held.
     */
    static void checkJournaledReplay(TestChannel ch) {
        List<Event> journaled = new ArrayList<>();
        Event held = null;
        ChannelState before = ch.initial;
        for (int i = 0; i < ch.events.size(); i++) {
            Event e = ch.events.get(i);
            Step step = ch.steps.get(i);
            boolean changed = e instanceof Intent || !step.records().isEmpty() || !step.commands().isEmpty()
                    || !step.state().equals(before);
            if (changed && e instanceof Event.PumpReading && step.onlyContactRefreshed(before)) {
                held = e;
            } else if (changed) {
                if (held != null) {
                    journaled.add(held);
                    held = null;
                }
                journaled.add(e);
            }
            before = step.state();
        }
        ChannelState replayed = Replay.replay(ch.initial, journaled);
        boolean same = held == null ? replayed.equals(ch.state) : ch.state.differsOnlyInContactTime(replayed);
        if (!same) {
            throw new AssertionError("replay of the journaled " + journaled.size() + " of " + ch.events.size()
                    + " events differs:\nlive   " + ch.state + "\nreplay " + replayed);
        }
        net.jqwik.api.statistics.Statistics.label("routine polls not journaled").collect(
                (ch.events.size() - journaled.size()) * 10 / Math.max(1, ch.events.size()) * 10 + "%");
    }

    @Provide
    Arbitrary<ActionChain<World>> chains() {
        return ActionChain.startWith(World::new)
                .withAction(6, polls())
                .withAction(1, longRun())
                .withAction(3, programs())
                .withAction(5, intents())
                .withAction(5, carryOn())
                .withAction(2, vitals())
                .withAction(3, faults())
                .withAction(2, Action.just(Transformer.mutate("pump ignores its VTBI", w -> w.sim.pump.ignoresVtbi = true)))
                .withMaxTransformations(50);
    }

    private static Action.Independent<World> polls() {
        return () -> Arbitraries.integers().between(1, 40)
                .map(n -> Transformer.mutate("advance " + n + " polls", w -> w.sim.polls(n)));
    }

    /** A clinician who wants the infusion to go on: programs and starts, or acknowledges, resets and resumes. */
    private static Action.Independent<World> carryOn() {
        return () -> Arbitraries.integers().between(1, 999).map(n -> Transformer.<World>mutate("carry on", w -> {
            SimulatedChannel sim = w.sim;
            switch (sim.state().infusion()) {
                case IDLE -> {
                    List<PlannedStep> steps = List.of(new PlannedStep(FlowRate.ofMicrolitresPerHour(120_000),
                            Volume.ofMicrolitres(1_000 + n), FlowRate.ofMicrolitresPerHour(120_000)
                            .timeFor(Volume.ofMicrolitres(1_000 + n))));
                    InfusionProgram p = TestChannel.program("c" + n, steps, false, KeepVeinOpen.NONE,
                            n % 2 == 0 ? VitalsProfile.designedDefault("vp", false) : null);
                    // Half the sessions run on 3 s delivery leases (a pump without its own watchdog).
                    sim.program(n % 2 == 0 ? withLease(p, Duration.ofSeconds(3)) : p);
                }
                case PROGRAMMED, PAUSED -> {
                    sim.ackAll();
                    sim.event(new Event.VitalsReading(sim.ch.now(), List.of(VitalValue.of(VitalSign.SYSTOLIC_BP, 120),
                            VitalValue.of(VitalSign.DIASTOLIC_BP, 80), VitalValue.of(VitalSign.HEART_RATE, 70),
                            VitalValue.of(VitalSign.SPO2, 98))));
                    if (sim.state().infusion() == InfusionState.PROGRAMMED) {
                        sim.start();
                    } else {
                        sim.resume();
                    }
                }
                case TRIPPED, FAULT -> {
                    sim.ackAll();
                    sim.resetTrip("checked at the bedside");
                }
                case COMPLETED, STOPPED, AWAITING_CONFIRMATION -> sim.end("done");
                case RUNNING -> sim.polls(20);
            }
        }));
    }

    static InfusionProgram withLease(InfusionProgram p, Duration lease) {
        return new InfusionProgram(p.sessionId(), p.patientId(), p.plan(), p.secondClinicianRequired(),
                p.keepVeinOpen(), p.vitalsProfile(), p.rateResolution(), p.volumeResolution(),
                DeliveryLeaseTest.leased(lease));
    }

    private static Action.Independent<World> longRun() {
        return () -> Arbitraries.integers().between(1, 3)
                .map(m -> Transformer.mutate("advance " + m + " min", w -> w.sim.run(Duration.ofMinutes(m))));
    }

    private static Action.Independent<World> programs() {
        Arbitrary<PlannedStep> step = Combinators.combine(
                Arbitraries.longs().between(100, 4_000).map(x -> x * 100), // 10 .. 400 mL/h
                Arbitraries.longs().between(200, 3_000))
                .as((rate, vtbi) -> {
                    FlowRate r = FlowRate.ofMicrolitresPerHour(rate);
                    Volume v = Volume.ofMicrolitres(vtbi);
                    return new PlannedStep(r, v, r.timeFor(v));
                });
        Arbitrary<VitalsProfile> profile = Arbitraries.of(0, 1, 2).map(i -> switch (i) {
            case 0 -> null;
            case 1 -> VitalsProfile.designedDefault("vp", false);
            default -> VitalsProfile.designedDefault("vp", true);
        });
        return () -> Combinators.combine(step.list().ofMinSize(1).ofMaxSize(3), profile, Arbitraries.integers().between(1, 999))
                .as((steps, vp, n) -> Transformer.<World>mutate("program " + steps.size() + " step(s)"
                        + (vp == null ? "" : ", vitals " + (vp.required() ? "required" : "optional"))
                        + (n % 2 == 0 ? ", 3 s delivery lease" : ""), w -> {
                    InfusionProgram p = TestChannel.program("s" + n, steps, false, KeepVeinOpen.NONE, vp);
                    w.sim.program(n % 2 == 0 ? withLease(p, Duration.ofSeconds(3)) : p);
                }));
    }

    private static Action.Independent<World> intents() {
        return () -> Arbitraries.of("start", "pause", "resume", "stop", "ack", "reset", "end", "override", "stale-start")
                .map(kind -> Transformer.<World>mutate(kind, w -> {
                    SimulatedChannel sim = w.sim;
                    switch (kind) {
                        case "start" -> sim.start();
                        case "pause" -> sim.pause();
                        case "resume" -> sim.resume();
                        case "stop" -> sim.stop();
                        case "ack" -> sim.ackAll();
                        case "reset" -> sim.resetTrip("checked at the bedside");
                        case "end" -> sim.end("session closed");
                        case "override" -> sim.intent(new Intent.OverrideVitalsGate(sim.ch.now(), sim.ch.by("dr.a"),
                                "manual BP taken"));
                        default -> {
                            Step s = sim.intent(new Intent.StartInfusion(sim.ch.now(),
                                    new ClinicianRequest("dr.a", sim.ch.now().wall(), sim.ch.nanos - 1)));
                            SimulatedChannel.check(s.refused() && s.refusal().kind() == Refusal.Kind.STALE,
                                    "a stale start was not refused");
                        }
                    }
                }));
    }

    private static Action.Independent<World> vitals() {
        return () -> Arbitraries.of("normal", "soft", "hard", "low-spo2", "invalid", "zero")
                .map(kind -> Transformer.<World>mutate("vitals " + kind, w -> {
                    List<VitalValue> values = new ArrayList<>();
                    switch (kind) {
                        case "normal" -> values.addAll(List.of(VitalValue.of(VitalSign.SYSTOLIC_BP, 128),
                                VitalValue.of(VitalSign.DIASTOLIC_BP, 82), VitalValue.of(VitalSign.HEART_RATE, 76),
                                VitalValue.of(VitalSign.SPO2, 97)));
                        case "soft" -> values.add(VitalValue.of(VitalSign.SYSTOLIC_BP, 165));
                        case "hard" -> values.add(VitalValue.of(VitalSign.HEART_RATE, 131));
                        case "low-spo2" -> values.add(VitalValue.of(VitalSign.SPO2, 85));
                        case "invalid" -> values.add(VitalValue.invalid(VitalSign.SPO2));
                        default -> values.add(VitalValue.of(VitalSign.SYSTOLIC_BP, 0));
                    }
                    w.sim.event(new Event.VitalsReading(w.sim.ch.now(), values));
                }));
    }

    private static Action.Independent<World> faults() {
        return () -> Arbitraries.integers().between(0, 13).flatMap(kind -> Arbitraries.integers().between(0, 1_000_000)
                .map(x -> Transformer.<World>mutate(faultName(kind, x), w -> fault(w.sim, kind, x))));
    }

    private static String faultName(int kind, int x) {
        return switch (kind) {
            case 0 -> "rate factor " + (500 + x % 2500) + "‰" + (x % 2 == 0 ? " reported" : " hidden");
            case 1 -> "rate factor back to 1";
            case 2 -> "ignores VTBI " + (x % 2 == 0);
            case 3 -> "free flow " + (500 + x % 4500) + " µL/h";
            case 4 -> "stall " + (x % 2 == 0);
            case 5 -> "silence on";
            case 6 -> "silence off";
            case 7 -> "power cycle";
            case 8 -> "daemon crash " + (x % 5000) + " ms";
            case 9 -> "emergency stop pressed";
            case 10 -> "emergency stop released and reset";
            case 11 -> "journal fails";
            case 12 -> "journal restored";
            default -> "keeps old rate on a big step " + (x % 2 == 0);
        };
    }

    private static void fault(SimulatedChannel sim, int kind, int x) {
        switch (kind) {
            case 0 -> {
                sim.pump.rateFactorPermille = 500 + x % 2500;
                sim.pump.reportsDeliveringRate = x % 2 == 0;
            }
            case 1 -> sim.pump.rateFactorPermille = 1000;
            case 2 -> sim.pump.ignoresVtbi = x % 2 == 0;
            case 3 -> {
                sim.pump.freeFlowUlPerHour = 500 + x % 4500;
                sim.freeFlowEver = true;
            }
            case 4 -> sim.pump.stalled = x % 2 == 0;
            case 5 -> sim.silence(true);
            case 6 -> sim.silence(false);
            case 7 -> sim.powerCycle();
            case 8 -> sim.crashAndRecover(Duration.ofMillis(x % 5000), (long) x * 7_919_000_000L - 3_000_000_000_000L);
            case 9 -> sim.event(new Event.EmergencyStopPressed(sim.ch.now(), "gpio17"));
            case 10 -> {
                sim.event(new Event.EmergencyStopReleased(sim.ch.now(), "gpio17"));
                sim.intent(new Intent.ResetEmergencyStop(sim.ch.now(), sim.ch.by("dr.a"), "released"));
            }
            case 11 -> sim.event(new Event.JournalWriteFailed(sim.ch.now(), "disk full"));
            case 12 -> sim.event(new Event.JournalRestored(sim.ch.now()));
            default -> sim.pump.keepsOldRateOnBigStep = x % 2 == 0;
        }
    }
}
