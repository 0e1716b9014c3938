package org.dosewarden.safety;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.safety.ChannelState.LatestVital;
import org.dosewarden.safety.ChannelState.PumpTracking;
import org.dosewarden.safety.ChannelState.Segment;
import org.dosewarden.safety.ChannelState.Session;
import org.dosewarden.safety.ChannelState.TripMark;
import org.dosewarden.safety.JournalRecord.RecordType;

/**
 * The working copy of one {@link SafetyCore#decide} call: unpacks the immutable state, collects the
 * effects, and packs a new immutable state. Lives only inside one call, so the core stays pure.
 */
final class Decision {

    final ChannelState before;
    final Event event;
    final Moment at;
    final long now;

    InfusionState infusion;
    // session (valid when program != null)
    InfusionProgram program;
    String programmedBy;
    String confirmedBy;
    int stepIndex;
    Volume delivered;
    Volume deliveredInStep;
    long stepRunNanos;
    String vitalsOverrideBy;
    String vitalsOverrideReason;
    boolean kvoRunning;
    Segment segment;
    boolean nearEndRaised;
    ChannelState.Monitoring monitoring;
    // pump
    boolean counterKnown;
    Volume lastCounter;
    boolean answered;
    boolean contactTimer;
    long lastContactNanos;
    PumpActivity lastMode;
    FlowRate lastRate;
    boolean stopConfirmed;
    Volume sinceStopped;
    // vitals
    List<LatestVital> latestVitals;
    boolean spo2BreachActive;
    long spo2BreachSinceNanos;
    // channel
    final List<Alarm> alarms;
    long nextAlarmId;
    boolean emergencyStopLatched;
    boolean emergencyStopInputActive;
    boolean journalFailed;
    boolean linkLost;
    boolean uncertain;
    final List<TripMark> trips;
    boolean restartLocked;
    int epoch;

    // effects
    final List<PumpCommand> commands = new ArrayList<>();
    final List<Alarm> raised = new ArrayList<>();
    final List<Alarm> cleared = new ArrayList<>();
    final List<JournalRecord> records = new ArrayList<>();

    Decision(ChannelState s, Event event) {
        this.before = s;
        this.event = event;
        this.at = event.at();
        this.now = at.monotonicNanos();
        infusion = s.infusion();
        Session ss = s.session();
        if (ss != null) {
            program = ss.program();
            programmedBy = ss.programmedBy();
            confirmedBy = ss.confirmedBy();
            stepIndex = ss.stepIndex();
            delivered = ss.delivered();
            deliveredInStep = ss.deliveredInStep();
            stepRunNanos = ss.stepRunNanos();
            vitalsOverrideBy = ss.vitalsOverrideBy();
            vitalsOverrideReason = ss.vitalsOverrideReason();
            kvoRunning = ss.keepVeinOpenRunning();
            segment = ss.segment();
            nearEndRaised = ss.nearEndRaised();
            monitoring = ss.monitoring();
        } else {
            delivered = Volume.ZERO;
            deliveredInStep = Volume.ZERO;
        }
        PumpTracking p = s.pump();
        counterKnown = p.counterKnown();
        lastCounter = p.lastCounter();
        answered = p.answered();
        contactTimer = p.contactTimer();
        lastContactNanos = p.lastContactNanos();
        lastMode = p.lastMode();
        lastRate = p.lastRate();
        stopConfirmed = p.stopConfirmed();
        sinceStopped = p.sinceStopped();
        latestVitals = new ArrayList<>(s.vitals().latest());
        spo2BreachActive = s.vitals().spo2BreachActive();
        spo2BreachSinceNanos = s.vitals().spo2BreachSinceNanos();
        alarms = new ArrayList<>(s.alarms());
        nextAlarmId = s.nextAlarmId();
        emergencyStopLatched = s.emergencyStopLatched();
        emergencyStopInputActive = s.emergencyStopInputActive();
        journalFailed = s.journalFailed();
        linkLost = s.linkLost();
        uncertain = s.uncertain();
        trips = new ArrayList<>(s.trips());
        restartLocked = s.restartLocked();
        epoch = s.epoch();
    }

    SafetySettings settings() {
        return program == null ? before.channelSettings() : program.settings();
    }

    boolean hasSession() {
        return program != null;
    }

    PlannedStep currentStep() {
        return program.step(stepIndex);
    }

    // ----- state -----

    void moveTo(InfusionState target, String why) {
        if (target == infusion) {
            return;
        }
        InfusionState from = infusion;
        infusion = target;
        record(RecordType.STATE_CHANGED, from + " → " + target + ": " + why, List.of(why),
                facts("from", from.name(), "to", target.name()));
        if (target == InfusionState.COMPLETED || target == InfusionState.STOPPED) {
            AfterCareRules.deliveryEnded(this);
        } else if (target == InfusionState.RUNNING) {
            monitoring = null;      // delivery runs again: the watch after it begins when it ends
        }
    }

    /** Leaves RUNNING: closes the segment and expects the next reading to show the pump not infusing. */
    void endSegment() {
        if (segment != null) {
            stepRunNanos += at.nanosSince(segment.startNanos());
            segment = null;
        }
        stopConfirmed = false;
    }

    // ----- commands -----

    void command(PumpCommand c) {
        commands.add(c);
    }

    void stopPump() {
        if (!commands.contains(PumpCommand.STOP)) {
            commands.add(PumpCommand.STOP);
            commands.add(PumpCommand.READ_BACK);
        }
    }

    // ----- alarms -----

    Alarm find(AlarmType type, String subject) {
        for (Alarm a : alarms) {
            if (a.type() == type && a.subject().equals(subject)) {
                return a;
            }
        }
        return null;
    }

    /** Raises an alarm unless the same one (type and subject) is already in the active set. */
    boolean raise(AlarmType type, String subject, String detail) {
        Alarm existing = find(type, subject);
        if (existing != null) {
            if (!existing.conditionActive()) {
                // The condition came back before anyone acknowledged the latched alarm: it holds again.
                replace(existing, new Alarm(existing.id(), type, subject, existing.detail(), existing.raisedAt(),
                        true, null, null, null));
            }
            return false;
        }
        raiseNew(type, subject, detail);
        return true;
    }

    /**
     * Raises a new alarm and applies its pump action from the table at once, so that no stop-worthy alarm is
     * ever raised without its stop in the same step (SR-C1).
     */
    void raiseNew(AlarmType type, String subject, String detail) {
        Alarm a = Alarm.raised(nextAlarmId++, type, subject, detail, at.wall());
        alarms.add(a);
        raised.add(a);
        switch (type.action()) {
            case STOP -> stopPump();
            case PAUSE -> {
                if (infusion == InfusionState.RUNNING && !commands.contains(PumpCommand.PAUSE)) {
                    commands.add(PumpCommand.PAUSE);
                    commands.add(PumpCommand.READ_BACK);
                }
            }
            case CONTINUE -> {
            }
        }
        record(RecordType.ALARM_RAISED, type.priority() + " alarm #" + a.id() + " " + type
                        + (subject.isEmpty() ? "" : " (" + subject + ")") + ": " + type.clinicianText(),
                List.of(detail), facts("alarmId", Long.toString(a.id()), "type", type.name(), "priority",
                        type.priority().name(), "action", type.action().name(), "subject", subject));
    }

    /** The condition behind an alarm no longer holds: unlatched alarms leave the active set. */
    void clearCondition(AlarmType type, String subject) {
        Alarm existing = find(type, subject);
        if (existing == null || !existing.conditionActive()) {
            return;
        }
        Alarm done = existing.conditionCleared(at.wall());
        if (type.latched()) {
            replace(existing, done);
        } else {
            alarms.remove(existing);
        }
        cleared.add(done);
        record(RecordType.ALARM_CLEARED, "alarm #" + done.id() + " " + type + " condition cleared"
                        + (type.latched() ? " (latched until acknowledged)" : ""),
                List.of(), facts("alarmId", Long.toString(done.id()), "type", type.name()));
    }

    private void replace(Alarm old, Alarm updated) {
        alarms.set(alarms.indexOf(old), updated);
    }

    void acknowledge(Alarm alarm, String user) {
        Alarm acked = alarm.acknowledge(user, at.wall());
        alarms.remove(alarm);
        cleared.add(acked);
        record(RecordType.ALARM_ACKNOWLEDGED, "alarm #" + alarm.id() + " " + alarm.type() + " acknowledged by "
                + user, List.of(), facts("alarmId", Long.toString(alarm.id()), "type", alarm.type().name(),
                "user", user, "conditionActive", Boolean.toString(alarm.conditionActive())));
    }

    /**
     * An interlock fires: raises the alarm, applies its pump action and forces its state (table in
     * {@link AlarmType}). An automatic change of state always comes with a newly raised alarm (SR-D5).
     * A stop out of RUNNING is counted for the SR-C3 restart limiter.
     */
    void trip(AlarmType type, String subject, String detail) {
        InfusionState from = infusion;
        InfusionState target = forcedState(type, from);
        if (target != from) {
            // SR-D5: a mode change is never silent, even if an older alarm of this type is still shown.
            Alarm existing = find(type, subject);
            if (existing != null) {
                alarms.remove(existing);
                cleared.add(existing.conditionCleared(at.wall()));
            }
            raiseNew(type, subject, detail);
        } else {
            raise(type, subject, detail);
        }
        if (type.action() == PumpAction.STOP) {
            // Even when the alarm is already shown, the condition is here again: stop again.
            stopPump();
        }
        if (target != from) {
            if (from == InfusionState.RUNNING) {
                endSegment();
                noteTrip(type);
            }
            if (target == InfusionState.FAULT || target == InfusionState.TRIPPED) {
                kvoRunning = false;
            }
            moveTo(target, type.name() + ": " + detail);
        }
    }

    static InfusionState forcedState(AlarmType type, InfusionState from) {
        InfusionState forces = type.forces();
        if (forces == null) {
            return from;
        }
        return switch (forces) {
            case FAULT -> switch (from) {
                case RUNNING, PAUSED, TRIPPED, COMPLETED, STOPPED -> InfusionState.FAULT;
                default -> from;
            };
            case TRIPPED -> from == InfusionState.RUNNING || from == InfusionState.PAUSED ? InfusionState.TRIPPED : from;
            case PAUSED, COMPLETED -> from == InfusionState.RUNNING ? forces : from;
            default -> from;
        };
    }

    private void noteTrip(AlarmType type) {
        SafetySettings s = settings();
        long window = s.restartWindow().toNanos();
        trips.removeIf(t -> at.nanosSince(t.atNanos()) > window);
        trips.add(new TripMark(type, now));
        long same = trips.stream().filter(t -> t.type() == type).count();
        if (same >= s.restartLimit() && !restartLocked) {
            restartLocked = true;
            raise(AlarmType.RESTART_LIMIT, "", type + " stopped the infusion " + same + " times within "
                    + s.restartWindow().toMinutes() + " min (SR-C3)");
        }
    }

    // ----- records -----

    void record(RecordType type, String summary, List<String> reasons, Map<String, String> facts) {
        records.add(new JournalRecord(type, summary, reasons, facts));
    }

    Map<String, String> facts(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("state", infusion.name());
        m.put("event", event.eventType());
        if (program != null) {
            m.put("sessionId", program.sessionId());
            m.put("delivered", delivered.toString());
        }
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    // ----- build -----

    Step build() {
        if (!commands.isEmpty()) {
            record(RecordType.PUMP_COMMANDS, "pump commands: " + commands, List.of(),
                    facts("count", Integer.toString(commands.size())));
        }
        Session session = program == null ? null : new Session(program, programmedBy, confirmedBy, stepIndex,
                delivered, deliveredInStep, stepRunNanos, vitalsOverrideBy, vitalsOverrideReason, kvoRunning,
                infusion == InfusionState.RUNNING ? segment : null, nearEndRaised, monitoring);
        ChannelState after = new ChannelState(before.channelId(), before.channelSettings(), infusion, session,
                new PumpTracking(counterKnown, lastCounter, answered, contactTimer, lastContactNanos, lastMode,
                        lastRate, stopConfirmed, sinceStopped),
                new ChannelState.VitalsTracking(latestVitals, spo2BreachActive, spo2BreachSinceNanos),
                alarms, nextAlarmId, emergencyStopLatched, emergencyStopInputActive, journalFailed, linkLost,
                uncertain, trips, restartLocked, epoch);
        return new Step(after, commands, raised, cleared, records, null);
    }

    /** A refused intent: the state is returned unchanged, only the refusal is journaled. */
    Step refuse(Refusal.Kind kind, String reason, List<String> reasons) {
        Intent intent = (Intent) event;
        Map<String, String> f = new LinkedHashMap<>();
        f.put("state", before.infusion().name());
        f.put("event", event.eventType());
        f.put("user", intent.by().user());
        f.put("refusal", kind.name());
        JournalRecord r = new JournalRecord(RecordType.INTENT_REFUSED, event.eventType() + " by " + intent.by().user()
                + " refused: " + reason, reasons.isEmpty() ? List.of(reason) : reasons, f);
        return new Step(before, List.of(), List.of(), List.of(), List.of(r),
                new Refusal(kind, before.infusion(), reason));
    }
}
