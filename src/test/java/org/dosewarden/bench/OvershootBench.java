package org.dosewarden.bench;

import static org.dosewarden.bench.SupervisionBenchSupport.ketamineRate;
import static org.dosewarden.bench.SupervisionBenchSupport.ketamineSteps;
import static org.dosewarden.bench.SupervisionBenchSupport.step;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.dosewarden.channel.BenchChannels;
import org.dosewarden.channel.ChannelSettings;
import org.dosewarden.channel.ChannelSupervisor;
import org.dosewarden.channel.ProgramOrder;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.plan.InfusionPlan;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.journal.Journal;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.pump.profile.DeviceProfile;
import org.dosewarden.pump.profile.DeviceProfiles;
import org.dosewarden.sim.SimTransport;
import org.dosewarden.sim.SimulatedPump;

/**
 * Overshoot past the prescribed total when the pump ignores its volume to be infused (issue 5, "Benchmarks").
 *
 * <p>Each trial is a fresh simulated NE-1000 (in-process {@code sim:} transport, {@link ManualTimeSource}) with
 * {@code faults().ignoreVtbi(true)}, a fresh channel built as the daemon builds it (real New Era driver, real
 * safety core, real SQLite journal), the default 250 ms poll, and a real order from the programming check. The
 * infusion is started, the poll grid is shifted by a random fraction of a poll (a start arrives at any moment
 * between two polls), and the channel is stepped one poll at a time on virtual time until the supervisor has
 * stopped the pump, then two more seconds. Overshoot = the simulator's physical truth (what left the syringe)
 * minus the planned total. Pump commands take no virtual time here (the simulator answers at once), so this is
 * the overshoot the poll period and the counter resolution allow, not serial latency (see the reaction bench).
 *
 * <pre>
 * java -cp ... org.dosewarden.bench.OvershootBench [--trials N] [--quick] [--seed S] [--journal-dir DIR]
 * </pre>
 */
public final class OvershootBench {

    private static final Duration POLL = ChannelSettings.DEFAULT_POLL_PERIOD;
    private static final Duration AFTER_STOP = Duration.ofSeconds(2);
    private static final Duration TRIAL_LIMIT = Duration.ofHours(1);

    /** One measured situation. {@code firstStepOnly}: measure past step 1's volume (a loading step). */
    private record Scenario(String title, Function<PumpCapability, ProgramOrder> order, boolean ignoreVtbi,
                            boolean firstStepOnly, int trialsPercent) {
    }

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("231 mL/h single step (200 kg x 1.155 mg/kg/h at 1 mg/mL, total 0.02 mg/kg = 4 mL), "
                    + "overshoot past the total",
                    pump -> ketamineRate(pump, 200, "1.155", "0.02"), true, false, 100),
            new Scenario("231 mL/h loading step of the two-step program (70 kg, protocol sud-two-step: 0.11 mg/kg "
                    + "over 2 min = 3.3 mg/kg/h, then 0.60 mg/kg over 50 min), overshoot past the loading step's volume "
                    + "(measured when the supervisor stops the pump to program step 2)",
                    pump -> ketamineSteps(pump, 70, List.of(step("0.11", Duration.ofMinutes(2)),
                            step("0.60", Duration.ofMinutes(50)))), true, true, 50),
            new Scenario("1 mL/h (50 kg x 0.02 mg/kg/h at 1 mg/mL, total 0.001 mg/kg = 50 uL), overshoot past the total",
                    pump -> ketamineRate(pump, 50, "0.02", "0.001"), true, false, 50),
            new Scenario("control: 231 mL/h single step, pump honours its VTBI",
                    pump -> ketamineRate(pump, 200, "1.155", "0.02"), false, false, 10));

    private OvershootBench() {
    }

    public static void main(String[] args) throws Exception {
        int trials = 200;
        long seed = 5;
        Path journalDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trials" -> trials = Integer.parseInt(args[++i]);
                case "--quick" -> trials = 20;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--journal-dir" -> journalDir = Path.of(args[++i]);
                case "--help", "-h" -> {
                    System.out.println("OvershootBench [--trials N (default 200)] [--quick (20)] [--seed S] [--journal-dir DIR]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --trials N, --quick, --seed S, --journal-dir DIR)");
            }
        }
        if (trials < 1 || trials > 100_000) {
            throw new IllegalArgumentException("--trials must be 1..100000, not " + trials);
        }
        // Virtual time: the journal's fsync does not move the clock, so a memory file system only saves real
        // time. Default: /dev/shm when there is one.
        Path base = journalDir != null ? journalDir
                : Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of("target", "bench");
        Path dir = base.resolve("dosewarden-overshoot-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        DeviceProfile profile = DeviceProfiles.standard().load("sim-ne1000");
        System.out.printf(Locale.ROOT, "overshoot bench: poll %d ms, %d trials per 100 %%, seed %d, journal %s (%s), "
                        + "load %s%n", POLL.toMillis(), trials, seed, dir, SupervisionBenchSupport.fileSystemOf(dir),
                SupervisionBenchSupport.loadAverage());
        Random random = new Random(seed);
        long started = System.nanoTime();
        try (Journal journal = Journal.open(dir, TimeSource.system())) {
            int scenarioIndex = 0;
            for (Scenario scenario : SCENARIOS) {
                scenarioIndex++;
                int n = Math.max(3, trials * scenario.trialsPercent() / 100);
                long[] overshootNl = new long[n];
                long[] stopMillis = new long[n];
                InfusionPlan plan = null;
                for (int t = 0; t < n; t++) {
                    Trial r = trial(profile, journal, scenario, "ov" + scenarioIndex + "-" + t, random);
                    overshootNl[t] = r.overshootNl();
                    stopMillis[t] = r.stoppedAfterMillis();
                    plan = r.plan();
                }
                report(scenario, plan, overshootNl, stopMillis);
            }
        } finally {
            SupervisionBenchSupport.deleteTree(dir);
        }
        System.out.printf(Locale.ROOT, "overshoot bench: %.1f s real time%n", (System.nanoTime() - started) / 1e9);
    }

    private record Trial(long overshootNl, long stoppedAfterMillis, InfusionPlan plan) {
    }

    private static Trial trial(DeviceProfile profile, Journal journal, Scenario scenario, String name, Random random)
            throws Exception {
        ManualTimeSource clock = new ManualTimeSource();
        SimulatedPump pump = SimulatedPump.builder(clock).name(name).diameterMm(new BigDecimal("26.59"))
                .powerUpAlarm(false).build();
        pump.faults().ignoreVtbi(scenario.ignoreVtbi());
        NeDriver driver = new NeDriver(new SimTransport(pump), clock, NeDriverSettings.from(profile, 0));
        ChannelSettings settings = new ChannelSettings(name, profile.id(), "sim:" + name, 0, "bd-plastic-60ml", null,
                POLL, ChannelSettings.DEFAULT_LINK_TIMEOUT, ChannelSettings.DEFAULT_WATCHDOG_SECONDS);
        ChannelSupervisor channel = BenchChannels.create(settings, profile, driver, journal, clock, 1);
        try {
            BenchChannels.begin(channel);
            ProgramOrder order = scenario.order().apply(channel.pumpCapability().orElseThrow());
            InfusionPlan plan = order.infusion().plan();
            long limitNl = (scenario.firstStepOnly() ? plan.steps().getFirst().volumeToBeInfused() : plan.totalVolume())
                    .microlitres() * 1000;
            long truthBefore = pump.truth().infusedNanolitres();
            SupervisionBenchSupport.programAndStart(channel, clock, order);
            long startNanos = clock.monotonicNanos();
            // A start lands anywhere between two polls: shift the poll grid by a random fraction of a period.
            clock.advance(Duration.ofNanos((long) (random.nextDouble() * POLL.toNanos())));
            long deadline = startNanos + TRIAL_LIMIT.toNanos();
            Long stoppedAt = null;
            long measuredNl = -1;
            while (stoppedAt == null) {
                if (clock.monotonicNanos() > deadline) {
                    throw new IllegalStateException(name + ": the supervisor did not stop the pump within " + TRIAL_LIMIT
                            + "; " + channel.snapshot());
                }
                clock.advance(POLL);
                BenchChannels.cycle(channel);
                if (scenario.firstStepOnly() && channel.snapshot().currentStep() >= 1) {
                    // The cycle that saw step 1 delivered stopped the pump and reprogrammed it for step 2 at once
                    // (no virtual time passes inside a cycle): truth now is truth at that stop.
                    measuredNl = pump.truth().infusedNanolitres() - truthBefore;
                    stoppedAt = clock.monotonicNanos();
                } else if (!channel.snapshot().infusionState().equals("RUNNING")) {
                    stoppedAt = clock.monotonicNanos();
                }
            }
            long end = clock.monotonicNanos() + AFTER_STOP.toNanos();
            while (!scenario.firstStepOnly() && clock.monotonicNanos() < end) {
                clock.advance(POLL);
                BenchChannels.cycle(channel);
            }
            if (!scenario.firstStepOnly()) {
                if (pump.snapshot().prompt().motorMayRun()) {
                    throw new IllegalStateException(name + ": pump still running " + AFTER_STOP + " after the stop: "
                            + pump.snapshot());
                }
                measuredNl = pump.truth().infusedNanolitres() - truthBefore;
            }
            return new Trial(measuredNl - limitNl, (stoppedAt - startNanos) / 1_000_000, plan);
        } finally {
            channel.close();
        }
    }

    private static void report(Scenario scenario, InfusionPlan plan, long[] overshootNl, long[] stopMillis) {
        var step = scenario.firstStepOnly() ? plan.steps().getFirst() : plan.steps().getLast();
        long rateUlPerH = step.rate().microlitresPerHour();
        double onePollUl = rateUlPerH * (POLL.toNanos() / 1e9) / 3600.0;
        long[] s = overshootNl.clone();
        Arrays.sort(s);
        long median = SupervisionBenchSupport.percentile(s, 50);
        List<String> lines = new ArrayList<>();
        lines.add(scenario.title());
        lines.add(String.format(Locale.ROOT, "  plan: %s; limit measured against: %s; rate at that point %s; "
                        + "one poll at that rate = %.3f uL", plan.steps(),
                scenario.firstStepOnly() ? plan.steps().getFirst().volumeToBeInfused() : plan.totalVolume(),
                step.rate(), onePollUl));
        lines.add(String.format(Locale.ROOT, "  overshoot (truth - limit), n=%d: min %.3f uL, median %.3f uL, "
                        + "p90 %.3f uL, max %.3f uL", s.length, s[0] / 1e3, median / 1e3,
                SupervisionBenchSupport.percentile(s, 90) / 1e3, s[s.length - 1] / 1e3));
        lines.add(String.format(Locale.ROOT, "  as a fraction of one poll: min %.2f, median %.2f, max %.2f",
                s[0] / 1e3 / onePollUl, median / 1e3 / onePollUl, s[s.length - 1] / 1e3 / onePollUl));
        long[] m = stopMillis.clone();
        Arrays.sort(m);
        lines.add(String.format(Locale.ROOT, "  stop noticed after (virtual) %.1f .. %.1f s from start",
                m[0] / 1e3, m[m.length - 1] / 1e3));
        lines.forEach(System.out::println);
    }
}
