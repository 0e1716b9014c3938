package org.dosewarden.safety;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;

/**
 * The shell in miniature, on virtual time: polls the model pump every poll period, posts ticks, executes the
 * core's commands in order, reports outcomes and readbacks. Checks the per-step invariants of the safety
 * issue on every step it produces.
 */
final class SimulatedChannel {

    final TestChannel ch;
    final ModelPump pump = new ModelPump();
    final long pollNanos;
    long maxCommandsPerPoll = 40;

    // bookkeeping for invariants
    long truthAtProgram;
    long truthAtLastReading;
    long pollEpisodes = 1;
    long watchdogEpisodes;
    long maxRateSeen;
    boolean freeFlowEver;
    int startsEmitted;

    SimulatedChannel() {
        this(new TestChannel());
    }

    SimulatedChannel(TestChannel ch) {
        this.ch = ch;
        this.pollNanos = SafetySettings.DEFAULTS.pollPeriod().toNanos();
        process(ch.reading(PumpActivity.STOPPED, 0, 0));
    }

    /** Runs {@code n} poll periods. */
    void polls(int n) {
        for (int i = 0; i < n; i++) {
            pump.advance(pollNanos);
            ch.advance(Duration.ofNanos(pollNanos));
            maxRateSeen = Math.max(maxRateSeen, pump.currentDeliveringRate());
            process(ch.tick());
            if (!pump.silent) {
                if (pump.watchdogTripped) {
                    pump.watchdogTripped = false;
                    process(ch.feed(new Event.PumpAlarmReported(ch.now(), PumpAlarmKind.WATCHDOG_TIMEOUT, "A?T")));
                }
                process(ch.feed(reading()));
            }
        }
    }

    private Event.PumpReading reading() {
        truthAtLastReading = pump.truth;
        return pump.reading(ch.now());
    }

    /** Runs until the duration has passed (rounded up to polls). */
    void run(Duration d) {
        polls((int) ((d.toNanos() + pollNanos - 1) / pollNanos));
    }

    Step intent(Intent intent) {
        Step step = ch.feed(intent);
        if (!step.refused() && intent instanceof Intent.ProgramInfusion) {
            // The core counts from the last reading before the program: so does the truth.
            truthAtProgram = truthAtLastReading;
        }
        process(step);
        return step;
    }

    Step program(InfusionProgram p) {
        return intent(new Intent.ProgramInfusion(ch.now(), ch.by("dr.a"), p));
    }

    Step start() {
        return intent(new Intent.StartInfusion(ch.now(), ch.by("dr.a")));
    }

    Step pause() {
        return intent(new Intent.PauseInfusion(ch.now(), ch.by("dr.a")));
    }

    Step resume() {
        return intent(new Intent.ResumeInfusion(ch.now(), ch.by("dr.a")));
    }

    Step stop() {
        return intent(new Intent.StopInfusion(ch.now(), ch.by("dr.a")));
    }

    Step resetTrip(String reason) {
        return intent(new Intent.ResetTrip(ch.now(), ch.by("dr.a"), reason));
    }

    Step end(String reason) {
        return intent(new Intent.EndSession(ch.now(), ch.by("dr.a"), reason));
    }

    void ackAll() {
        for (Alarm a : java.util.List.copyOf(ch.state.alarms())) {
            intent(new Intent.AcknowledgeAlarm(ch.now(), ch.by("dr.a"), a.id()));
        }
    }

    Step event(Event e) {
        Step step = ch.feed(e);
        process(step);
        return step;
    }

    ChannelState state() {
        return ch.state;
    }

    /** Truth delivered since the current program was accepted, µL. */
    long truthSinceProgram() {
        return pump.truth - truthAtProgram;
    }

    void powerCycle() {
        pump.powerCycle();
        pollEpisodes++;
        process(ch.feed(new Event.PumpAlarmReported(ch.now(), PumpAlarmKind.POWER_RESET, "A?R")));
    }

    void silence(boolean on) {
        if (on && !pump.silent) {
            watchdogEpisodes++;
        }
        pump.silent = on;
    }

    /** The daemon dies for {@code down} and comes back with a new monotonic origin. */
    void crashAndRecover(Duration down, long newOrigin) {
        boolean wasSilent = pump.silent;
        pump.silent = true;
        watchdogEpisodes++;
        long left = down.toNanos();
        while (left > 0) {
            long dt = Math.min(pollNanos, left);
            pump.advance(dt);
            left -= dt;
        }
        pump.silent = wasSilent;
        ch.nanos = newOrigin;
        process(ch.feed(new Event.DaemonRecovered(ch.now(), "killed, restarted")));
        if (!pump.silent && pump.watchdogTripped) {
            pump.watchdogTripped = false;
            process(ch.feed(new Event.PumpAlarmReported(ch.now(), PumpAlarmKind.WATCHDOG_TIMEOUT, "A?T")));
        }
    }

    /** Executes a step's commands (and the commands of the steps they cause), bounded per poll. */
    void process(Step first) {
        Deque<Step> pending = new ArrayDeque<>();
        pending.add(first);
        int executed = 0;
        while (!pending.isEmpty()) {
            Step step = pending.removeFirst();
            checkStep(step);
            boolean unconfirmed = false;
            for (PumpCommand c : step.commands()) {
                if (executed++ >= maxCommandsPerPoll) {
                    return;
                }
                if (unconfirmed && c instanceof PumpCommand.StartPump) {
                    // As DecisionChain: no start on settings the pump did not confirm.
                    pending.add(ch.feed(new Event.CommandOutcome(ch.now(), c, CommandResult.WITHHELD,
                            "not sent: the program was not confirmed")));
                    continue;
                }
                CommandResult result = pump.execute(c);
                if (result != CommandResult.CONFIRMED && c instanceof PumpCommand.ProgramStep) {
                    unconfirmed = true;
                }
                if (result != CommandResult.CONFIRMED) {
                    Step outcome = ch.feed(new Event.CommandOutcome(ch.now(), c, result, "no answer"));
                    pending.add(outcome);
                } else if (c instanceof PumpCommand.ReadBack) {
                    pending.add(ch.feed(reading()));
                }
            }
        }
    }

    private static final Set<InfusionState> START_FROM = EnumSet.of(InfusionState.PROGRAMMED, InfusionState.PAUSED);

    /** Per-step invariants of the safety issue. */
    void checkStep(Step step) {
        int index = identityIndex(step);
        ChannelState before = index <= 0 ? ch.initial : ch.steps.get(index - 1).state();
        Event event = ch.events.get(index);
        ChannelState after = step.state();
        // A start is only emitted by an accepted start/resume from a legal state with nothing latched and
        // unacknowledged, by the automatic move to the next step of a running infusion, or for KVO.
        if (step.commands().contains(PumpCommand.START)) {
            startsEmitted++;
            boolean byIntent = event instanceof Intent.StartInfusion || event instanceof Intent.ResumeInfusion;
            if (byIntent) {
                check(START_FROM.contains(before.infusion()), "start emitted from " + before.infusion());
                check(before.unacknowledgedLatched().isEmpty(), "start emitted with unacknowledged "
                        + before.unacknowledgedLatched());
            } else {
                boolean stepAdvance = before.infusion() == InfusionState.RUNNING
                        && after.infusion() == InfusionState.RUNNING;
                boolean kvo = after.infusion() == InfusionState.COMPLETED && after.session().keepVeinOpenRunning();
                check(stepAdvance || kvo, "start emitted by " + event.eventType() + " in " + before.infusion());
                check(before.unacknowledgedLatched().stream().noneMatch(a -> a.type().action() != PumpAction.CONTINUE),
                        "step advance with a latched stopping alarm");
            }
        }
        // Every stop-worthy condition stops the pump in the same step.
        for (Alarm a : step.alarmsRaised()) {
            if (a.type().action() == PumpAction.STOP) {
                check(step.commands().contains(PumpCommand.STOP), a.type() + " raised without a stop");
            }
            if (a.type().action() == PumpAction.PAUSE && before.infusion() == InfusionState.RUNNING) {
                check(step.commands().contains(PumpCommand.PAUSE) || step.commands().contains(PumpCommand.STOP),
                        a.type() + " raised while running without a pause");
            }
        }
        // Every automatic change of mode raises an alarm (SR-D5).
        if (!(event instanceof Intent) && before.infusion() != after.infusion()) {
            check(!step.alarmsRaised().isEmpty(), "automatic " + before.infusion() + " → " + after.infusion()
                    + " on " + event.eventType() + " without an alarm");
        }
        // A refused intent changes nothing.
        if (step.refused()) {
            check(after.equals(before), "refused intent changed the state");
            check(step.commands().isEmpty(), "refused intent sent commands");
        }
        // The delivered total never decreases within a session.
        if (before.session() != null && after.session() != null
                && before.session().program().sessionId().equals(after.session().program().sessionId())
                && !(event instanceof Intent.ProgramInfusion)) {
            check(after.delivered().compareTo(before.delivered()) >= 0, "delivered total decreased");
        }
    }

    private int identityIndex(Step step) {
        for (int i = ch.steps.size() - 1; i >= 0; i--) {
            if (ch.steps.get(i) == step) {
                return i;
            }
        }
        throw new IllegalStateException("step not fed through this channel");
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
