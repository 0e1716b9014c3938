package org.dosewarden.safety;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.safety.ChannelState.Segment;
import org.dosewarden.safety.JournalRecord.RecordType;
import org.dosewarden.safety.Transitions.IntentKind;

/**
 * The safety core: {@code decide(state, event) → step}. Pure and deterministic: no I/O, no clock, no
 * threads, no hidden state; the same state and event always give the same step, which is what makes
 * {@link Replay} rebuild a channel exactly after a crash.
 *
 * <p>Rules, each named in the alarm table ({@link AlarmType}) and tested:
 * <ul>
 *   <li>Lifecycle per {@link Transitions}; stale intents refused (SR-D3); refusals change nothing.</li>
 *   <li>Delivered total counted from the pump's counter increases, never decreased, kept across counter
 *       clears and daemon restarts (SR-G2); the pump's own VTBI is armed per step (SR-A4).</li>
 *   <li>Readback: the reported rate equals the programmed rate within the pump's resolution (SR-A3, SR-D2).</li>
 *   <li>Over-infusion against rate × time per segment and per rolling window; free flow (SR-A5).</li>
 *   <li>Under-infusion and no progress with a start-up grace (SR-A6, SR-A7).</li>
 *   <li>Link loss (SR-D1), uncertain outcomes (SR-D2), pump alarms, emergency stop, journal failure (SR-C4),
 *       restart limiter (SR-C3), vitals gate and supervision, daemon recovery (SR-G2).</li>
 * </ul>
 */
public final class SafetyCore {

    private SafetyCore() {
    }

    /**
     * Decides what happens to a channel in {@code state} when {@code event} occurs.
     *
     * @return the new state, pump commands (to send in order), alarms raised/cleared, journal records, and
     *     for a refused intent the refusal (with the state unchanged)
     */
    public static Step decide(ChannelState state, Event event) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(event, "event");
        Decision d = new Decision(state, event);
        if (event instanceof Intent intent) {
            return Intents.handle(d, intent);
        }
        switch (event) {
            case Event.PumpReading r -> Supervision.onReading(d, r);
            case Event.PumpAlarmReported a -> onPumpAlarm(d, a);
            case Event.PumpCounterCleared c -> onCounterCleared(d, c);
            case Event.CommandOutcome o -> onOutcome(d, o);
            case Event.LinkLost l -> onLinkLost(d, l.reason());
            case Event.LinkRestored r -> {
                d.contactTimer = true;
                d.lastContactNanos = d.now;
            }
            case Event.PumpAnswered a -> {
                // SR-D7: the link is lost only after the link timeout without any valid reply.
                if (d.contactTimer && !d.linkLost) {
                    d.lastContactNanos = Math.max(d.lastContactNanos, d.now);
                }
            }
            case Event.VitalsReading v -> VitalsRules.onReading(d, v);
            case Event.EmergencyStopPressed e -> {
                d.emergencyStopInputActive = true;
                d.emergencyStopLatched = true;
                d.trip(AlarmType.EMERGENCY_STOP, "", "emergency stop input active (" + e.source() + ")");
            }
            case Event.EmergencyStopReleased e -> {
                d.emergencyStopInputActive = false;
                d.record(RecordType.INTERLOCK, "emergency stop input released (" + e.source()
                        + "); the latch stays until a clinician resets it", List.of(), d.facts());
            }
            case Event.JournalWriteFailed j -> {
                d.journalFailed = true;
                d.raise(AlarmType.JOURNAL_FAILURE, "", j.detail());
            }
            case Event.JournalRestored j -> {
                d.journalFailed = false;
                d.clearCondition(AlarmType.JOURNAL_FAILURE, "");
            }
            case Event.ClockTick t -> onTick(d);
            case Event.DaemonRecovered r -> onRecovered(d, r);
            default -> throw new IllegalStateException("unhandled event " + event.eventType());
        }
        return d.build();
    }

    // ----- pump alarms, counters, outcomes, link -----

    private static void onPumpAlarm(Decision d, Event.PumpAlarmReported a) {
        AlarmType type = switch (a.kind()) {
            case STALL -> AlarmType.PUMP_STALL;
            case POWER_RESET -> AlarmType.PUMP_POWER_RESET;
            case WATCHDOG_TIMEOUT -> AlarmType.PUMP_WATCHDOG;
            case PROGRAM_ERROR -> AlarmType.PUMP_PROGRAM_ERROR;
            case OTHER -> AlarmType.PUMP_ALARM_OTHER;
        };
        d.trip(type, a.code(), "pump reported " + a.kind() + " (" + a.code() + ")");
    }

    private static void onCounterCleared(Decision d, Event.PumpCounterCleared c) {
        d.counterKnown = true;
        d.lastCounter = Volume.ZERO;
        d.record(RecordType.COUNTER_CLEARED, "pump delivered counter restarts from zero (" + c.reason()
                + "); delivered total kept at " + d.delivered, List.of(c.reason()), d.facts());
        if (d.infusion == InfusionState.RUNNING || d.infusion == InfusionState.PAUSED) {
            d.trip(AlarmType.PUMP_COUNTER_RESET, "", c.reason());
        }
    }

    private static void onOutcome(Decision d, Event.CommandOutcome o) {
        switch (o.result()) {
            case CONFIRMED -> {
            }
            case TIMED_OUT -> {
                d.uncertain = true;
                d.raise(AlarmType.COMMAND_UNCERTAIN, "", o.command() + " unanswered: " + o.detail());
                if (o.command() instanceof PumpCommand.StopPump || o.command() instanceof PumpCommand.PausePump) {
                    // Stopping is repeated until a reading shows it happened.
                    d.command(o.command());
                }
                d.command(PumpCommand.READ_BACK);
            }
            case REFUSED -> {
                if (o.command() instanceof PumpCommand.ReadBack) {
                    d.uncertain = true;
                    d.raise(AlarmType.COMMAND_UNCERTAIN, "", "status read refused: " + o.detail());
                    d.command(PumpCommand.READ_BACK);
                } else {
                    d.trip(AlarmType.COMMAND_REFUSED, o.command().getClass().getSimpleName(),
                            o.command() + " refused by the pump: " + o.detail());
                    d.stopPump();
                }
            }
            case WITHHELD -> withheld(d, o);
        }
    }

    /**
     * A command the shell did not send because an earlier one of the same decision was not confirmed: that one's own
     * outcome raised whatever alarm it called for. A withheld start to a pump last read not infusing armed nothing,
     * so the running stretch is taken to end where the delivered total is: on a pump armed one delivery lease at a
     * time, the next reading that shows it stopped arms the stretch again, from a fresh program (SR-D7: line noise is
     * ridden through). A pump with its own watchdog, found stopped with the outcome in doubt, trips as before; so
     * does a pump that was infusing (a change of rate whose program failed): what it runs is judged by its readings.
     */
    private static void withheld(Decision d, Event.CommandOutcome o) {
        boolean start = o.command() instanceof PumpCommand.StartPump;
        Segment seg = d.segment;
        if (start && d.infusion == InfusionState.RUNNING && seg != null && d.lastMode != PumpActivity.INFUSING) {
            d.segment = new Segment(seg.startNanos(), seg.deliveredAtStart(), seg.rate(), seg.windowStartNanos(),
                    seg.windowStartDelivered(), seg.lastProgressNanos(), seg.underSinceNanos(), seg.underActive(),
                    d.delivered);
        }
        d.record(RecordType.INTERLOCK, (start ? "pump start" : o.command().toString()) + " withheld: " + o.detail(),
                List.of("a pump is started only on settings it confirmed (SR-D2)"),
                d.facts("armedUntil", d.segment == null ? "" : d.segment.armedUntil().toString()));
        d.command(PumpCommand.READ_BACK);
    }

    static void onLinkLost(Decision d, String why) {
        if (!d.linkLost) {
            d.linkLost = true;
            d.trip(AlarmType.LINK_LOST, "", why);
        }
    }

    // ----- time -----

    private static void onTick(Decision d) {
        SafetySettings s = d.settings();
        long silence = d.at.nanosSince(d.lastContactNanos);
        if (d.contactTimer && !d.linkLost && silence > s.linkTimeout().toNanos()) {
            onLinkLost(d, "no answer from the pump for " + millis(silence) + " ms (limit "
                    + s.linkTimeout().toMillis() + " ms)");
        }
        // SR-C2: a condition that persists after its alarm was acknowledged raises it again.
        if (d.linkLost && d.find(AlarmType.LINK_LOST, "") == null) {
            d.raise(AlarmType.LINK_LOST, "", "still no answer from the pump");
        }
        if (d.emergencyStopInputActive && d.find(AlarmType.EMERGENCY_STOP, "") == null) {
            d.raise(AlarmType.EMERGENCY_STOP, "", "emergency stop input still active");
        }
        if (d.journalFailed && d.find(AlarmType.JOURNAL_FAILURE, "") == null) {
            d.raise(AlarmType.JOURNAL_FAILURE, "", "journal still cannot be written");
        }
        if (d.infusion == InfusionState.RUNNING && d.segment != null) {
            Supervision.progressTimers(d);
        }
        VitalsRules.onTick(d);
    }

    private static void onRecovered(Decision d, Event.DaemonRecovered r) {
        d.epoch++;
        d.record(RecordType.RECOVERED, "dosewarden restarted (epoch " + d.epoch + "): " + r.detail()
                + "; delivered total kept at " + d.delivered, List.of(r.detail()), d.facts("epoch",
                Integer.toString(d.epoch)));
        // The old process's monotonic clock is meaningless now: every window and baseline starts again.
        d.answered = false;
        d.contactTimer = true;
        d.lastContactNanos = d.now;
        d.linkLost = false;
        d.clearCondition(AlarmType.LINK_LOST, "");
        d.uncertain = false;
        d.clearCondition(AlarmType.COMMAND_UNCERTAIN, "");
        d.stopConfirmed = false;
        d.latestVitals = new ArrayList<>();
        d.spo2BreachActive = false;
        // Conservative: earlier stops count as if they had just happened (SR-C3 cannot be escaped by a crash).
        d.trips.replaceAll(t -> new ChannelState.TripMark(t.type(), d.now));
        if (d.infusion == InfusionState.RUNNING) {
            d.trip(AlarmType.DAEMON_RESTARTED, "", "the process ended while the infusion was running; "
                    + r.detail());
        }
        AfterCareRules.recovered(d);
        d.command(PumpCommand.READ_BACK);
    }

    // ----- shared helpers -----

    /** {@code v} rounded down to a whole number of {@code resolution} steps (toward less drug). */
    static Volume floorTo(Volume v, Volume resolution) {
        long r = resolution.microlitres();
        return Volume.ofMicrolitres(v.microlitres() - v.microlitres() % r);
    }

    /** {@code permille}/1000 of {@code v}, rounded up (a tolerance). */
    static Volume permilleOf(Volume v, int permille) {
        BigInteger x = BigInteger.valueOf(v.microlitres()).multiply(BigInteger.valueOf(permille))
                .add(BigInteger.valueOf(999)).divide(BigInteger.valueOf(1000));
        return Volume.ofMicrolitres(x.longValueExact());
    }

    static Volume expected(FlowRate rate, long nanos, RoundingMode mode) {
        return rate.over(Duration.ofNanos(Math.max(0, nanos)), mode);
    }

    static long millis(long nanos) {
        return nanos / 1_000_000L;
    }

    /**
     * Arms and starts the current step with what is left of it; steps with nothing left are skipped, and
     * when none is left the infusion completes.
     */
    static void runCurrentStep(Decision d, String why) {
        while (d.stepIndex < d.program.stepCount()) {
            PlannedStep step = d.currentStep();
            Volume remaining = floorTo(step.volumeToBeInfused().minusOrZero(d.deliveredInStep),
                    d.program.volumeResolution());
            if (remaining.isZero()) {
                Volume carry = d.deliveredInStep.minusOrZero(step.volumeToBeInfused());
                d.stepIndex++;
                d.deliveredInStep = carry;
                d.stepRunNanos = 0;
                continue;
            }
            Volume vtbi = leasedVtbi(d, step, remaining);
            Duration lease = d.settings().deliveryLease();
            d.command(new PumpCommand.ProgramStep(d.stepIndex, step.rate(), vtbi));
            d.command(PumpCommand.START);
            d.command(PumpCommand.READ_BACK);
            d.segment = Segment.begin(d.now, d.delivered, step.rate(), d.delivered.plus(vtbi));
            d.sinceStopped = Volume.ZERO;
            d.stopConfirmed = false;
            d.moveTo(InfusionState.RUNNING, why);
            String leaseNote = vtbi.equals(remaining) ? "" : " (delivery lease of " + lease.toSeconds() + " s; "
                    + remaining + " left in the step)";
            d.record(RecordType.INTERLOCK, "step " + (d.stepIndex + 1) + " of " + d.program.stepCount() + " armed: "
                    + step.rate() + ", VTBI " + vtbi + leaseNote, List.of(why), d.facts("step",
                    Integer.toString(d.stepIndex + 1), "rate", step.rate().toString(), "vtbi", vtbi.toString()));
            return;
        }
        complete(d);
    }

    /**
     * What to arm of {@code remaining}: all of it, or without a pump watchdog one lease at the step's rate
     * (rounded down, at least one counter step), so that a pump left alone by a dead daemon stops at its end.
     */
    static Volume leasedVtbi(Decision d, PlannedStep step, Volume remaining) {
        Duration lease = d.settings().deliveryLease();
        if (lease.isZero()) {
            return remaining;
        }
        Volume chunk = Supervision.max(floorTo(step.rate().over(lease, RoundingMode.FLOOR),
                d.program.volumeResolution()), d.program.volumeResolution());
        return chunk.compareTo(remaining) < 0 ? chunk : remaining;
    }

    /** The plan's volume is delivered: stop (or run the bounded keep-vein-open) and say so (SR-A4, SR-D5). */
    static void complete(Decision d) {
        InfusionState from = d.infusion;
        d.stepIndex = d.program.stepCount();
        d.endSegment();
        Alarm old = d.find(AlarmType.INFUSION_COMPLETE, "");
        if (old != null) {
            d.alarms.remove(old);
        }
        d.clearCondition(AlarmType.NEAR_END, "");
        d.raiseNew(AlarmType.INFUSION_COMPLETE, "", "delivered " + d.delivered + " of " + d.program.plan().totalVolume());
        KeepVeinOpen kvo = d.program.keepVeinOpen();
        Volume kvoVolume = floorTo(kvo.limit(), d.program.volumeResolution());
        if (kvo.allowed() && !kvoVolume.isZero()) {
            // The plan's stop (from the alarm table) stays first; KVO is then armed as its own bounded step.
            if (d.commands.getLast() == PumpCommand.READ_BACK) {
                d.commands.removeLast();
            }
            d.command(new PumpCommand.ProgramStep(d.program.stepCount(), kvo.rate(), kvoVolume));
            d.command(PumpCommand.START);
            d.command(PumpCommand.READ_BACK);
            d.kvoRunning = true;
        }
        d.moveTo(InfusionState.COMPLETED, "plan volume delivered (" + d.delivered + ")"
                + (from == InfusionState.RUNNING ? "" : " before resuming"));
    }
}
