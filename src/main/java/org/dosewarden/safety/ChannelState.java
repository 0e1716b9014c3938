package org.dosewarden.safety;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * Everything the core knows about one pump channel. Immutable; {@link SafetyCore#decide} returns a new one.
 * Only plain values (records, enums, lists, longs), so the shell can serialise it; replay rebuilds it
 * exactly from the journaled events. Monotonic times are in the current process epoch's origin.
 *
 * @param channelId                channel name
 * @param channelSettings          settings in force when no session has its own
 * @param infusion                 lifecycle state
 * @param session                  the current program and its delivery accounting, {@code null} in IDLE
 * @param pump                     what the core last saw of the pump
 * @param vitals                   latest vital signs
 * @param alarms                   active alarms (condition active, or latched and not yet acknowledged)
 * @param nextAlarmId              id the next alarm gets (per channel, deterministic)
 * @param emergencyStopLatched     an emergency stop happened and no clinician has reset it
 * @param emergencyStopInputActive the emergency-stop input reads "stop" now
 * @param journalFailed            the journal cannot be written (SR-C4)
 * @param linkLost                 the pump has not answered within the link timeout (SR-D1)
 * @param uncertain                a command's outcome is unknown until the next reading (SR-D2)
 * @param trips                    recent automatic stops, for the SR-C3 restart limiter
 * @param restartLocked            SR-C3 limit reached: restarts refused until the session is ended
 * @param epoch                    process epoch: 0 at first start, +1 per {@link Event.DaemonRecovered}
 */
public record ChannelState(
        String channelId,
        SafetySettings channelSettings,
        InfusionState infusion,
        Session session,
        PumpTracking pump,
        VitalsTracking vitals,
        List<Alarm> alarms,
        long nextAlarmId,
        boolean emergencyStopLatched,
        boolean emergencyStopInputActive,
        boolean journalFailed,
        boolean linkLost,
        boolean uncertain,
        List<TripMark> trips,
        boolean restartLocked,
        int epoch) {

    public ChannelState {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(channelSettings, "channelSettings");
        Objects.requireNonNull(infusion, "infusion");
        Objects.requireNonNull(pump, "pump");
        Objects.requireNonNull(vitals, "vitals");
        alarms = List.copyOf(alarms);
        trips = List.copyOf(trips);
        if ((session == null) != (infusion == InfusionState.IDLE)) {
            throw new IllegalArgumentException("a session exists exactly when the channel is not IDLE: "
                    + infusion + ", session " + (session == null ? "absent" : "present"));
        }
    }

    /** A freshly configured channel: IDLE, no alarms, nothing known about the pump yet. */
    public static ChannelState initial(String channelId, SafetySettings channelSettings) {
        return new ChannelState(channelId, channelSettings, InfusionState.IDLE, null, PumpTracking.UNKNOWN,
                VitalsTracking.NONE, List.of(), 1, false, false, false, false, false, List.of(), false, 0);
    }

    /**
     * This state with other channel settings. No event changes them (a replay carries the initial state's through),
     * so a state rebuilt from a checkpoint takes this start's, as a replay from the first record would.
     */
    public ChannelState withChannelSettings(SafetySettings settings) {
        return new ChannelState(channelId, settings, infusion, session, pump, vitals, alarms, nextAlarmId,
                emergencyStopLatched, emergencyStopInputActive, journalFailed, linkLost, uncertain, trips,
                restartLocked, epoch);
    }

    /** The settings in force: the session's when there is one, else the channel's. */
    public SafetySettings settings() {
        return session == null ? channelSettings : session.program().settings();
    }

    public Optional<Alarm> alarm(long id) {
        return alarms.stream().filter(a -> a.id() == id).findFirst();
    }

    /** Latched alarms that nobody acknowledged yet: they block starts, resumes and trip resets. */
    public List<Alarm> unacknowledgedLatched() {
        return alarms.stream().filter(a -> a.latched() && !a.acknowledged()).toList();
    }

    /**
     * True when this state equals {@code earlier} apart from the time the pump last answered: what a poll
     * of a pump with nothing new to say leaves behind. Replaying only the newest of a run of such polls
     * gives the same state as replaying all of them, so the shell may journal just that one.
     */
    public boolean differsOnlyInContactTime(ChannelState earlier) {
        PumpTracking p = earlier.pump;
        if (!p.contactTimer() || !pump.contactTimer()) {
            return false;
        }
        PumpTracking aligned = new PumpTracking(p.counterKnown(), p.lastCounter(), p.answered(), p.contactTimer(),
                pump.lastContactNanos(), p.lastMode(), p.lastRate(), p.stopConfirmed(), p.sinceStopped());
        return new ChannelState(earlier.channelId, earlier.channelSettings, earlier.infusion, earlier.session, aligned,
                earlier.vitals, earlier.alarms, earlier.nextAlarmId, earlier.emergencyStopLatched,
                earlier.emergencyStopInputActive, earlier.journalFailed, earlier.linkLost, earlier.uncertain,
                earlier.trips, earlier.restartLocked, earlier.epoch).equals(this);
    }

    /** The session's delivered total, zero without a session. */
    public Volume delivered() {
        return session == null ? Volume.ZERO : session.delivered();
    }

    /**
     * One infusion session: the program and its delivery accounting.
     *
     * @param program              what is being infused
     * @param programmedBy         user who loaded the program
     * @param confirmedBy          second clinician (SR-I2), or {@code null} if none yet / not required
     * @param stepIndex            current step; equals the step count once the plan is complete
     * @param delivered            session delivered total from pump counter increases; never decreases
     * @param deliveredInStep      part of {@code delivered} counted in the current step (includes what a
     *                             previous step delivered past its limit)
     * @param stepRunNanos         running time of the current step before the current segment
     * @param vitalsOverrideBy     user who overrode the vitals gate for the next start, or {@code null}
     * @param vitalsOverrideReason the reason given, or {@code null}
     * @param keepVeinOpenRunning  KVO was started after completion
     * @param segment              supervision of the current running stretch, {@code null} unless RUNNING
     * @param nearEndRaised        the near-end advisory of this session was raised (SR-C5: once per session)
     * @param monitoring           the after-care monitoring phase once delivery has ended (SR-O3), or {@code null}
     *                             while delivery may still go on, or when the program has none
     */
    public record Session(
            InfusionProgram program,
            String programmedBy,
            String confirmedBy,
            int stepIndex,
            Volume delivered,
            Volume deliveredInStep,
            long stepRunNanos,
            String vitalsOverrideBy,
            String vitalsOverrideReason,
            boolean keepVeinOpenRunning,
            Segment segment,
            boolean nearEndRaised,
            Monitoring monitoring) {

        public Session {
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(programmedBy, "programmedBy");
            Objects.requireNonNull(delivered, "delivered");
            Objects.requireNonNull(deliveredInStep, "deliveredInStep");
        }

        public boolean planComplete() {
            return stepIndex >= program.stepCount();
        }

        /** Near its end (SR-C5): the advisory was raised and the plan's volume is not yet delivered. */
        public boolean nearEnd() {
            return nearEndRaised && !planComplete();
        }

        /**
         * The time the rest of the plan takes at its planned rates: what is left of the current step plus every
         * later step, each rounded up to the nanosecond. Zero once the plan is delivered.
         */
        public Duration remainingTime() {
            return remainingTime(program, stepIndex, deliveredInStep);
        }

        static Duration remainingTime(InfusionProgram program, int stepIndex, Volume deliveredInStep) {
            Duration left = Duration.ZERO;
            for (int i = stepIndex; i < program.stepCount(); i++) {
                PlannedStep step = program.step(i);
                Volume volume = i == stepIndex ? step.volumeToBeInfused().minusOrZero(deliveredInStep)
                        : step.volumeToBeInfused();
                if (!volume.isZero()) {
                    left = left.plus(step.rate().timeFor(volume));
                }
            }
            return left;
        }

        /** The volume the rest of the plan delivers (plan total minus delivered, not below zero). */
        public Volume remainingVolume() {
            return program.plan().totalVolume().minusOrZero(delivered);
        }
    }

    /**
     * The after-care monitoring phase of a session (SR-O3): the patient is watched for the program's
     * {@link InfusionProgram#monitoringAfter()} from {@code sinceNanos}, and the session closes only with a
     * discharge sign-off or a clinician's override with a reason. It begins when delivery has ended for good
     * (COMPLETED or STOPPED) in a session that delivered drug; after a daemon restart it begins again in full,
     * because nobody watched the vitals while dosewarden was down.
     *
     * @param sinceNanos when monitoring (re)began, monotonic, in the current process epoch
     */
    public record Monitoring(long sinceNanos) {

        /** Monitoring time still to go at {@code nowNanos} for a period of {@code period}; zero once it is over. */
        public Duration remaining(Duration period, long nowNanos) {
            long left = period.toNanos() - Math.max(0, nowNanos - sinceNanos);
            return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
        }
    }

    /**
     * One stretch of running at one rate, from a start, resume or step change to the next stop or pause.
     *
     * @param startNanos           when it began (monotonic)
     * @param deliveredAtStart     session total at its start
     * @param rate                 the programmed rate
     * @param windowStartNanos     start of the current over-infusion window
     * @param windowStartDelivered session total at the window start
     * @param lastProgressNanos    last time the delivered total grew (or the start)
     * @param underSinceNanos      since when delivery has been below expected, if {@code underActive}
     * @param underActive          delivery is below expected now
     * @param armedUntil           session total at which the pump stops by itself: the end of the step, or
     *                             with a delivery lease the end of the leased stretch
     */
    public record Segment(
            long startNanos,
            Volume deliveredAtStart,
            FlowRate rate,
            long windowStartNanos,
            Volume windowStartDelivered,
            long lastProgressNanos,
            long underSinceNanos,
            boolean underActive,
            Volume armedUntil) {

        public Segment {
            Objects.requireNonNull(deliveredAtStart, "deliveredAtStart");
            Objects.requireNonNull(armedUntil, "armedUntil");
            Objects.requireNonNull(rate, "rate");
            Objects.requireNonNull(windowStartDelivered, "windowStartDelivered");
        }

        static Segment begin(long nanos, Volume delivered, FlowRate rate, Volume armedUntil) {
            return new Segment(nanos, delivered, rate, nanos, delivered, nanos, nanos, false, armedUntil);
        }
    }

    /**
     * What the core last saw of the pump.
     *
     * @param counterKnown      a counter baseline exists (a first reading was taken)
     * @param lastCounter       the pump's delivered counter at the last reading (µL)
     * @param answered          the pump answered at least once in this process epoch
     * @param contactTimer      the link timer runs (from the first answer, a link restore or a recovery)
     * @param lastContactNanos  when the link timer was last restarted
     * @param lastMode          mode at the last reading
     * @param lastRate          rate at the last reading
     * @param stopConfirmed     a reading showed the pump not infusing since it was last told to stop
     * @param sinceStopped      volume counted since the stop was confirmed (free-flow detector)
     */
    public record PumpTracking(
            boolean counterKnown,
            Volume lastCounter,
            boolean answered,
            boolean contactTimer,
            long lastContactNanos,
            PumpActivity lastMode,
            FlowRate lastRate,
            boolean stopConfirmed,
            Volume sinceStopped) {

        public static final PumpTracking UNKNOWN = new PumpTracking(false, Volume.ZERO, false, false, 0,
                PumpActivity.OTHER, FlowRate.ZERO, false, Volume.ZERO);

        public PumpTracking {
            Objects.requireNonNull(lastCounter, "lastCounter");
            Objects.requireNonNull(lastMode, "lastMode");
            Objects.requireNonNull(lastRate, "lastRate");
            Objects.requireNonNull(sinceStopped, "sinceStopped");
        }
    }

    /**
     * Latest vital signs.
     *
     * @param latest             last usable value per sign (at most one entry per sign)
     * @param spo2BreachActive   SpO2 is beyond a hard limit now
     * @param spo2BreachSinceNanos since when, if active
     */
    public record VitalsTracking(List<LatestVital> latest, boolean spo2BreachActive, long spo2BreachSinceNanos) {

        public static final VitalsTracking NONE = new VitalsTracking(List.of(), false, 0);

        public VitalsTracking {
            latest = List.copyOf(latest);
        }

        public Optional<LatestVital> of(VitalSign sign) {
            return latest.stream().filter(v -> v.sign() == sign).findFirst();
        }
    }

    /**
     * The last usable value of one sign.
     *
     * @param softStreak consecutive readings of this sign that breached a soft limit
     */
    public record LatestVital(VitalSign sign, int value, long atNanos, int softStreak) {
        public LatestVital {
            Objects.requireNonNull(sign, "sign");
        }
    }

    /** One automatic stop (for SR-C3): which alarm stopped it and when (monotonic). */
    public record TripMark(AlarmType type, long atNanos) {
        public TripMark {
            Objects.requireNonNull(type, "type");
        }
    }
}
