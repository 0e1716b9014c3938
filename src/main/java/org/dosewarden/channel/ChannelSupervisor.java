package org.dosewarden.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.JournalWriteException;
import org.dosewarden.pump.DeliveredVolume;
import org.dosewarden.pump.PumpAlarmEvent;
import org.dosewarden.pump.PumpAlarmException;
import org.dosewarden.pump.PumpDirection;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpLinkLostException;
import org.dosewarden.pump.PumpRefusedException;
import org.dosewarden.pump.PumpStatus;
import org.dosewarden.pump.PumpTimeoutException;
import org.dosewarden.pump.PumpVerificationException;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.safety.Alarm;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.ClinicianRequest;
import org.dosewarden.safety.CommandResult;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.InfusionProgram;
import org.dosewarden.safety.InfusionState;
import org.dosewarden.safety.Intent;
import org.dosewarden.safety.Moment;
import org.dosewarden.safety.PumpActivity;
import org.dosewarden.safety.PumpAlarmKind;
import org.dosewarden.safety.PumpCommand;
import org.dosewarden.safety.Refusal;
import org.dosewarden.safety.SafetyCore;
import org.dosewarden.safety.SafetySettings;
import org.dosewarden.safety.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervision loop of one pump channel (DESIGN.md principle 6): one named thread owns the pump driver
 * and the channel's {@link ChannelState}; everything else posts work to it and gets a future back.
 *
 * <p>Every cycle (the poll period, default 250 ms) the thread reads the pump (status — which is also the
 * watchdog heartbeat —, alarms, rate, delivered counter), feeds the reading and a clock tick to the pure
 * {@link SafetyCore}, journals the event and the core's decision records durably, and only then sends the
 * core's pump commands (SR-G1). Each command's outcome goes back into the core. Intents and external
 * events (vitals, emergency stop) are handled as soon as they arrive, not at the next poll.
 *
 * <p><b>Journal.</b> Each core input that changed anything is stored as a record of type {@value #EVENT}
 * holding {@link EventJson}; decision records follow as {@code DECISION_<type>}. On start-up the channel
 * replays its {@value #EVENT} records through the core, which rebuilds the state exactly, then feeds
 * {@link Event.DaemonRecovered}: an infusion that was running comes back paused with an alarm (SR-G2).
 * When the journal cannot be written (SR-C4) the core is told; commands that reduce delivery or only read
 * are still carried out, a start or a new step is not.
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
    /** A command repeated this often in one chain is given up until the next cycle (a dead link would loop). */
    private static final int MAX_SAME_COMMAND_PER_CHAIN = 3;
    private static final int MAX_COMMANDS_PER_CHAIN = 24;
    private static final Duration RESTART_PAUSE = Duration.ofSeconds(1);
    /**
     * A pump with nothing new to say is journaled at least this often (monotonic time), not on every poll:
     * see {@link #decideAndAct}.
     */
    static final Duration ROUTINE_POLL_RECORD_INTERVAL = Duration.ofSeconds(60);

    private final ChannelSettings settings;
    private final PumpDriver driver;
    private final Journal journal;
    private final TimeSource time;
    private final long timeFactor;
    private final ProgramBuilder programs;
    private final SyringeDiameter syringe;
    private final SafetySettings safetySettings;
    private final List<ChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> cycleObservers = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Job> inbox = new LinkedBlockingQueue<>();
    private final AtomicLong lastCycleNanos = new AtomicLong(Long.MIN_VALUE);
    private final LatenessStats lateness = new LatenessStats();

    // Owned by the channel thread.
    private ChannelState state;
    /** Orders loaded in this process, by session id (the full order, for snapshots). */
    private final Map<String, ProgramOrder> liveOrders = new HashMap<>();
    /** What the journal keeps of every order, by session id (survives a restart). */
    private final Map<String, OrderOnRecord> orders = new HashMap<>();
    /** Session id → wall time its delivery first started (rebuilt from the journal on recovery). */
    private final Map<String, Instant> deliveryStarted = new HashMap<>();
    private final Deque<Event> pendingEvents = new ArrayDeque<>();
    private final Map<Class<?>, Integer> commandsThisChain = new HashMap<>();
    private int chainCommands;
    private String linkState = "CONNECTING";
    private boolean linkDown;
    private boolean programPrepared;
    /**
     * A pump transaction timed out (every retry) in this poll period. Further pump I/O waits for the next poll:
     * otherwise a silent pump holds the channel thread for one full transaction per queued command (stop,
     * readback, stop again ...), and intents, snapshots and the link timer all wait with it.
     */
    private boolean unansweredThisCycle;
    /**
     * Events may reach the core: false from {@link #recover()} until {@link #beginEpoch()}. The state rebuilt from
     * the journal carries the dead process's monotonic times; an event of this process fed to it before
     * {@link Event.DaemonRecovered} would be judged against them, and would decide the state DaemonRecovered
     * starts from (a pump alarm at reconnection turned a crashed RUNNING infusion into FAULT without the
     * restart alarm).
     */
    private boolean epochBegun;
    /** The last poll got no answer (a timeout, not a refusal or an alarm). */
    private boolean pollUnanswered;
    /** How long the last unanswered transaction blocked, in this clock's nanoseconds. */
    private long lastUnansweredNanos;
    private boolean journalFailed;
    private FlowRate lastPumpRate = FlowRate.ZERO;
    private long processedEvents;
    /** The newest routine poll not yet journaled (written before the next journaled event), or null. */
    private Event unjournaledPoll;
    private long lastJournaledPollNanos = Long.MIN_VALUE;
    private long routinePollsNotJournaled;
    private long replayedEvents;
    private volatile String statusOverride = "";

    private volatile Function<String, CompletableFuture<Boolean>> bedsideConfirmation;
    private volatile ChannelSnapshot snapshot;
    private volatile boolean running;
    private volatile Thread thread;

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
        if (timeFactor < 1) {
            throw new IllegalArgumentException("time factor must be at least 1: " + timeFactor);
        }
        this.timeFactor = timeFactor;
        this.programs = Objects.requireNonNull(programs, "programs");
        this.syringe = Objects.requireNonNull(syringe, "syringe");
        this.safetySettings = safetySettingsFor(settings);
        this.state = ChannelState.initial(settings.name(), safetySettings);
        this.snapshot = buildSnapshot();
    }

    static SafetySettings safetySettingsFor(ChannelSettings settings) {
        SafetySettings d = SafetySettings.DEFAULTS;
        return new SafetySettings(settings.pollPeriod(), settings.linkTimeout(), d.startupGrace(),
                d.overInfusionPermille(), d.overInfusionAbsolute(), d.overInfusionWindow(), d.underInfusionPermille(),
                d.underInfusionAbsolute(), d.underInfusionWindow(), d.noProgressWarning(), d.noProgressAlarm(),
                d.freeFlowVolume(), d.stepDurationPermille(), d.restartLimit(), d.restartWindow(), settings.deliveryLease());
    }

    // ---------------------------------------------------------------------------------------------
    // ChannelHandle

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public ChannelSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public Optional<PumpCapability> pumpCapability() {
        return Optional.of(programs.pump());
    }

    @Override
    public CompletableFuture<IntentResult> submit(ClinicianIntent intent) {
        CompletableFuture<IntentResult> result = new CompletableFuture<>();
        if (!running) {
            result.complete(IntentResult.Refused.of(IntentResult.RefusalKind.UNAVAILABLE,
                    "channel " + name() + " is not running", snapshot.infusionState()));
            return result;
        }
        Function<String, CompletableFuture<Boolean>> confirmation = bedsideConfirmation;
        boolean startsDelivery = intent.action() instanceof ClinicianIntent.ClinicianAction.Start
                || intent.action() instanceof ClinicianIntent.ClinicianAction.Resume;
        if (confirmation == null || !startsDelivery || !intent.via().equals("http")) {
            inbox.add(new Job.IntentJob(intent, result));
            return result;
        }
        // Asymmetric control: a remote start or resume waits for a press at the bedside; pause and stop never wait.
        confirmation.apply(intent.action().name() + " channel " + name() + " for " + intent.user())
                .whenComplete((confirmed, failure) -> {
                    if (Boolean.TRUE.equals(confirmed)) {
                        inbox.add(new Job.IntentJob(intent, result));
                    } else {
                        result.complete(IntentResult.Refused.of(IntentResult.RefusalKind.NOT_PERMITTED,
                                "not confirmed at the bedside: the confirm button was not pressed in time",
                                snapshot.infusionState()));
                    }
                });
        return result;
    }

    /**
     * Makes remote starts and resumes wait for a bedside confirmation ({@code what} describes the request;
     * the future says whether it was confirmed). Pause and stop never wait.
     */
    public void requireBedsideConfirmation(Function<String, CompletableFuture<Boolean>> confirmation) {
        this.bedsideConfirmation = confirmation;
    }

    @Override
    public List<ChannelRecord> records(long afterSequence, int limit) {
        try {
            return journal.readAfter(name(), afterSequence, limit).stream()
                    .map(r -> new ChannelRecord(r.sequence(), r.wallTime(), r.type(), r.payload()))
                    .toList();
        } catch (JournalException e) {
            throw new IllegalStateException("cannot read the journal of channel " + name() + ": " + e.getMessage(), e);
        }
    }

    /** Posts an event made from "now" (vitals, emergency stop) to the channel thread. */
    public void post(Function<Moment, Event> event) {
        inbox.add(new Job.EventJob(event));
    }

    public void addListener(ChannelListener listener) {
        listeners.add(listener);
    }

    /**
     * Called at the end of every completed cycle on the channel thread (the hardware watchdog heartbeat
     * reports liveness with it). Must return at once and never throw.
     */
    public void addCycleObserver(Runnable observer) {
        cycleObservers.add(observer);
    }

    /** Monotonic time of the end of the last completed cycle, or {@link Long#MIN_VALUE} before the first. */
    public long lastCycleNanos() {
        return lastCycleNanos.get();
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
        return processedEvents;
    }

    // ---------------------------------------------------------------------------------------------
    // Thread

    /** Starts the channel thread: recovery from the journal, pump connection, then the poll loop. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        Thread t = new Thread(this::runLoop, "channel-" + name());
        t.setDaemon(false);
        thread = t;
        t.start();
    }

    /**
     * Stops the loop: the pump is told to stop (a dead daemon must leave a stopped pump), the thread ends and
     * the driver is closed. Queued intents are refused as unavailable.
     */
    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        driver.close();
        refuseQueued("the channel is shutting down");
    }

    /**
     * For deterministic tests: marks the channel running, recovers and connects on the calling thread, and
     * leaves cycles to {@link #runCycle()}, driven by the test on a manual clock.
     */
    void beginWithoutThread() throws JournalException {
        running = true;
        recover();
        connectPump();
        beginEpoch();
    }

    private void runLoop() {
        while (running) {
            try {
                recover();
                connectPump();
                beginEpoch();
                while (running) {
                    long started = time.monotonicNanos();
                    runCycle();
                    waitForNextCycle(started + settings.pollPeriod().toNanos());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable failure) {
                if (!running) {
                    break;
                }
                loopFailed(failure);
                sleepQuietly(RESTART_PAUSE);
            }
        }
        safeStopOnExit();
    }

    private void waitForNextCycle(long dueNanos) throws InterruptedException {
        while (running) {
            long remaining = dueNanos - time.monotonicNanos();
            if (remaining <= 0) {
                lateness.record(-remaining);
                return;
            }
            Job job = inbox.poll(Math.max(1, remaining / timeFactor), TimeUnit.NANOSECONDS);
            if (job != null) {
                handle(job);
                publish();
            }
        }
    }

    private void loopFailed(Throwable failure) {
        LOG.error("channel {}: supervision loop failed; stopping the pump and restarting from the journal", name(),
                failure);
        try {
            driver.stop();
        } catch (Throwable stopFailure) {
            LOG.error("channel {}: stop after loop failure also failed: {}", name(), stopFailure.toString());
        }
        try {
            journal.append(name(), LOOP_FAILURE, EventJson.writeValue(Map.of(
                    "error", String.valueOf(failure),
                    "action", "pump stopped; channel restarts from the journal and comes back paused")));
        } catch (JournalWriteException e) {
            LOG.error("channel {}: cannot journal the loop failure: {}", name(), e.getMessage());
        }
        linkState = "LOST";
        statusOverride = "supervision loop failed (" + failure.getClass().getSimpleName()
                + "); restarting from the journal";
        snapshot = buildSnapshot();
        refuseQueued("the channel's supervision loop failed and is restarting");
    }

    private void safeStopOnExit() {
        if (state.infusion() == InfusionState.RUNNING || state.infusion() == InfusionState.PAUSED) {
            try {
                driver.stop();
            } catch (Throwable e) {
                LOG.warn("channel {}: stop at shutdown failed ({}); the pump's watchdog stops it", name(), e.toString());
            }
        }
        refuseQueued("the channel stopped");
    }

    private void refuseQueued(String why) {
        Job job;
        while ((job = inbox.poll()) != null) {
            if (job instanceof Job.IntentJob ij) {
                ij.result().complete(IntentResult.Refused.of(IntentResult.RefusalKind.UNAVAILABLE, why,
                        snapshot.infusionState()));
            }
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Recovery and connection

    /**
     * Rebuilds the state from this channel's journaled events (the same pure core, SR-G2) and, when there was
     * any history, starts a new epoch with {@link Event.DaemonRecovered}.
     */
    void recover() throws JournalException {
        epochBegun = false;
        ChannelState rebuilt = ChannelState.initial(name(), safetySettings);
        orders.clear();
        deliveryStarted.clear();
        long[] count = {0};
        ChannelState[] holder = {rebuilt};
        journal.forEachAfter(name(), 0, record -> {
            switch (record.type()) {
                case EVENT -> {
                    Event event = EventJson.read(record.payload());
                    ChannelState before = holder[0];
                    holder[0] = SafetyCore.decide(before, event).state();
                    noteDeliveryStart(before, holder[0], event);
                    count[0]++;
                }
                case PROGRAM_ORDER -> {
                    OrderOnRecord order = OrderOnRecord.fromJson(record.payload());
                    orders.put(order.sessionId(), order);
                    if (order.order() != null) {
                        liveOrders.put(order.sessionId(), order.order());
                    }
                }
                default -> {
                }
            }
        });
        state = holder[0];
        unjournaledPoll = null;
        lastJournaledPollNanos = Long.MIN_VALUE;
        pendingEvents.clear();
        statusOverride = "";
        replayedEvents = count[0];
        if (replayedEvents > 0) {
            LOG.info("channel {}: rebuilt from {} journaled events: {} with {} delivered", name(), replayedEvents,
                    state.infusion(), state.delivered());
        }
        publish();
    }

    /** After the pump is reachable (or known not to be): a new epoch begins for a channel with a history. */
    private void beginEpoch() {
        if (replayedEvents > 0) {
            process(new Event.DaemonRecovered(now(), "dosewarden (re)started; state rebuilt from " + replayedEvents
                    + " journaled events"));
        }
        epochBegun = true;
        // Alarms the pump answered the connection with (A?T after the crash, A?R after a power cut) belong
        // to this epoch: the core hears of them only now, after DaemonRecovered.
        feedPumpAlarms();
        publish();
    }

    private void connectPump() {
        try {
            syncPump();
            linkDown = false;
        } catch (PumpException e) {
            LOG.warn("channel {}: pump not reachable on {} yet: {}", name(), settings.port(), e.getMessage());
            linkState = "LOST";
            linkDown = true;
        }
        publish();
    }

    /**
     * Connects and re-syncs: the syringe diameter is set while the pump is stopped (it also decides the
     * pump's volume units), the program is reloaded on the next step, and the watchdog is armed.
     */
    private void syncPump() throws PumpException {
        PumpStatus status = driver.connect();
        feedPumpAlarms();
        if (status.mode() == org.dosewarden.pump.PumpMode.STOPPED) {
            driver.configureDiameter(syringe);
        }
        programPrepared = false;
        if (settings.watchdogSeconds() > 0) {
            driver.armWatchdog(Duration.ofSeconds(settings.watchdogSeconds()));
        }
        feedPumpAlarms();
        linkState = "CONNECTED";
    }

    // ---------------------------------------------------------------------------------------------
    // One cycle

    /** One supervision cycle: queued work, one pump poll, one clock tick, then a new snapshot. */
    void runCycle() {
        unansweredThisCycle = false;
        Job job;
        while ((job = inbox.poll()) != null) {
            handle(job);
        }
        pollPump();
        process(new Event.ClockTick(now()));
        lastCycleNanos.set(time.monotonicNanos());
        publish();
        for (Runnable observer : cycleObservers) {
            try {
                observer.run();
            } catch (RuntimeException e) {
                LOG.warn("channel {}: cycle observer failed: {}", name(), e.toString());
            }
        }
    }

    private void pollPump() {
        if (holdPollForLinkDeadline()) {
            return;
        }
        if (linkDown) {
            try {
                syncPump();
                linkDown = false;
                process(new Event.LinkRestored(now()));
            } catch (PumpException e) {
                return;
            }
        }
        long started = time.monotonicNanos();
        try {
            Event.PumpReading reading = readPump();
            pollUnanswered = false;
            process(reading);
        } catch (PumpException e) {
            noteUnanswered(e, started);
            pollUnanswered = e instanceof PumpTimeoutException;
            onPumpFailure(e);
        }
    }

    /**
     * SR-D1: after a poll the pump did not answer, a new transaction blocks this thread for as long as that one
     * did (every retry timing out). If it would still be blocked when the link timeout runs out, it is not
     * started: the cycles go on with clock ticks only, so the core raises the link-loss alarm on time instead of
     * up to one whole transaction late. Once the alarm is up, polling resumes to see the pump come back.
     */
    private boolean holdPollForLinkDeadline() {
        ChannelState.PumpTracking pump = state.pump();
        if (!pollUnanswered || linkDown || state.linkLost() || !pump.contactTimer()) {
            return false;
        }
        // Past the deadline too: this cycle's tick raises the alarm, and only then is the pump tried again.
        long deadline = pump.lastContactNanos() + state.settings().linkTimeout().toNanos();
        return time.monotonicNanos() + lastUnansweredNanos - deadline > 0;
    }

    /** A timed-out transaction ends pump I/O for the rest of this poll period (see {@link #unansweredThisCycle}). */
    private void noteUnanswered(PumpException e, long startedNanos) {
        if (e instanceof PumpTimeoutException) {
            unansweredThisCycle = true;
            lastUnansweredNanos = Math.max(0, time.monotonicNanos() - startedNanos);
        }
    }

    /** Reads status (heartbeat), alarms, rate and delivered counter; alarms are fed to the core first. */
    private Event.PumpReading readPump() throws PumpException {
        PumpStatus status = driver.status();
        feedPumpAlarms();
        FlowRate rate = driver.readRate();
        DeliveredVolume delivered = driver.readDelivered();
        feedPumpAlarms();
        lastPumpRate = status.mode().motorMayRun() ? rate : FlowRate.ZERO;
        return new Event.PumpReading(now(), mode(status.mode()), rate, delivered.infused());
    }

    private void feedPumpAlarms() {
        if (!epochBegun) {
            return;  // left queued in the driver until beginEpoch()
        }
        for (PumpAlarmEvent alarm : driver.takeAlarms()) {
            PumpAlarmKind kind = switch (alarm.alarm()) {
                case RESET -> PumpAlarmKind.POWER_RESET;
                case STALL -> PumpAlarmKind.STALL;
                case COMM_TIMEOUT -> PumpAlarmKind.WATCHDOG_TIMEOUT;
                case PROGRAM_ERROR, PHASE_OUT_OF_RANGE -> PumpAlarmKind.PROGRAM_ERROR;
            };
            // One pump alarm, one channel alarm: in safe mode the pump announces an alarm unsolicited and then
            // answers the next command with the same latched alarm. The code (the alarm's subject in the core)
            // must not say which of the two reports this was, or one stall would raise two alarms to acknowledge.
            process(new Event.PumpAlarmReported(now(), kind, alarm.alarm().name()));
            if (kind == PumpAlarmKind.POWER_RESET) {
                // A reset clears the pump's delivered counter; tell the core before the next reading (SR-G2).
                programPrepared = false;
                process(new Event.PumpCounterCleared(now(), "pump reported a power reset (A?R)"));
            }
        }
    }

    private void onPumpFailure(PumpException e) {
        feedPumpAlarms();
        if (e instanceof PumpLinkLostException && !linkDown) {
            linkDown = true;
            linkState = "LOST";
            LOG.warn("channel {}: link to the pump lost: {}", name(), e.getMessage());
            process(new Event.LinkLost(now(), e.getMessage()));
        }
    }

    private static PumpActivity mode(org.dosewarden.pump.PumpMode mode) {
        return switch (mode) {
            case INFUSING, PURGING -> PumpActivity.INFUSING;
            case PAUSED, PAUSE_PHASE, WAITING_TRIGGER -> PumpActivity.PAUSED;
            case STOPPED -> PumpActivity.STOPPED;
            case WITHDRAWING -> PumpActivity.OTHER;
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Jobs

    private sealed interface Job {
        record IntentJob(ClinicianIntent intent, CompletableFuture<IntentResult> result) implements Job {
        }

        record EventJob(Function<Moment, Event> make) implements Job {
        }
    }

    private void handle(Job job) {
        switch (job) {
            case Job.IntentJob ij -> {
                IntentResult result;
                try {
                    result = handleIntent(ij.intent());
                } catch (RuntimeException e) {
                    ij.result().completeExceptionally(e);
                    throw e;
                }
                ij.result().complete(result);
            }
            case Job.EventJob ej -> process(ej.make().apply(now()));
        }
    }

    private IntentResult handleIntent(ClinicianIntent intent) {
        Moment at = now();
        ClinicianRequest by = new ClinicianRequest(intent.user(), intent.issuedAt(), intent.expiresAtNanos());
        List<Intent> steps = new ArrayList<>();
        switch (intent.action()) {
            case ClinicianIntent.ClinicianAction.Program p -> {
                InfusionProgram program;
                try {
                    program = programs.build(name(), p.order(), at);
                } catch (IllegalArgumentException e) {
                    return IntentResult.Refused.of(IntentResult.RefusalKind.LIMITS, e.getMessage(),
                            state.infusion().name());
                }
                if (state.infusion() == InfusionState.IDLE && !journalProgramOrder(program.sessionId(), p.order(),
                        intent.user(), at.wall())) {
                    return IntentResult.Refused.of(IntentResult.RefusalKind.UNAVAILABLE,
                            "the journal cannot be written; nothing was programmed", state.infusion().name());
                }
                steps.add(new Intent.ProgramInfusion(at, by, program));
            }
            case ClinicianIntent.ClinicianAction.Confirm c -> steps.add(new Intent.ConfirmProgram(at, by));
            case ClinicianIntent.ClinicianAction.Start s -> {
                for (LimitOverride o : s.overrides()) {
                    if (o.limitId().startsWith("vitals")) {
                        steps.add(new Intent.OverrideVitalsGate(at, by, o.reason()));
                    }
                }
                steps.add(new Intent.StartInfusion(at, by));
            }
            case ClinicianIntent.ClinicianAction.Pause p -> steps.add(new Intent.PauseInfusion(at, by));
            case ClinicianIntent.ClinicianAction.Resume r -> {
                for (LimitOverride o : r.overrides()) {
                    if (o.limitId().startsWith("vitals")) {
                        steps.add(new Intent.OverrideVitalsGate(at, by, o.reason()));
                    }
                }
                steps.add(new Intent.ResumeInfusion(at, by));
            }
            case ClinicianIntent.ClinicianAction.Stop s -> steps.add(new Intent.StopInfusion(at, by));
            case ClinicianIntent.ClinicianAction.End e -> steps.add(new Intent.EndSession(at, by, e.reason()));
            case ClinicianIntent.ClinicianAction.AcknowledgeAlarm a -> {
                long id;
                try {
                    id = Long.parseLong(a.alarmId());
                } catch (NumberFormatException e) {
                    return new IntentResult.NotApplicable("channel " + name() + " has no alarm '" + a.alarmId() + "'");
                }
                if (state.alarm(id).isEmpty()) {
                    return new IntentResult.NotApplicable("channel " + name() + " has no active alarm " + id);
                }
                steps.add(new Intent.AcknowledgeAlarm(at, by, id));
            }
            case ClinicianIntent.ClinicianAction.ResetTrip r -> steps.add(new Intent.ResetTrip(at, by, r.reason()));
            case ClinicianIntent.ClinicianAction.ResetEmergencyStop r ->
                    steps.add(new Intent.ResetEmergencyStop(at, by, r.reason()));
        }
        String sessionBefore = state.session() == null ? null : state.session().program().sessionId();
        for (Intent step : steps) {
            Step decided = process(step);
            if (decided.refused()) {
                return refusal(decided.refusal());
            }
        }
        afterAcceptedIntent(intent, sessionBefore);
        publish();
        return new IntentResult.Accepted(snapshot);
    }

    private IntentResult refusal(Refusal r) {
        IntentResult.RefusalKind kind = switch (r.kind()) {
            case STALE -> IntentResult.RefusalKind.STALE;
            case ILLEGAL_STATE -> IntentResult.RefusalKind.ILLEGAL_STATE;
            case BLOCKED -> IntentResult.RefusalKind.BLOCKED;
            // SR-I2: the core refuses a confirmation by the clinician who programmed it as invalid.
            case INVALID -> r.reason().contains("different") || r.reason().contains("same ")
                    ? IntentResult.RefusalKind.NOT_PERMITTED : IntentResult.RefusalKind.INVALID;
        };
        return IntentResult.Refused.of(kind, r.reason(), r.state().name());
    }

    /** Course history (SR-K1): a session opens when its program is accepted and closes when it ends. */
    private void afterAcceptedIntent(ClinicianIntent intent, String sessionBefore) {
        try {
            if (intent.action() instanceof ClinicianIntent.ClinicianAction.Program p && state.session() != null) {
                String sessionId = state.session().program().sessionId();
                journal.openSession(name(), sessionId, p.order().patientId(), p.order().drugId());
            } else if (intent.action() instanceof ClinicianIntent.ClinicianAction.End && sessionBefore != null
                    && state.session() == null) {
                ProgramOrder order = liveOrders.get(sessionBefore);
                OrderOnRecord onRecord = orders.get(sessionBefore);
                Volume delivered = lastDelivered;
                DeliveredDose dose = order != null ? DeliveredDose.of(order.infusion().concentration(), delivered)
                        : DeliveredDose.fromPrescription(onRecord == null ? "{}" : onRecord.prescriptionJson(), delivered);
                journal.closeSession(name(), sessionBefore, dose.baseValue(), dose.baseUnit());
            }
        } catch (JournalException e) {
            LOG.error("channel {}: course history not written: {}", name(), e.getMessage());
            process(new Event.JournalWriteFailed(now(), "session history: " + e.getMessage()));
        }
    }

    private Volume lastDelivered = Volume.ZERO;

    private boolean journalProgramOrder(String sessionId, ProgramOrder order, String user, Instant at) {
        try {
            OrderOnRecord onRecord = OrderOnRecord.of(sessionId, order, user, at, programs.pump());
            journal.append(name(), PROGRAM_ORDER, onRecord.toJson());
            orders.put(sessionId, onRecord);
            liveOrders.put(sessionId, order);
            return true;
        } catch (JournalWriteException e) {
            LOG.error("channel {}: program order not journaled: {}", name(), e.getMessage());
            process(new Event.JournalWriteFailed(now(), e.getMessage()));
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The core, the journal and the pump

    /**
     * Feeds one event to the core, journals it with its decision records, carries out its commands and then
     * every event those commands produce. Returns the step of {@code event} itself.
     */
    Step process(Event event) {
        commandsThisChain.clear();
        chainCommands = 0;
        Step first = decideAndAct(event);
        Event next;
        while ((next = pendingEvents.poll()) != null) {
            decideAndAct(next);
        }
        return first;
    }

    private Step decideAndAct(Event event) {
        ChannelState before = state;
        Step step = SafetyCore.decide(before, event);
        processedEvents++;
        boolean changed = event instanceof Intent || !step.records().isEmpty() || !step.commands().isEmpty()
                || !step.state().equals(before);
        boolean durable;
        boolean routinePoll = changed && event instanceof Event.PumpReading && step.onlyContactRefreshed(before);
        if (routinePoll && !routinePollRecordDue()) {
            // Nothing new from the pump but the time it answered. Only the newest such poll matters for replay,
            // so it waits in memory and is journaled ahead of the next event that changes anything (and at
            // least every ROUTINE_POLL_RECORD_INTERVAL): an idle channel writes ~1 record a minute, not 4 a
            // second. Losing it in a crash loses nothing: recovery restarts the contact timer anyway.
            unjournaledPoll = event;
            routinePollsNotJournaled++;
            durable = true;
        } else {
            if (routinePoll) {
                unjournaledPoll = null;                 // superseded by this poll, which is journaled now
            }
            durable = !changed || journalStep(event, step);
        }
        state = step.state();
        noteDeliveryStart(before, state, event);
        if (state.session() != null) {
            lastDelivered = state.delivered();
        }
        if (!step.alarmsRaised().isEmpty() || state.infusion() != before.infusion()) {
            // Alarms and mode changes are shown as soon as they are journaled, not when the whole chain of
            // commands they caused is done (on a silent link that chain waits on timeouts).
            publish();
        }
        for (Alarm alarm : step.alarmsRaised()) {
            LOG.warn("channel {}: alarm {} {} {}: {}", name(), alarm.id(), alarm.priority(), alarm.type(),
                    alarm.detail());
        }
        for (PumpCommand command : step.commands()) {
            if (!durable && !reducesDeliveryOrReads(command)) {
                LOG.error("channel {}: {} not sent: its decision could not be journaled (SR-G1)", name(), command);
                continue;
            }
            execute(command);
        }
        return step;
    }

    /** Remembers when a session's delivery first started (for dashboards: startedAt). */
    private void noteDeliveryStart(ChannelState before, ChannelState after, Event event) {
        if (after.session() == null) {
            deliveryStarted.clear();                   // the session ended; the journal keeps its times
        } else if (after.infusion() == InfusionState.RUNNING && before.infusion() != InfusionState.RUNNING) {
            deliveryStarted.putIfAbsent(after.session().program().sessionId(), event.at().wall());
        }
    }

    /** While running: now plus the rest of the current step and the later steps at their planned rates. */
    private Instant expectedEnd(ChannelState.Session session) {
        List<PlannedStep> steps = session.program().plan().steps();
        Duration left = Duration.ZERO;
        for (int i = session.stepIndex(); i < steps.size(); i++) {
            PlannedStep step = steps.get(i);
            Volume volume = i == session.stepIndex()
                    ? step.volumeToBeInfused().minusOrZero(session.deliveredInStep()) : step.volumeToBeInfused();
            left = left.plus(step.rate().timeFor(volume));
        }
        return time.wallTime().plus(left);
    }

    /** A routine poll is journaled anyway when none has been for {@link #ROUTINE_POLL_RECORD_INTERVAL}. */
    private boolean routinePollRecordDue() {
        return lastJournaledPollNanos == Long.MIN_VALUE
                || time.monotonicNanos() - lastJournaledPollNanos >= ROUTINE_POLL_RECORD_INTERVAL.toNanos();
    }

    /** Routine polls that were not journaled individually (see {@link #decideAndAct}); for tests and benchmarks. */
    long routinePollsNotJournaled() {
        return routinePollsNotJournaled;
    }

    private static boolean reducesDeliveryOrReads(PumpCommand command) {
        return command instanceof PumpCommand.StopPump || command instanceof PumpCommand.PausePump
                || command instanceof PumpCommand.ReadBack;
    }

    /** Journals the event and its decision records, durably, in order. False when the journal failed. */
    private boolean journalStep(Event event, Step step) {
        if (event instanceof Event.JournalWriteFailed) {
            return false;
        }
        try {
            List<CompletableFuture<JournalEntry>> writes = new ArrayList<>(2 + step.records().size());
            Event poll = unjournaledPoll;
            if (poll != null && poll != event) {
                writes.add(journal.appendAsync(name(), EVENT, EventJson.write(poll)));
            }
            writes.add(journal.appendAsync(name(), EVENT, EventJson.write(event)));
            for (org.dosewarden.safety.JournalRecord r : step.records()) {
                writes.add(journal.appendAsync(name(), "DECISION_" + r.type().name(), EventJson.write(r)));
            }
            for (CompletableFuture<JournalEntry> w : writes) {
                w.join();
            }
            unjournaledPoll = null;
            if (event instanceof Event.PumpReading) {
                lastJournaledPollNanos = time.monotonicNanos();
            }
            if (journalFailed) {
                journalFailed = false;
                pendingEvents.addFirst(new Event.JournalRestored(now()));
            }
            return true;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (!journalFailed) {
                journalFailed = true;
                LOG.error("channel {}: journal write failed (SR-C4): {}", name(), cause.toString());
                pendingEvents.addFirst(new Event.JournalWriteFailed(now(), String.valueOf(cause.getMessage())));
            }
            return false;
        }
    }

    private void execute(PumpCommand command) {
        int same = commandsThisChain.merge(command.getClass(), 1, Integer::sum);
        if (same > MAX_SAME_COMMAND_PER_CHAIN || ++chainCommands > MAX_COMMANDS_PER_CHAIN) {
            LOG.debug("channel {}: {} deferred to the next cycle", name(), command);
            return;
        }
        if (unansweredThisCycle) {
            pendingEvents.add(new Event.CommandOutcome(now(), command, CommandResult.TIMED_OUT,
                    "the pump did not answer earlier in this poll period; tried again next poll"));
            return;
        }
        long started = time.monotonicNanos();
        if (command instanceof PumpCommand.ReadBack) {
            try {
                pendingEvents.add(readPump());
            } catch (PumpException e) {
                noteUnanswered(e, started);
                onPumpFailure(e);
                if (!linkDown) {
                    pendingEvents.add(new Event.CommandOutcome(now(), command, resultOf(e), e.getMessage()));
                }
            }
            return;
        }
        if (linkDown) {
            pendingEvents.add(new Event.CommandOutcome(now(), command, CommandResult.TIMED_OUT,
                    "link to the pump is down"));
            return;
        }
        try {
            String detail = switch (command) {
                case PumpCommand.ProgramStep p -> programStep(p);
                case PumpCommand.StartPump s -> {
                    // The driver refuses RUN while an alarm it saw is untaken: the core hears of it first.
                    feedPumpAlarms();
                    yield "pump mode " + driver.start().mode();
                }
                case PumpCommand.PausePump p -> "pump mode " + driver.pause().mode();
                case PumpCommand.StopPump s -> "pump mode " + driver.stop().mode();
                case PumpCommand.ReadBack r -> throw new IllegalStateException("handled above");
            };
            feedPumpAlarms();
            pendingEvents.add(new Event.CommandOutcome(now(), command, CommandResult.CONFIRMED, detail));
        } catch (PumpException e) {
            noteUnanswered(e, started);
            feedPumpAlarms();
            onPumpFailure(e);
            pendingEvents.add(new Event.CommandOutcome(now(), command, resultOf(e), e.getMessage()));
        }
    }

    private String programStep(PumpCommand.ProgramStep p) throws PumpException {
        PumpStatus status = driver.status();
        if (status.mode() != org.dosewarden.pump.PumpMode.STOPPED) {
            // New Era accepts VOL only with the program stopped; STP from pause resets to phase 1.
            driver.stop();
        }
        if (!programPrepared) {
            driver.prepareSingleStepProgram();
            driver.setDirection(PumpDirection.INFUSE);
            programPrepared = true;
        }
        FlowRate rate = driver.setRate(p.rate());
        Volume vtbi = driver.setVolumeToBeInfused(p.vtbi());
        if (!rate.equals(p.rate()) || !vtbi.equals(p.vtbi())) {
            throw new PumpVerificationException("program step", "pump confirmed " + rate + " and VTBI " + vtbi
                    + " for step " + (p.stepIndex() + 1) + " instead of " + p.rate() + " and " + p.vtbi());
        }
        return "step " + (p.stepIndex() + 1) + ": " + rate + ", VTBI " + vtbi;
    }

    private static CommandResult resultOf(PumpException e) {
        return e instanceof PumpRefusedException || e instanceof PumpAlarmException
                || e instanceof PumpVerificationException ? CommandResult.REFUSED : CommandResult.TIMED_OUT;
    }

    private Moment now() {
        return new Moment(time.wallTime(), time.monotonicNanos());
    }

    // ---------------------------------------------------------------------------------------------
    // Snapshots

    private void publish() {
        ChannelSnapshot next = buildSnapshot();
        snapshot = next;
        for (ChannelListener listener : listeners) {
            try {
                listener.snapshotChanged(next);
            } catch (RuntimeException e) {
                LOG.warn("channel {}: listener failed: {}", name(), e.toString());
            }
        }
    }

    /** The current state as a snapshot; also used by tests through {@link #snapshot()}. */
    ChannelState state() {
        return state;
    }

    private ChannelSnapshot buildSnapshot() {
        ChannelState s = state;
        ChannelSnapshot.LoadedProgram loaded = null;
        int step = 0;
        if (s.session() != null) {
            ChannelState.Session session = s.session();
            ProgramOrder order = liveOrders.get(session.program().sessionId());
            OrderOnRecord onRecord = orders.get(session.program().sessionId());
            if (order != null && onRecord != null) {
                loaded = new ChannelSnapshot.LoadedProgram(order, session.programmedBy(), onRecord.at(),
                        session.confirmedBy(), deliveryStarted.get(session.program().sessionId()),
                        s.infusion() == InfusionState.RUNNING ? expectedEnd(session) : null);
            }
            step = Math.min(session.stepIndex(), session.program().stepCount() - 1);
        }
        List<ChannelSnapshot.AlarmView> alarms = s.alarms().stream()
                .map(a -> new ChannelSnapshot.AlarmView(Long.toString(a.id()), a.type().name(), a.priority().name(),
                        a.type().clinicianText() + (a.detail().isEmpty() ? "" : " (" + a.detail() + ")"),
                        a.raisedAt(), a.latched(), a.acknowledgedBy()))
                .toList();
        String reason = !statusOverride.isEmpty() ? statusOverride
                : s.linkLost() ? "no contact with the pump" : journalFailed ? "journal cannot be written" : "";
        return new ChannelSnapshot(name(), true, reason, settings.profile(), settings.port(), linkState,
                s.infusion().name(), s.uncertain(), loaded, step, s.delivered(), lastPumpRate, alarms,
                time.wallTime());
    }

    /** Loop lateness statistics in nanoseconds (thread-safe). */
    public static final class LatenessStats {
        private long count;
        private long max;
        private long total;

        synchronized void record(long latenessNanos) {
            count++;
            total += latenessNanos;
            max = Math.max(max, latenessNanos);
        }

        public synchronized long count() {
            return count;
        }

        public synchronized long maxNanos() {
            return max;
        }

        public synchronized long meanNanos() {
            return count == 0 ? 0 : total / count;
        }
    }
}
