package org.dosewarden.channel;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalException;
import org.dosewarden.pump.LinkCounters;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.InfusionState;
import org.dosewarden.safety.Moment;
import org.dosewarden.safety.PumpCommand;
import org.dosewarden.safety.SafetyCore;
import org.dosewarden.safety.SafetySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervision loop of one pump channel (DESIGN.md principle 6): one named thread ({@link ChannelLoop}) owns
 * the pump driver and the channel's {@link ChannelState}; everything else posts work to its {@link ChannelInbox}
 * and gets a future back.
 *
 * <p>Every cycle (the poll period, default 250 ms) the thread takes the queued work, polls the pump
 * ({@link PumpConnection}), feeds a clock tick to the pure {@link SafetyCore}, publishes a snapshot
 * ({@link SnapshotBuilder}, {@link SnapshotPublisher}) and beats its {@link LoopLiveness}. Every input reaches the core through the
 * {@link DecisionChain}, which journals before it acts (SR-G1). Intents ({@link ClinicianRequests}) and
 * external events (vitals, emergency stop) are handled as soon as they arrive, not at the next poll.
 *
 * <p><b>Start.</b> The channel replays its journal ({@link JournalRecovery}), connects to the pump, and, when
 * there was any history, begins a new epoch with {@link Event.DaemonRecovered}: an infusion that was running
 * comes back paused with an alarm (SR-G2).
 *
 * <p><b>Failure.</b> A cycle that throws stops the pump, records the failure, and restarts the loop from
 * the journal after a short pause, exactly as a daemon restart would: nothing resumes by itself.
 */
public final class ChannelSupervisor implements ChannelHandle, AutoCloseable {

    /** Journal record type of a core input. */
    public static final String EVENT = "EVENT";
    /** Journal record type of a program order as the API accepted it (for snapshots and course history). */
    public static final String PROGRAM_ORDER = "PROGRAM_ORDER";
    /** Journal record type written when the loop itself failed. */
    public static final String LOOP_FAILURE = "LOOP_FAILURE";

    private static final Logger LOG = LoggerFactory.getLogger(ChannelSupervisor.class);

    private final ChannelSettings settings;
    private final PumpDriver driver;
    private final Journal journal;
    private final TimeSource time;
    private final ProgramBuilder programs;
    private final ChannelInbox inbox = new ChannelInbox();
    private final LoopLiveness liveness;
    private final LatenessStats lateness = new LatenessStats();
    private final SessionOrders orders;
    private final DecisionChain core;
    private final PumpConnection pump;
    private final ClinicianRequests requests;
    private final JournalRecovery recovery;
    private final SnapshotPublisher published;
    private final AfterCareRecords afterCare;
    private final ChannelLoop loop;

    // Owned by the channel thread.
    private long replayedEvents;
    private volatile String statusOverride = "";

    /**
     * @param settings       validated channel configuration
     * @param driver         the pump driver; this supervisor owns and closes it
     * @param journal        the shared durable journal
     * @param time           the daemon's clock (virtual in tests, scaled in the demo)
     * @param timeFactor     how many times faster than the machine {@code time} runs (1 for real time); waits
     *                       between polls are divided by it
     * @param programs       turns a checked program order into the core's program
     * @param syringe        inside diameter of the loaded syringe, set on the pump whenever it is stopped at connect
     */
    public ChannelSupervisor(ChannelSettings settings, PumpDriver driver, Journal journal, TimeSource time,
                             long timeFactor, ProgramBuilder programs, SyringeDiameter syringe) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.time = Objects.requireNonNull(time, "time");
        this.programs = Objects.requireNonNull(programs, "programs");
        Objects.requireNonNull(syringe, "syringe");
        SafetySettings safetySettings = safetySettingsFor(settings);
        this.liveness = new LoopLiveness(settings.name());
        this.orders = new SessionOrders(settings.name(), journal, programs.pump());
        this.core = new DecisionChain(settings.name(), ChannelState.initial(settings.name(), safetySettings), journal,
                time, orders, this::executeCommand, this::publish);
        this.pump = new PumpConnection(settings, driver, syringe, time, core);
        this.afterCare = new AfterCareRecords(settings.name(), journal, time, orders);
        this.requests = new ClinicianRequests(settings.name(), programs, core, orders, afterCare, inbox,
                this::snapshot, this::publish);
        this.recovery = new JournalRecovery(settings.name(), journal, safetySettings, orders, afterCare);
        SnapshotBuilder snapshots = new SnapshotBuilder(settings, time, orders, afterCare);
        this.published = new SnapshotPublisher(settings.name(), () -> snapshots.build(core.state(),
                new SnapshotBuilder.Shell(pump.linkState(), pump.lastPumpRate(), statusOverride, core.journalFailed())));
        this.loop = new ChannelLoop(settings.name(), settings.pollPeriod(), time, timeFactor, inbox, lateness,
                new LoopSteps());
    }

    /** For tests: journal a checkpoint after this many events instead of the default (see {@link DecisionChain}). */
    void checkpointAfterEvents(int events) {
        core.checkpointAfterEvents(events);
    }

    static SafetySettings safetySettingsFor(ChannelSettings settings) {
        SafetySettings d = SafetySettings.DEFAULTS;
        return new SafetySettings(settings.pollPeriod(), settings.linkTimeout(), d.startupGrace(),
                d.overInfusionPermille(), d.overInfusionAbsolute(), d.overInfusionWindow(), d.underInfusionPermille(),
                d.underInfusionAbsolute(), d.underInfusionWindow(), d.noProgressWarning(), d.noProgressAlarm(),
                d.freeFlowVolume(), d.stepDurationPermille(), d.restartLimit(), d.restartWindow(), settings.deliveryLease(),
                settings.nearEndLead());
    }

    // ---------------------------------------------------------------------------------------------
    // ChannelHandle

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public ChannelSnapshot snapshot() {
        return published.current();
    }

    @Override
    public Optional<PumpCapability> pumpCapability() {
        return Optional.of(programs.pump());
    }

    @Override
    public CompletableFuture<IntentResult> submit(ClinicianIntent intent) {
        if (!loop.running()) {
            return CompletableFuture.completedFuture(IntentResult.Refused.of(IntentResult.RefusalKind.UNAVAILABLE,
                    "channel " + name() + " is not running", snapshot().infusionState()));
        }
        return requests.submit(intent);
    }

    /**
     * Makes remote starts and resumes wait for a bedside confirmation ({@code what} describes the request;
     * the future says whether it was confirmed). Pause and stop never wait.
     */
    public void requireBedsideConfirmation(Function<String, CompletableFuture<Boolean>> confirmation) {
        requests.requireBedsideConfirmation(confirmation);
    }

    @Override
    public List<ChannelRecord> records(long afterSequence, int limit) {
        return ChannelRecord.readAfter(journal, name(), afterSequence, limit);
    }

    /** Posts an event made from "now" (vitals, emergency stop) to the channel thread. */
    public void post(Function<Moment, Event> event) {
        inbox.post(event);
    }

    @Override
    public void addListener(ChannelListener listener) {
        published.addListener(listener);
    }

    /** The loop's liveness signal: a beat at the end of every completed cycle. */
    public LoopLiveness liveness() {
        return liveness;
    }

    /**
     * Called at the end of every completed cycle on the channel thread (the hardware watchdog heartbeat
     * reports liveness with it). Must return at once and never throw. Same as {@code liveness().addObserver}.
     */
    public void addCycleObserver(Runnable observer) {
        liveness.addObserver(observer);
    }

    /**
     * Called on the channel thread while the channel is rebuilt from its journal at start, before its first cycle,
     * every {@value JournalRecovery#PROGRESS_EVERY} records: the loop is working, though it does not supervise its
     * pump yet (a service watchdog listens here; the hardware watchdog heartbeat does not). Must return at once and
     * never throw. Same as {@code liveness().addProgressObserver}.
     */
    public void addRecoveryProgressObserver(Runnable observer) {
        liveness.addProgressObserver(observer);
    }

    /**
     * What the pump's link has been through (attempts, valid and damaged replies, silences): for measurements of line
     * noise (SR-D7). Callable from any thread.
     */
    public LinkCounters linkCounters() {
        return driver.linkCounters();
    }

    /** Monotonic time of the end of the last completed cycle, or {@link Long#MIN_VALUE} before the first. */
    public long lastCycleNanos() {
        return liveness.lastBeatNanos();
    }

    /** Loop lateness: how late cycles started relative to their schedule. */
    public LatenessStats lateness() {
        return lateness;
    }

    public ChannelSettings settings() {
        return settings;
    }

    /** Events processed by the core since start (for tests and metrics). */
    public long processedEvents() {
        return core.processedEvents();
    }

    /** Routine polls that were not journaled individually (see {@link DecisionChain}); for tests and benchmarks. */
    long routinePollsNotJournaled() {
        return core.routinePollsNotJournaled();
    }

    /** The core's current state (read on the thread that steps the channel). */
    ChannelState state() {
        return core.state();
    }

    // ---------------------------------------------------------------------------------------------
    // Thread

    /** Starts the channel thread: recovery from the journal, pump connection, then the poll loop. */
    public void start() {
        loop.start();
    }

    /**
     * Stops the loop: the pump is told to stop (a dead daemon must leave a stopped pump), the thread ends and
     * the driver is closed. Queued intents are refused as unavailable.
     */
    @Override
    public void close() {
        loop.stop();
        driver.close();
        inbox.refuseAll("the channel is shutting down", snapshot().infusionState());
    }

    /**
     * For deterministic tests: marks the channel running, recovers and connects on the calling thread, and
     * leaves cycles to {@link #runCycle()}, driven by the test on a manual clock.
     */
    void beginWithoutThread() throws JournalException {
        loop.runningWithoutThread();
        recover();
        connectPump();
        beginEpoch();
    }

    /** What the loop's thread does at each of its moments ({@link ChannelLoop}). */
    private final class LoopSteps implements ChannelLoop.Steps {
        @Override
        public void begin() throws JournalException {
            recover();
            connectPump();
            beginEpoch();
        }

        @Override
        public void cycle() {
            runCycle();
        }

        @Override
        public void arrived(ChannelInbox.Job job) {
            handle(job);
            publish();
        }

        @Override
        public void failed(Throwable failure) {
            loopFailed(failure);
        }

        @Override
        public void ended() {
            safeStopOnExit();
        }
    }

    private void loopFailed(Throwable failure) {
        LOG.error("channel {}: supervision loop failed; stopping the pump and restarting from the journal", name(),
                failure);
        pump.stopOutsideTheCore("after the loop failure");
        core.recordLoopFailure(failure);
        pump.showLost();
        statusOverride = "supervision loop failed (" + failure.getClass().getSimpleName()
                + "); restarting from the journal";
        published.refresh();
        inbox.refuseAll("the channel's supervision loop failed and is restarting", snapshot().infusionState());
    }

    private void safeStopOnExit() {
        InfusionState infusion = core.state().infusion();
        if (infusion == InfusionState.RUNNING || infusion == InfusionState.PAUSED) {
            pump.stopOutsideTheCore("at shutdown");
        }
        inbox.refuseAll("the channel stopped", snapshot().infusionState());
    }

    // ---------------------------------------------------------------------------------------------
    // Recovery, connection and the cycle

    /**
     * Rebuilds the state from this channel's journal (the same pure core, SR-G2); until {@link #beginEpoch()}
     * the pump's alarms are held back.
     */
    void recover() throws JournalException {
        pump.holdAlarms();
        JournalRecovery.Replayed replayed = recovery.replay(liveness::progress);
        core.restart(replayed.state(), replayed.events(), replayed.replayed());
        statusOverride = "";
        replayedEvents = replayed.events();
        if (replayedEvents > 0) {
            LOG.info("channel {}: rebuilt from {} journaled events ({}): {} with {} delivered", name(), replayedEvents,
                    replayed.checkpoint() == 0 ? "all replayed"
                            : replayed.replayed() + " replayed after the checkpoint at record " + replayed.checkpoint(),
                    core.state().infusion(), core.state().delivered());
        }
        publish();
    }

    private void connectPump() {
        pump.connect();
        publish();
    }

    /** After the pump is reachable (or known not to be): a new epoch begins for a channel with a history. */
    private void beginEpoch() {
        if (replayedEvents > 0) {
            core.process(new Event.DaemonRecovered(core.now(), "dosewarden (re)started; state rebuilt from "
                    + replayedEvents + " journaled events"));
        }
        pump.beginEpoch();
        publish();
    }

    /** One supervision cycle: queued work, one pump poll, one clock tick, a new snapshot, then a beat. */
    void runCycle() {
        pump.newCycle();
        ChannelInbox.Job job;
        while ((job = inbox.poll()) != null) {
            handle(job);
        }
        pump.poll();
        core.process(new Event.ClockTick(core.now()));
        afterCare.cycle(core);
        core.writeCheckpointIfDue();
        long completed = time.monotonicNanos();
        publish();
        liveness.beat(completed);
    }

    private void handle(ChannelInbox.Job job) {
        switch (job) {
            case ChannelInbox.Job.IntentJob ij -> {
                IntentResult result;
                try {
                    result = requests.handle(ij.intent());
                } catch (RuntimeException e) {
                    ij.result().completeExceptionally(e);
                    throw e;
                }
                ij.result().complete(result);
            }
            case ChannelInbox.Job.EventJob ej -> core.process(ej.make().apply(core.now()));
        }
        core.writeCheckpointIfDue();
    }

    /** The chain hands each pump command to the connection (one method, so both can be built in any order). */
    private Optional<Event> executeCommand(PumpCommand command) {
        return pump.execute(command);
    }

    private ChannelSnapshot publish() {
        return published.publish();
    }
}
