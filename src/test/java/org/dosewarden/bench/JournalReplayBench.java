package org.dosewarden.bench;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.dosewarden.channel.BenchChannels;
import org.dosewarden.channel.ChannelSettings;
import org.dosewarden.channel.ChannelSupervisor;
import org.dosewarden.channel.Checkpoint;
import org.dosewarden.channel.EventJson;
import org.dosewarden.channel.ProgramBuilder;
import org.dosewarden.channel.ProgramOrder;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.JournalReader;
import org.dosewarden.pump.newera.NeDriver;
import org.dosewarden.pump.newera.NeDriverSettings;
import org.dosewarden.pump.profile.DeviceProfile;
import org.dosewarden.pump.profile.DeviceProfiles;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.ClinicianRequest;
import org.dosewarden.safety.CommandResult;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.InfusionProgram;
import org.dosewarden.safety.Intent;
import org.dosewarden.safety.JournalRecord;
import org.dosewarden.safety.Moment;
import org.dosewarden.safety.PumpActivity;
import org.dosewarden.safety.PumpCommand;
import org.dosewarden.safety.SafetyCore;
import org.dosewarden.safety.Step;
import org.dosewarden.safety.VitalValue;
import org.dosewarden.sim.SimTransport;
import org.dosewarden.sim.SimulatedPump;

/**
 * Journal replay through the safety core (issue 5, "Journal: ... replay time for 1,000,000 records"): one
 * channel's 1,000,000 journaled events read back from a real SQLite journal, parsed with {@link EventJson} and
 * folded through {@link SafetyCore#decide}, exactly what a channel does at start-up
 * ({@code ChannelSupervisor.recover()}).
 *
 * <p><b>The journal.</b> A live supervisor needs one durable commit per poll, so a million of its events would
 * take hours to record. The bench therefore (1) runs the real supervisor, real New Era driver and in-process
 * simulator on virtual time for one reference ketamine session and prints what it journals per poll, then (2)
 * writes the channel's million events the same way the supervisor does: the same pure core decides, every
 * event that changed anything is appended as an {@code EVENT} record ({@link EventJson}) followed by its
 * {@code DECISION_*} records, each pump command is carried out on a model pump and answered with a
 * {@code CommandOutcome} (a read-back with a reading), and pump readings and clock ticks arrive every 250 ms with
 * vitals every 5 s; repeated 40-minute ketamine sessions (0.5 mg/kg for 70 kg) with idle gaps, as group-committed
 * appends. Both mixes are printed so they can be compared.
 *
 * <p><b>Checkpoints.</b> The generator journals a {@link Checkpoint} where the daemon does (the first event after
 * which the channel has no session, once {@code CHECKPOINT_AFTER_EVENTS} events came since the last), so the daemon's
 * replay begins at the newest; {@code --no-checkpoints} writes the journal of a build before them, which is replayed
 * from the first record.
 *
 * <p><b>Measured.</b> Replay as the daemon does it (a fresh supervisor's {@code recover()} on the channel), and
 * the pieces: reading the channel's records, reading + {@code EventJson.read}, reading + parsing +
 * {@code decide}; wall time, events/s and CPU time of the replaying thread. The journal is on the project's
 * disk unless {@code --dir} says otherwise; it was just written, so the OS page cache holds it.
 *
 * <pre>
 * java -cp ... org.dosewarden.bench.JournalReplayBench [--events N] [--quick] [--dir DIR] [--keep]
 * </pre>
 */
public final class JournalReplayBench {

    public static final String CHANNEL = "replay";
    private static final long POLL_NANOS = Duration.ofMillis(250).toNanos();
    private static final int VITALS_EVERY_POLLS = 20;
    private static final int IDLE_POLLS_BETWEEN_SESSIONS = 4 * 60 * 5;

    private JournalReplayBench() {
    }

    public static void main(String[] args) throws Exception {
        long target = 1_000_000;
        Path base = Path.of("target", "bench");
        boolean keep = false;
        boolean breakdown = false;
        boolean checkpoints = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> target = Long.parseLong(args[++i]);
                case "--quick" -> target = 100_000;
                case "--dir" -> base = Path.of(args[++i]);
                case "--keep" -> keep = true;
                case "--breakdown" -> breakdown = true;
                case "--no-checkpoints" -> checkpoints = false;
                case "--help", "-h" -> {
                    System.out.println("JournalReplayBench [--events N (default 1000000)] [--quick (100000)] [--dir DIR] "
                            + "[--keep] [--breakdown (also time parsing alone)] [--no-checkpoints (a journal of a build before "
                            + "checkpoints: the whole history is replayed)]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --events N, --quick, --dir DIR, --keep, --breakdown, --no-checkpoints)");
            }
        }
        if (target < 1_000 || target > 50_000_000) {
            throw new IllegalArgumentException("--events must be 1000..50000000, not " + target);
        }
        Path dir = base.resolve("dosewarden-replay-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "journal replay bench: %,d events of channel '%s', journal %s (%s), load %s%n",
                target, CHANNEL, dir, SupervisionBenchSupport.fileSystemOf(dir), SupervisionBenchSupport.loadAverage());
        DeviceProfile profile = DeviceProfiles.standard().load("sim-ne1000");
        try {
            try (Journal journal = Journal.open(dir, TimeSource.system())) {
                referenceSession(profile, journal);
                generate(profile, journal, target, checkpoints);
            }
            replay(profile, dir, breakdown);
        } finally {
            if (keep) {
                System.out.println("journal kept in " + dir);
            } else {
                SupervisionBenchSupport.deleteTree(dir);
            }
        }
    }

    /**
     * Writes {@code events} events of channel {@value #CHANNEL} (a {@code sim-ne1000} pump, 60 mL syringe) into
     * {@code journal} the way the supervisor journals them, as this bench does: for tests that need a long replay.
     */
    public static void writeHistory(Journal journal, long events) throws Exception {
        DeviceProfile profile = DeviceProfiles.standard().load("sim-ne1000");
        new Generator(journal, profile.capability("bd-plastic-60ml"), settings(profile), false).run(events);
    }

    // ---- (1) what the real supervisor journals --------------------------------------------------------

    private static void referenceSession(DeviceProfile profile, Journal journal) throws Exception {
        String name = "reference";
        ManualTimeSource clock = new ManualTimeSource();
        SimulatedPump pump = SimulatedPump.builder(clock).name(name).diameterMm(new BigDecimal("26.59"))
                .powerUpAlarm(false).build();
        NeDriver driver = new NeDriver(new SimTransport(pump), clock, NeDriverSettings.from(profile, 0));
        ChannelSettings settings = new ChannelSettings(name, profile.id(), "sim:" + name, 0, "bd-plastic-60ml", null,
                Duration.ofNanos(POLL_NANOS), ChannelSettings.DEFAULT_LINK_TIMEOUT,
                ChannelSettings.DEFAULT_WATCHDOG_SECONDS);
        ChannelSupervisor channel = BenchChannels.create(settings, profile, driver, journal, clock, 1);
        long cycles = 0;
        long t0 = System.nanoTime();
        try {
            BenchChannels.begin(channel);
            for (int i = 0; i < 240; i++, cycles++) {        // one idle minute
                clock.advance(Duration.ofNanos(POLL_NANOS));
                BenchChannels.cycle(channel);
            }
            long idleRecords = journal.lastSequence();
            // 0.75 mg/kg/h for 70 kg at 1 mg/mL (52.5 mL/h, the rate of the standard 40 min session), 10 minutes
            ProgramOrder order = SupervisionBenchSupport.ketamineRate(channel.pumpCapability().orElseThrow(), 70,
                    "0.75", "0.125");
            channel.post(at -> SupervisionBenchSupport.vitals(at, true));
            SupervisionBenchSupport.programAndStart(channel, clock, order);
            long running = 0;
            while (channel.snapshot().infusionState().equals("RUNNING")) {
                if (running % VITALS_EVERY_POLLS == 0) {
                    boolean withBloodPressure = running % (VITALS_EVERY_POLLS * 60) == 0;
                    channel.post(at -> SupervisionBenchSupport.vitals(at, withBloodPressure));   // a monitor on the vitals topic
                }
                clock.advance(Duration.ofNanos(POLL_NANOS));
                BenchChannels.cycle(channel);
                cycles++;
                running++;
            }
            System.out.printf(Locale.ROOT, "reference (real supervisor + driver + simulator, virtual time): one idle "
                            + "minute wrote %d records; then %s in %d polls; %.1f s real%n", idleRecords,
                    channel.snapshot().infusionState(), cycles, (System.nanoTime() - t0) / 1e9);
        } finally {
            channel.close();
        }
        printMix("reference session", journal, name, cycles);
    }

    /** The generated sessions: protocol depression-standard. */
    private static ProgramOrder sessionOrder(PumpCapability pump) {
        // depression-standard: 0.5 mg/kg over 40 min, 70 kg, 1 mg/mL = 52.5 mL/h until 35 mL
        return SupervisionBenchSupport.ketamineSteps(pump, 70,
                List.of(SupervisionBenchSupport.step("0.5", Duration.ofMinutes(40))));
    }

    private static void printMix(String what, JournalReader journal, String channel, long polls) throws Exception {
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> byEvent = new TreeMap<>();
        long[] bytes = {0};
        journal.forEachAfter(channel, 0, e -> {
            byType.merge(e.type(), 1L, Long::sum);
            bytes[0] += e.payload().length();
            if (e.type().equals(ChannelSupervisor.EVENT)) {
                String json = e.payload();
                int at = json.indexOf("\"@type\":\"") + 9;
                byEvent.merge(json.substring(at, json.indexOf('"', at)), 1L, Long::sum);
            }
        });
        long records = byType.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "  %s: %,d records (%.2f per poll, mean payload %d bytes); by type %s%n", what,
                records, records / (double) polls, records == 0 ? 0 : bytes[0] / records, byType);
        System.out.printf(Locale.ROOT, "  %s: EVENT records by event %s%n", what, byEvent);
    }

    // ---- (2) a million events the way the supervisor writes them --------------------------------------

    private static void generate(DeviceProfile profile, Journal journal, long target, boolean checkpoints)
            throws Exception {
        PumpCapability capability = profile.capability("bd-plastic-60ml");
        Generator g = new Generator(journal, capability, settings(profile), checkpoints);
        long t0 = System.nanoTime();
        g.run(target);
        long nanos = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "generated: %,d EVENT + %,d DECISION records (%d sessions, %.1f virtual hours) "
                        + "in %.1f s (%.0f records/s, group-committed appendAsync); %,d checkpoints%n", g.events, g.decisions,
                g.sessions, g.nanos / 3.6e12, nanos / 1e9, (g.events + g.decisions) / (nanos / 1e9), g.checkpoints);
        printMix("generated", journal, CHANNEL, g.polls);
    }

    /** The supervisor's journaling rules around the real core, with a model pump and 4 Hz polls. */
    private static final class Generator {
        private final Journal journal;
        private final ProgramBuilder programs;
        private final ProgramOrder order;
        private final Semaphore window = new Semaphore(8_192);
        private final Deque<Event> pending = new ArrayDeque<>();
        private final Instant wall0 = Instant.parse("2026-03-02T08:00:00Z");
        private ChannelState state;
        private CompletableFuture<JournalEntry> last;
        long nanos = 1_000_000_000L;
        long events;
        long decisions;
        long sessions;
        long polls;
        long checkpoints;
        /** Writes checkpoints as the daemon does ({@code DecisionChain}); false: as a build before them. */
        private final boolean writeCheckpoints;
        private long sinceCheckpoint;
        // model pump
        private PumpActivity mode = PumpActivity.STOPPED;
        private long rateUlPerH;
        private long vtbiLeftNl;
        private long counterNl;
        private long idlePolls;

        Generator(Journal journal, PumpCapability pump, ChannelSettings settings, boolean writeCheckpoints) {
            this.journal = journal;
            this.writeCheckpoints = writeCheckpoints;
            this.programs = new ProgramBuilder(pump, BenchChannels.safetySettings(settings));
            this.order = sessionOrder(pump);
            this.state = ChannelState.initial(CHANNEL, BenchChannels.safetySettings(settings));
        }

        void run(long target) throws Exception {
            while (events < target) {
                Moment at = new Moment(wall0.plusNanos(nanos), nanos);
                ClinicianRequest by = new ClinicianRequest(SupervisionBenchSupport.USER, at.wall(),
                        nanos + Duration.ofSeconds(30).toNanos());
                switch (state.infusion()) {
                    case IDLE -> {
                        if (++idlePolls > IDLE_POLLS_BETWEEN_SESSIONS) {
                            idlePolls = 0;
                            sessions++;
                            process(new Intent.ProgramInfusion(at, by, programs.build(CHANNEL, order, at)));
                        }
                    }
                    case PROGRAMMED -> {
                        process(SupervisionBenchSupport.vitals(at, true));
                        process(new Intent.StartInfusion(at, by));
                    }
                    case COMPLETED -> {
                        // A minute after completion the clinician ends the session; a drug entry that names an
                        // after-care period (SR-O3) closes it with the discharge sign-off once the period is over.
                        InfusionProgram program = state.session().program();
                        long waitPolls = program.monitorsAfterDelivery()
                                ? program.monitoringAfter().toNanos() / POLL_NANOS + 4 * 60 : 4 * 60;
                        if (++idlePolls > waitPolls) {
                            idlePolls = 0;
                            process(program.monitorsAfterDelivery() ? new Intent.DischargePatient(at, by, true)
                                    : new Intent.EndSession(at, by, ""));
                            if (state.session() != null) {
                                throw new IllegalStateException("the generated session did not close: "
                                        + state.infusion() + " " + state.alarms());
                            }
                        }
                    }
                    case RUNNING -> {
                        if (polls % VITALS_EVERY_POLLS == 0) {
                            process(SupervisionBenchSupport.vitals(at, polls % (VITALS_EVERY_POLLS * 60) == 0));
                        }
                    }
                    default -> throw new IllegalStateException("generated stream left the expected path: "
                            + state.infusion() + " " + state.alarms());
                }
                process(reading(at));
                process(new Event.ClockTick(at));
                polls++;
                nanos += POLL_NANOS;
                advancePump(POLL_NANOS);
            }
            if (last != null) {
                last.join();
            }
            window.acquire(8_192);
            window.release(8_192);
        }

        private Event.PumpReading reading(Moment at) {
            return new Event.PumpReading(at, mode, mode == PumpActivity.STOPPED ? FlowRate.ZERO
                    : FlowRate.ofMicrolitresPerHour(rateUlPerH), Volume.ofMicrolitres(counterNl / 1000));
        }

        private void advancePump(long dtNanos) {
            if (mode != PumpActivity.INFUSING) {
                return;
            }
            long nl = rateUlPerH * dtNanos / 3_600_000_000L;  // uL/h x ns = nL x 3.6e9 ... exact enough here
            nl = Math.min(nl, vtbiLeftNl);
            vtbiLeftNl -= nl;
            counterNl += nl;
            if (vtbiLeftNl == 0) {
                mode = PumpActivity.STOPPED;
            }
        }

        /** As ChannelSupervisor.process: the event, then every event its commands produce. */
        private void process(Event event) throws InterruptedException {
            decideAndJournal(event);
            Event next;
            while ((next = pending.poll()) != null) {
                decideAndJournal(next);
            }
        }

        private void decideAndJournal(Event event) throws InterruptedException {
            ChannelState before = state;
            Step step = SafetyCore.decide(before, event);
            boolean changed = event instanceof Intent || !step.records().isEmpty() || !step.commands().isEmpty()
                    || !step.state().equals(before);
            if (changed) {
                append(ChannelSupervisor.EVENT, EventJson.write(event));
                events++;
                sinceCheckpoint++;
                for (JournalRecord r : step.records()) {
                    append("DECISION_" + r.type().name(), EventJson.write(r));
                    decisions++;
                }
                if (writeCheckpoints && step.state().session() == null
                        && sinceCheckpoint >= BenchChannels.CHECKPOINT_AFTER_EVENTS) {
                    append(Checkpoint.TYPE, new Checkpoint(events, step.state()).toJson());
                    checkpoints++;
                    sinceCheckpoint = 0;
                }
            }
            state = step.state();
            for (PumpCommand command : step.commands()) {
                switch (command) {
                    case PumpCommand.ProgramStep p -> {
                        mode = PumpActivity.STOPPED;
                        rateUlPerH = p.rate().microlitresPerHour();
                        vtbiLeftNl = p.vtbi().microlitres() * 1000;
                        pending.add(outcome(command, "step " + (p.stepIndex() + 1) + ": " + p.rate() + ", VTBI "
                                + p.vtbi()));
                    }
                    case PumpCommand.StartPump s -> {
                        mode = PumpActivity.INFUSING;
                        pending.add(outcome(command, "pump mode INFUSING"));
                    }
                    case PumpCommand.PausePump s -> {
                        mode = PumpActivity.PAUSED;
                        pending.add(outcome(command, "pump mode PAUSED"));
                    }
                    case PumpCommand.StopPump s -> {
                        mode = PumpActivity.STOPPED;
                        pending.add(outcome(command, "pump mode STOPPED"));
                    }
                    case PumpCommand.ReadBack r -> pending.add(reading(moment()));
                }
            }
        }

        private Moment moment() {
            return new Moment(wall0.plusNanos(nanos), nanos);
        }

        private Event outcome(PumpCommand command, String detail) {
            return new Event.CommandOutcome(moment(), command, CommandResult.CONFIRMED, detail);
        }

        private void append(String type, String payload) throws InterruptedException {
            window.acquire();
            CompletableFuture<JournalEntry> f = journal.appendAsync(CHANNEL, type, payload);
            f.whenComplete((r, e) -> window.release());
            last = f;
        }
    }

    // ---- (3) replay ----------------------------------------------------------------------------------

    private static void replay(DeviceProfile profile, Path dir, boolean breakdown) throws Exception {
        try (JournalReader reader = Journal.openForReading(dir)) {
            // One unmeasured pass over the records first: page cache and the reading code's JIT are warm after
            // it (the core's decide and EventJson already ran in this JVM while the journal was written).
            reader.forEachAfter(CHANNEL, 0, e -> { });

            long[] c = {0};
            long[] cpu0 = cpu();
            long t0 = System.nanoTime();
            reader.forEachAfter(CHANNEL, 0, e -> c[0]++);
            report("read the channel's records (forEachAfter(channel))", c[0], "records", t0, cpu0);

            long[] parsed = {0};
            cpu0 = cpu();
            t0 = System.nanoTime();
            if (breakdown) {
                reader.forEachAfter(CHANNEL, 0, e -> {
                    if (e.type().equals(ChannelSupervisor.EVENT)) {
                        EventJson.read(e.payload());
                        parsed[0]++;
                    }
                });
                report("read + EventJson.read of every EVENT", parsed[0], "events", t0, cpu0);
            }

        }
        // The daemon's own start-up path: a supervisor on this journal recovers the channel.
        try (Journal journal = Journal.open(dir, TimeSource.system())) {
            ManualTimeSource clock = new ManualTimeSource();
            SimulatedPump pump = SimulatedPump.builder(clock).name("replay").powerUpAlarm(false).build();
            NeDriver driver = new NeDriver(new SimTransport(pump), clock, NeDriverSettings.from(profile, 0));
            ChannelSupervisor channel = BenchChannels.create(settings(profile), profile, driver, journal, clock, 1);
            long events = countEvents(journal);
            long[] pages = {0};
            long lookedAt = System.nanoTime();
            Optional<JournalEntry> checkpoint = journal.newest(CHANNEL, Checkpoint.TYPE, () -> pages[0]++);
            System.out.printf(Locale.ROOT, "the look for the newest checkpoint (part of the replay below): %.0f ms, "
                    + "%,d reports of progress (one per %,d records looked at in vain)%n",
                    (System.nanoTime() - lookedAt) / 1e6, pages[0], JournalReader.LOOK_BACK_PAGE);
            long replayed = events - checkpoint.map(c -> Checkpoint.fromJson(c.payload()).events()).orElse(0L);
            try {
                // the gaps between reports of progress: what a watchdog sees of the replaying loop
                List<Long> gaps = new ArrayList<>();
                long[] lastReport = {0};
                channel.addRecoveryProgressObserver(() -> {
                    long now = System.nanoTime();
                    gaps.add(now - lastReport[0]);
                    lastReport[0] = now;
                });
                long[] cpu0 = cpu();
                long t0 = System.nanoTime();
                lastReport[0] = t0;
                BenchChannels.recover(channel);
                gaps.add(System.nanoTime() - lastReport[0]);
                report("ChannelSupervisor.recover() (the daemon's start-up replay)", replayed, "events replayed", t0,
                        cpu0);
                System.out.printf(Locale.ROOT, "  %s%n", checkpoint.isEmpty() ? "no checkpoint: all %,d events replayed"
                        .formatted(events) : "began at the checkpoint at record %,d of %,d, which sums up %,d of the %,d events"
                        .formatted(checkpoint.get().sequence(), journal.lastSequence(), events - replayed, events));
                List<Long> sorted = gaps.stream().sorted().toList();
                System.out.printf(Locale.ROOT, "  %,d reports of progress; between two of them (and from the start to "
                                + "the first, the last to the end): median %.1f ms, p99 %.1f ms, longest %.1f ms%n",
                        gaps.size() - 1, sorted.get(sorted.size() / 2) / 1e6,
                        sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)) / 1e6,
                        sorted.getLast() / 1e6);
                System.out.printf(Locale.ROOT, "  recovered state: %s, delivered %s (journal holds %,d records in all)%n",
                        BenchChannels.state(channel).infusion(), BenchChannels.state(channel).delivered(),
                        journal.lastSequence());
            } finally {
                channel.close();
            }
        }
    }

    private static long countEvents(JournalReader reader) throws Exception {
        long[] n = {0};
        reader.forEachAfter(CHANNEL, 0, e -> {
            if (e.type().equals(ChannelSupervisor.EVENT)) {
                n[0]++;
            }
        });
        return n[0];
    }

    /**
     * Wall time is what a restart waits; on a machine shared with other work the replaying thread also waits for
     * a CPU, so its own CPU time (and the whole process's, which adds JIT and GC) is printed too.
     */
    private static void report(String what, long count, String unit, long t0, long[] cpu0) {
        long nanos = System.nanoTime() - t0;
        long[] cpu = cpu();
        long thread = cpu[0] - cpu0[0];
        System.out.printf(Locale.ROOT, "%s: %,d %s in %.2f s wall = %,.0f %s/s; CPU %.2f s on the replaying thread "
                        + "(= %,.0f %s per CPU-second), %.2f s for the whole process%n", what, count, unit, nanos / 1e9,
                count / (nanos / 1e9), unit, thread / 1e9, count / (thread / 1e9), unit, (cpu[1] - cpu0[1]) / 1e9);
    }

    /** CPU time of this thread and of the whole process, ns. */
    private static long[] cpu() {
        long process = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new long[] {ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(), process};
    }

    /** The benchmark channel's settings, as the daemon would validate them. */
    private static ChannelSettings settings(DeviceProfile profile) {
        return new ChannelSettings(CHANNEL, profile.id(), "sim:" + CHANNEL, 0, "bd-plastic-60ml", null,
                Duration.ofNanos(POLL_NANOS), ChannelSettings.DEFAULT_LINK_TIMEOUT,
                ChannelSettings.DEFAULT_WATCHDOG_SECONDS).validated();
    }
}
