package org.dosewarden.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.safety.JournalRecord.RecordType;
import org.dosewarden.safety.Transitions.IntentKind;

/** Clinician intents: staleness, the transition table, gates, effects. */
final class Intents {

    private Intents() {
    }

    static Step handle(Decision d, Intent intent) {
        IntentKind kind = IntentKind.of(intent);
        ClinicianRequest by = intent.by();
        InfusionState state = d.before.infusion();
        if (d.now > by.expiresAtNanos() && !kind.actsWhenStale()) {
            long late = SafetyCore.millis(d.now - by.expiresAtNanos());
            return d.refuse(Refusal.Kind.STALE, "the request to " + kind.verb() + " expired " + late
                    + " ms before it could be carried out (SR-D3); nothing was done", List.of());
        }
        Optional<InfusionState> target = Transitions.target(state, kind);
        if (target.isEmpty()) {
            return d.refuse(Refusal.Kind.ILLEGAL_STATE, "cannot " + kind.verb() + " while the infusion is "
                    + state + "; nothing was done", List.of());
        }
        Step refused = switch (intent) {
            case Intent.ProgramInfusion p -> program(d, p);
            case Intent.ConfirmProgram c -> confirm(d, c);
            case Intent.StartInfusion s -> start(d, false);
            case Intent.ResumeInfusion r -> start(d, true);
            case Intent.PauseInfusion p -> {
                d.endSegment();
                d.command(PumpCommand.PAUSE);
                d.command(PumpCommand.READ_BACK);
                d.moveTo(InfusionState.PAUSED, "paused by " + by.user());
                yield null;
            }
            case Intent.StopInfusion s -> {
                d.endSegment();
                d.kvoRunning = false;
                d.stopPump();
                d.moveTo(target.get(), "stopped by " + by.user());
                yield null;
            }
            case Intent.AcknowledgeAlarm a -> acknowledge(d, a);
            case Intent.OverrideVitalsGate o -> overrideVitals(d, o);
            case Intent.ResetTrip r -> resetTrip(d, r);
            case Intent.ResetEmergencyStop r -> resetEmergencyStop(d, r);
            case Intent.EndSession e -> endSession(d, e);
            case Intent.DischargePatient p -> AfterCareRules.discharge(d, p);
        };
        if (refused != null) {
            return refused;
        }
        // The accepted record comes first: it is the cause of everything else in this step.
        d.records.addFirst(new JournalRecord(RecordType.INTENT_ACCEPTED, intent.eventType() + " by " + by.user()
                + " accepted", acceptedReasons(d, intent), d.facts("user", by.user(), "from", state.name())));
        return d.build();
    }

    private static List<String> acceptedReasons(Decision d, Intent intent) {
        return switch (intent) {
            case Intent.OverrideVitalsGate o -> List.of(o.reason());
            case Intent.ResetTrip r -> List.of(r.reason());
            case Intent.ResetEmergencyStop r -> List.of(r.reason());
            case Intent.EndSession e -> e.reason().isBlank() ? List.of() : List.of(e.reason());
            case Intent.DischargePatient p -> List.of(p.escortConfirmed() ? "escort confirmed" : "no escort");
            default -> List.of();
        };
    }

    private static Step program(Decision d, Intent.ProgramInfusion p) {
        InfusionProgram program = p.program();
        d.program = program;
        d.programmedBy = p.by().user();
        d.confirmedBy = null;
        d.stepIndex = 0;
        d.delivered = Volume.ZERO;
        d.deliveredInStep = Volume.ZERO;
        d.stepRunNanos = 0;
        d.vitalsOverrideBy = null;
        d.vitalsOverrideReason = null;
        d.kvoRunning = false;
        d.segment = null;
        d.latestVitals.replaceAll(v -> new ChannelState.LatestVital(v.sign(), v.value(), v.atNanos(), 0));
        d.moveTo(program.secondClinicianRequired() ? InfusionState.AWAITING_CONFIRMATION : InfusionState.PROGRAMMED,
                "program " + program.sessionId() + " for patient " + program.patientId() + " ("
                        + program.plan().drugId() + ", " + program.stepCount() + " step(s), "
                        + program.plan().totalVolume() + ") loaded by " + p.by().user());
        return null;
    }

    private static Step confirm(Decision d, Intent.ConfirmProgram c) {
        if (c.by().user().equals(d.programmedBy)) {
            return d.refuse(Refusal.Kind.NOT_PERMITTED, "the second clinician must be a different user than "
                    + d.programmedBy + ", who programmed it (SR-I2)", List.of());
        }
        d.confirmedBy = c.by().user();
        d.moveTo(InfusionState.PROGRAMMED, "high-alert program confirmed by " + c.by().user());
        return null;
    }

    private static Step start(Decision d, boolean resume) {
        List<String> blocked = new ArrayList<>();
        if (d.journalFailed) {
            blocked.add("the journal cannot be written (SR-C4)");
        }
        if (d.emergencyStopLatched) {
            blocked.add("the emergency stop is latched; a clinician must reset it first");
        }
        if (d.linkLost) {
            blocked.add("there is no contact with the pump (SR-D1)");
        }
        if (!d.answered) {
            blocked.add("the pump has not answered since dosewarden started; its state is unknown");
        }
        if (d.uncertain) {
            blocked.add("the outcome of a pump command is still unknown (SR-D2)");
        }
        if (d.restartLocked) {
            blocked.add("restarts are locked: the same alarm stopped this infusion "
                    + d.settings().restartLimit() + " times within " + d.settings().restartWindow().toMinutes()
                    + " min; end the session and program again (SR-C3)");
        }
        List<Alarm> unacked = d.alarms.stream().filter(a -> a.latched() && !a.acknowledged()).toList();
        if (!unacked.isEmpty()) {
            blocked.add("unacknowledged alarms: " + unacked.stream().map(a -> "#" + a.id() + " " + a.type())
                    .toList());
        }
        if (!d.stopConfirmed || d.lastMode == PumpActivity.INFUSING) {
            blocked.add("the pump is not confirmed stopped");
        }
        VitalsRules.Gate gate = VitalsRules.gate(d, resume);
        blocked.addAll(gate.binding());
        boolean overridden = d.vitalsOverrideReason != null;
        if (!overridden) {
            blocked.addAll(gate.overridable());
        }
        if (!blocked.isEmpty()) {
            return d.refuse(Refusal.Kind.BLOCKED, "cannot " + (resume ? "resume" : "start") + ": "
                    + blocked.getFirst(), blocked);
        }
        String why = (resume ? "resumed" : "started") + " by " + ((Intent) d.event).by().user();
        if (overridden && !gate.overridable().isEmpty()) {
            d.record(RecordType.INTERLOCK, "vitals gate overridden by " + d.vitalsOverrideBy + ": "
                    + d.vitalsOverrideReason, gate.overridable(), d.facts("overrideBy", d.vitalsOverrideBy));
        }
        d.vitalsOverrideBy = null;
        d.vitalsOverrideReason = null;
        SafetyCore.runCurrentStep(d, why);
        return null;
    }

    private static Step acknowledge(Decision d, Intent.AcknowledgeAlarm a) {
        Alarm alarm = d.before.alarm(a.alarmId()).orElse(null);
        if (alarm == null) {
            return d.refuse(Refusal.Kind.INVALID, "there is no active alarm #" + a.alarmId() + " on channel "
                    + d.before.channelId(), List.of());
        }
        d.acknowledge(alarm, a.by().user());
        return null;
    }

    private static Step overrideVitals(Decision d, Intent.OverrideVitalsGate o) {
        if (o.reason().isBlank()) {
            return d.refuse(Refusal.Kind.INVALID, "an override of the vitals gate needs a reason", List.of());
        }
        if (d.program.vitalsProfile() == null) {
            return d.refuse(Refusal.Kind.INVALID, "this program has no vitals profile to override", List.of());
        }
        d.vitalsOverrideBy = o.by().user();
        d.vitalsOverrideReason = o.reason();
        return null;
    }

    private static Step resetTrip(Decision d, Intent.ResetTrip r) {
        if (r.reason().isBlank()) {
            return d.refuse(Refusal.Kind.INVALID, "resetting a " + d.infusion + " infusion needs a reason", List.of());
        }
        List<String> blocked = new ArrayList<>();
        List<Alarm> unacked = d.alarms.stream().filter(a -> a.latched() && !a.acknowledged()).toList();
        if (!unacked.isEmpty()) {
            blocked.add("acknowledge the alarms first: " + unacked.stream().map(a -> "#" + a.id() + " " + a.type())
                    .toList());
        }
        if (d.emergencyStopLatched) {
            blocked.add("the emergency stop is latched");
        }
        if (d.linkLost) {
            blocked.add("there is no contact with the pump");
        }
        if (d.uncertain) {
            blocked.add("the outcome of a pump command is still unknown");
        }
        if (!d.stopConfirmed || d.lastMode == PumpActivity.INFUSING) {
            blocked.add("the pump is not confirmed stopped");
        }
        if (!blocked.isEmpty()) {
            return d.refuse(Refusal.Kind.BLOCKED, "cannot reset the trip: " + blocked.getFirst(), blocked);
        }
        d.moveTo(InfusionState.PAUSED, "trip reset by " + r.by().user() + ": " + r.reason());
        return null;
    }

    private static Step resetEmergencyStop(Decision d, Intent.ResetEmergencyStop r) {
        if (r.reason().isBlank()) {
            return d.refuse(Refusal.Kind.INVALID, "resetting the emergency stop needs a reason", List.of());
        }
        if (!d.emergencyStopLatched) {
            return d.refuse(Refusal.Kind.INVALID, "no emergency stop is latched", List.of());
        }
        if (d.emergencyStopInputActive) {
            return d.refuse(Refusal.Kind.BLOCKED, "the emergency-stop input still reads 'stop'; release it first",
                    List.of());
        }
        d.emergencyStopLatched = false;
        d.clearCondition(AlarmType.EMERGENCY_STOP, "");
        return null;
    }

    private static Step endSession(Decision d, Intent.EndSession e) {
        InfusionState from = d.infusion;
        if ((from == InfusionState.TRIPPED || from == InfusionState.FAULT) && e.reason().isBlank()) {
            return d.refuse(Refusal.Kind.INVALID, "ending a " + from + " infusion needs a reason", List.of());
        }
        if (AfterCareRules.owed(d)) {
            if (e.reason().isBlank()) {
                return AfterCareRules.refuseEndWithoutReason(d);
            }
            AfterCareRules.endOverridingMonitoring(d, e);
        }
        closeSession(d, "session ended by " + e.by().user());
        return null;
    }

    /**
     * Closes the session (end, discharge, or its override): a TRIPPED or FAULT pump is told to stop once more,
     * the session's accounting goes, the SR-C3 lock is lifted, and the channel is IDLE.
     */
    static void closeSession(Decision d, String why) {
        InfusionState from = d.infusion;
        if (from == InfusionState.TRIPPED || from == InfusionState.FAULT) {
            d.stopPump();
        }
        d.record(RecordType.INTERLOCK, "session " + d.program.sessionId() + " ended with " + d.delivered
                + " delivered of " + d.program.plan().totalVolume(), List.of(), d.facts());
        d.program = null;
        d.programmedBy = null;
        d.confirmedBy = null;
        d.stepIndex = 0;
        d.delivered = Volume.ZERO;
        d.deliveredInStep = Volume.ZERO;
        d.stepRunNanos = 0;
        d.vitalsOverrideBy = null;
        d.vitalsOverrideReason = null;
        d.kvoRunning = false;
        d.segment = null;
        d.nearEndRaised = false;
        d.clearCondition(AlarmType.NEAR_END, "");
        // SR-C3: the lock lasts until the session is ended and a new program is loaded.
        d.restartLocked = false;
        d.trips.clear();
        d.clearCondition(AlarmType.RESTART_LIMIT, "");
        d.monitoring = null;
        d.clearCondition(AlarmType.INFUSION_COMPLETE, "");
        for (VitalSign sign : VitalSign.values()) {
            d.clearCondition(AlarmType.AFTER_CARE_VITALS_STALE, sign.name());
        }
        d.moveTo(InfusionState.IDLE, why);
    }
}
