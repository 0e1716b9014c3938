package org.dosewarden.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.testing.Choices;
import org.quicktheories.core.Gen;

/**
 * Random chains of what happens to one channel: polls and long runs, programs, clinician intents (one who
 * wants the infusion to go on, and one who presses anything), vitals, pump faults (wrong rate, ignored VTBI,
 * free flow, stall, silence, power reset), daemon crashes, emergency stop and journal failures.
 *
 * <p>How a chain shrinks: it has {@value #SLOTS} slots of four draws each (the kind of action and three
 * parameters, all drawn whether used or not, so that changing one slot leaves the others' draws in place).
 * Kind 0 is "nothing", drawn with probability 1/28 (so a chain holds 50 actions on average, the depth of
 * the chains before), and it is where shrinking drives every kind: a shrunk chain keeps only the actions
 * the failure needs, each with its parameters moved toward the plainest value.
 */
final class ChainActions {

    static final int SLOTS = 52;
    private static final int KINDS = 28;
    private static final long PARAMETER = 1_000_000;

    private ChainActions() {
    }

    /** One thing that happens to the world, named as the failure report shows it. */
    record Action(String name, Consumer<SafetyCoreProperties.World> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The actions of one chain, in order. */
    record Chain(List<Action> actions) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(actions.size() + " actions:");
            for (int i = 0; i < actions.size(); i++) {
                s.append(System.lineSeparator()).append("    ").append(i + 1).append(". ").append(actions.get(i));
            }
            return s.toString();
        }
    }

    static Gen<Chain> chains() {
        return Choices.gen(r -> {
            List<Action> actions = new ArrayList<>();
            for (int i = 0; i < SLOTS; i++) {
                int kind = r.nextInt(KINDS);
                long a = r.between(0, PARAMETER - 1);
                long b = r.between(0, PARAMETER - 1);
                long c = r.between(0, PARAMETER - 1);
                action(kind, a, b, c).ifPresent(actions::add);
            }
            return new Chain(List.copyOf(actions));
        });
    }

    /** The weights of the chains before: polls 6, long run 1, program 3, intent 5, carry on 5, vitals 2, fault 3, VTBI 2. */
    private static Optional<Action> action(int kind, long a, long b, long c) {
        if (kind == 0) {
            return Optional.empty();
        }
        if (kind <= 6) {
            int n = 1 + scale(a, 40);
            return Optional.of(new Action("advance " + n + " polls", w -> w.sim.polls(n)));
        }
        if (kind == 7) {
            int m = 1 + scale(a, 3);
            return Optional.of(new Action("advance " + m + " min", w -> w.sim.run(Duration.ofMinutes(m))));
        }
        if (kind <= 10) {
            return Optional.of(program(a, b, c));
        }
        if (kind <= 15) {
            return Optional.of(intent(List.of("start", "pause", "resume", "stop", "ack", "reset", "end", "override",
                    "stale-start").get(scale(a, 9))));
        }
        if (kind <= 20) {
            int n = 1 + scale(a, 999);
            return Optional.of(new Action("carry on", w -> carryOn(w.sim, n)));
        }
        if (kind <= 22) {
            return Optional.of(vitals(List.of("normal", "soft", "hard", "low-spo2", "invalid", "zero").get(scale(a, 6))));
        }
        if (kind <= 25) {
            int fault = scale(a, 15);
            int x = (int) b;
            return Optional.of(new Action(faultName(fault, x), w -> fault(w.sim, fault, x)));
        }
        return Optional.of(new Action("pump ignores its VTBI", w -> w.sim.pump.ignoresVtbi = true));
    }

    /** {@code v} (0 to PARAMETER - 1) scaled to 0 to n - 1, keeping order so a smaller draw is a smaller value. */
    private static int scale(long v, int n) {
        return (int) (v * n / PARAMETER);
    }

    /** 1 to 3 steps of 10 to 400 mL/h and 200 to 3000 µL, no, optional or required vitals, some on a lease. */
    private static Action program(long a, long b, long c) {
        int count = 1 + scale(a, 3);
        SplittableRandom values = new SplittableRandom(b);
        List<PlannedStep> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FlowRate rate = FlowRate.ofMicrolitresPerHour(100 * values.nextLong(100, 4_001));
            Volume vtbi = Volume.ofMicrolitres(values.nextLong(200, 3_001));
            steps.add(new PlannedStep(rate, vtbi, rate.timeFor(vtbi)));
        }
        VitalsProfile vp = switch (scale(c, 3)) {
            case 0 -> null;
            case 1 -> VitalsProfile.designedDefault("vp", false);
            default -> VitalsProfile.designedDefault("vp", true);
        };
        int n = 1 + (int) (c % 999);
        String name = "program " + steps.stream().map(s -> s.rate() + " " + s.volumeToBeInfused()).toList()
                + (vp == null ? "" : ", vitals " + (vp.required() ? "required" : "optional"))
                + (n % 2 == 0 ? ", 3 s delivery lease" : "");
        return new Action(name, w -> {
            InfusionProgram p = TestChannel.program("s" + n, steps, false, KeepVeinOpen.NONE, vp);
            w.sim.program(n % 2 == 0 ? withLease(p, Duration.ofSeconds(3)) : p);
        });
    }

    /** A clinician who wants the infusion to go on: programs and starts, or acknowledges, resets and resumes. */
    private static void carryOn(SimulatedChannel sim, int n) {
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
    }

    static InfusionProgram withLease(InfusionProgram p, Duration lease) {
        return new InfusionProgram(p.sessionId(), p.patientId(), p.plan(), p.secondClinicianRequired(),
                p.keepVeinOpen(), p.vitalsProfile(), p.rateResolution(), p.volumeResolution(),
                DeliveryLeaseTest.leased(lease));
    }

    private static Action intent(String kind) {
        return new Action(kind, w -> {
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
        });
    }

    private static Action vitals(String kind) {
        return new Action("vitals " + kind, w -> {
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
        });
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
            case 13 -> "line noise on the next " + (1 + x % 3) + " program(s)";
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
            case 13 -> sim.pump.programsGarbled = 1 + x % 3;
            default -> sim.pump.keepsOldRateOnBigStep = x % 2 == 0;
        }
    }
}
