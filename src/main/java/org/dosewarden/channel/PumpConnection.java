package org.dosewarden.channel;

import java.time.Duration;
import java.util.Optional;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.DeliveredVolume;
import org.dosewarden.pump.PumpAlarmEvent;
import org.dosewarden.pump.PumpAlarmException;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpLinkLostException;
import org.dosewarden.pump.PumpMode;
import org.dosewarden.pump.PumpRefusedException;
import org.dosewarden.pump.PumpStatus;
import org.dosewarden.pump.PumpTimeoutException;
import org.dosewarden.pump.PumpVerificationException;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.CommandResult;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.Moment;
import org.dosewarden.safety.PumpActivity;
import org.dosewarden.safety.PumpAlarmKind;
import org.dosewarden.safety.PumpCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's connection to its pump, used only by the channel thread: connect and re-sync, the poll (status —
 * which is also the watchdog heartbeat —, alarms, rate, delivered counter), the pump's own alarms, and the
 * core's pump commands. What the pump says goes to the core through the {@link DecisionChain}: readings, pump
 * alarms, link loss and restoration as they happen; a command's outcome as the event it returns.
 */
final class PumpConnection {

    private static final Logger LOG = LoggerFactory.getLogger(PumpConnection.class);

    private final ChannelSettings settings;
    private final PumpDriver driver;
    private final SyringeDiameter syringe;
    private final TimeSource time;
    private final DecisionChain core;

    private ChannelLinkState linkState = ChannelLinkState.CONNECTING;
    private boolean linkDown;
    /**
     * A pump transaction timed out (every retry) in this poll period. Further pump I/O waits for the next poll:
     * otherwise a silent pump holds the channel thread for one full transaction per queued command (stop,
     * readback, stop again ...), and intents, snapshots and the link timer all wait with it.
     */
    private boolean unansweredThisCycle;
    /**
     * The pump's alarms may reach the core: false from recovery until {@link #beginEpoch()}. The state rebuilt
     * from the journal carries the dead process's monotonic times; an event of this process fed to it before
     * {@link Event.DaemonRecovered} would be judged against them, and would decide the state DaemonRecovered
     * starts from (a pump alarm at reconnection turned a crashed RUNNING infusion into FAULT without the
     * restart alarm).
     */
    private boolean epochBegun;
    /** The last poll got no answer (a timeout, not a refusal or an alarm). */
    private boolean pollUnanswered;
    /** How long the last unanswered transaction blocked, in this clock's nanoseconds. */
    private long lastUnansweredNanos;
    /** The driver's newest valid reply already told to the core (SR-D7). */
    private long lastValidReplyFed = Long.MIN_VALUE;
    private FlowRate lastPumpRate = FlowRate.ZERO;

    PumpConnection(ChannelSettings settings, PumpDriver driver, SyringeDiameter syringe, TimeSource time,
                   DecisionChain core) {
        this.settings = settings;
        this.driver = driver;
        this.syringe = syringe;
        this.time = time;
        this.core = core;
    }

    /** {@code CONNECTING}, {@code CONNECTED} or {@code LOST}. */
    ChannelLinkState linkState() {
        return linkState;
    }

    /** The rate the pump last reported while its motor may run; zero otherwise. */
    FlowRate lastPumpRate() {
        return lastPumpRate;
    }

    /** The loop failed: the link is shown lost until the restarted loop connects again. */
    void showLost() {
        linkState = ChannelLinkState.LOST;
    }

    /**
     * Stops the pump without the core: the loop failed, or it is ending with an infusion running or paused. A
     * dead daemon must leave a stopped pump; if this stop fails too, the pump's watchdog or lease stops it.
     *
     * @param when for the log, e.g. "at shutdown"
     */
    void stopOutsideTheCore(String when) {
        try {
            driver.stop();
        } catch (Throwable e) {
            LOG.error("channel {}: stop {} failed ({}); the pump's watchdog or delivery lease stops it",
                    settings.name(), when, e.toString());
        }
    }

    /** Recovery begins: the pump's alarms stay queued in the driver until {@link #beginEpoch()}. */
    void holdAlarms() {
        epochBegun = false;
    }

    /**
     * A new epoch began (the core heard of the restart): alarms the pump answered the connection with (A?T after
     * the crash, A?R after a power cut) belong to it, and the core hears of them now.
     */
    void beginEpoch() {
        epochBegun = true;
        feedPumpAlarms();
    }

    /** Connects at start-up; an unreachable pump leaves the link down, and each poll tries again. */
    void connect() {
        try {
            syncPump();
            linkDown = false;
        } catch (PumpException e) {
            LOG.warn("channel {}: pump not reachable on {} yet: {}", settings.name(), settings.port(), e.getMessage());
            linkState = ChannelLinkState.LOST;
            linkDown = true;
        }
    }

    /** The start of a cycle: the pump may be tried again. */
    void newCycle() {
        unansweredThisCycle = false;
    }

    /**
     * Connects and re-syncs: the syringe diameter is set while the pump is stopped (on New Era pumps it also
     * decides the volume units), and the watchdog is armed where the channel has one.
     */
    private void syncPump() throws PumpException {
        PumpStatus status = driver.connect();
        feedPumpAlarms();
        if (status.mode() == PumpMode.STOPPED) {
            driver.configureDiameter(syringe);
        }
        if (settings.watchdogSeconds() > 0) {
            driver.armWatchdog(Duration.ofSeconds(settings.watchdogSeconds()));
        }
        feedPumpAlarms();
        linkState = ChannelLinkState.CONNECTED;
    }

    /** The cycle's poll: reconnects a lost link, then reads the pump and hands the reading to the core. */
    void poll() {
        if (holdPollForLinkDeadline()) {
            return;
        }
        if (linkDown) {
            try {
                syncPump();
                linkDown = false;
                core.process(new Event.LinkRestored(core.now()));
            } catch (PumpException e) {
                return;
            }
        }
        long started = time.monotonicNanos();
        try {
            Event.PumpReading reading = readPump();
            pollUnanswered = false;
            core.process(reading);
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
        ChannelState state = core.state();
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
        return new Event.PumpReading(core.now(), activity(status.mode()), rate, delivered.infused());
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
                case PROGRAM_ERROR -> PumpAlarmKind.PROGRAM_ERROR;
            };
            // One pump alarm, one channel alarm: in safe mode the pump announces an alarm unsolicited and then
            // answers the next command with the same latched alarm. The code (the alarm's subject in the core)
            // must not say which of the two reports this was, or one stall would raise two alarms to acknowledge.
            core.process(new Event.PumpAlarmReported(core.now(), kind, alarm.alarm().name()));
            if (kind == PumpAlarmKind.POWER_RESET) {
                // A reset clears the pump's delivered counter; tell the core before the next reading (SR-G2).
                core.process(new Event.PumpCounterCleared(core.now(), "pump reported a power reset (A?R)"));
            }
        }
    }

    /**
     * SR-D7: a transaction that failed on line noise may still have had valid replies from the pump; the newest one
     * restarts the core's link timer, so the link counts as lost only after the link timeout without any.
     */
    private void feedValidReplies() {
        long last = driver.linkCounters().lastValidReplyNanos();
        if (last != Long.MIN_VALUE && last > lastValidReplyFed) {
            lastValidReplyFed = last;
            core.process(new Event.PumpAnswered(new Moment(time.wallTime(), last)));
        }
    }

    private void onPumpFailure(PumpException e) {
        feedValidReplies();
        feedPumpAlarms();
        if (e instanceof PumpLinkLostException && !linkDown) {
            linkDown = true;
            linkState = ChannelLinkState.LOST;
            LOG.warn("channel {}: link to the pump lost: {}", settings.name(), e.getMessage());
            core.process(new Event.LinkLost(core.now(), e.getMessage()));
        }
    }

    private static PumpActivity activity(PumpMode mode) {
        return switch (mode) {
            case INFUSING, PURGING -> PumpActivity.INFUSING;
            case PAUSED, HOLDING -> PumpActivity.PAUSED;
            case STOPPED, TARGET_REACHED -> PumpActivity.STOPPED;
            case WITHDRAWING -> PumpActivity.OTHER;
        };
    }

    /**
     * Carries out one of the core's commands and returns the event it produced: a reading for a readback, the
     * outcome for the others (none when a readback found the link lost: the core heard of that already).
     */
    Optional<Event> execute(PumpCommand command) {
        if (unansweredThisCycle) {
            return Optional.of(new Event.CommandOutcome(core.now(), command, CommandResult.TIMED_OUT,
                    "the pump did not answer earlier in this poll period; tried again next poll"));
        }
        long started = time.monotonicNanos();
        if (command instanceof PumpCommand.ReadBack) {
            try {
                return Optional.of(readPump());
            } catch (PumpException e) {
                noteUnanswered(e, started);
                onPumpFailure(e);
                return linkDown ? Optional.empty()
                        : Optional.of(new Event.CommandOutcome(core.now(), command, resultOf(e), e.getMessage()));
            }
        }
        if (linkDown) {
            return Optional.of(new Event.CommandOutcome(core.now(), command, CommandResult.TIMED_OUT,
                    "link to the pump is down"));
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
            return Optional.of(new Event.CommandOutcome(core.now(), command, CommandResult.CONFIRMED, detail));
        } catch (PumpException e) {
            noteUnanswered(e, started);
            feedPumpAlarms();
            onPumpFailure(e);
            return Optional.of(new Event.CommandOutcome(core.now(), command, resultOf(e), e.getMessage()));
        }
    }

    private String programStep(PumpCommand.ProgramStep p) throws PumpException {
        PumpStatus status = driver.status();
        if (status.mode() != PumpMode.STOPPED) {
            // The volume limit is armed with the pump stopped (New Era: STP from pause also resets to phase 1).
            driver.stop();
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
}
