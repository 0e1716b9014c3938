package org.dosewarden.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.journal.JournalException;
import org.dosewarden.journal.JournalWriteException;
import org.dosewarden.safety.ClinicianRequest;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.InfusionProgram;
import org.dosewarden.safety.InfusionState;
import org.dosewarden.safety.Intent;
import org.dosewarden.safety.Moment;
import org.dosewarden.safety.Refusal;
import org.dosewarden.safety.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clinician's requests to one channel, from the front end to the core's answer.
 *
 * <p>On the caller's thread, {@link #submit} applies the bedside gate: where the GPIO panel requires it, a
 * remote start or resume waits for a press of the confirm button at the bedside before it is queued; pause and
 * stop never wait (asymmetric control). On the channel thread, {@link #handle} turns the request into the
 * core's intents, journals the program order before the core hears of it, and maps a refusal to the kind a
 * front end answers with. Accepted programs and ends (also a discharge sign-off) open and close the
 * course history (SR-K1). Observations (SR-O1) are journaled by {@link AfterCareRecords}, not by the core.
 */
final class ClinicianRequests {

    private static final Logger LOG = LoggerFactory.getLogger(ClinicianRequests.class);

    private final String channel;
    private final ProgramBuilder programs;
    private final DecisionChain core;
    private final SessionOrders orders;
    private final ChannelInbox inbox;
    private final AfterCareRecords afterCare;
    /** The channel's current snapshot (any thread). */
    private final Supplier<ChannelSnapshot> current;
    /** Publishes a new snapshot and returns it (channel thread). */
    private final Supplier<ChannelSnapshot> publish;

    private volatile Function<String, CompletableFuture<Boolean>> bedsideConfirmation;

    ClinicianRequests(String channel, ProgramBuilder programs, DecisionChain core, SessionOrders orders,
                      AfterCareRecords afterCare, ChannelInbox inbox, Supplier<ChannelSnapshot> current,
                      Supplier<ChannelSnapshot> publish) {
        this.afterCare = afterCare;
        this.channel = channel;
        this.programs = programs;
        this.core = core;
        this.orders = orders;
        this.inbox = inbox;
        this.current = current;
        this.publish = publish;
    }

    /** See {@link ChannelSupervisor#requireBedsideConfirmation}. */
    void requireBedsideConfirmation(Function<String, CompletableFuture<Boolean>> confirmation) {
        this.bedsideConfirmation = confirmation;
    }

    /** Queues {@code intent} for the channel thread, after the bedside confirmation where one is required. */
    CompletableFuture<IntentResult> submit(ClinicianIntent intent) {
        CompletableFuture<IntentResult> result = new CompletableFuture<>();
        Function<String, CompletableFuture<Boolean>> confirmation = bedsideConfirmation;
        boolean startsDelivery = intent.action() instanceof ClinicianIntent.ClinicianAction.Start
                || intent.action() instanceof ClinicianIntent.ClinicianAction.Resume;
        if (confirmation == null || !startsDelivery || !intent.via().equals("http")) {
            inbox.post(intent, result);
            return result;
        }
        // Asymmetric control: a remote start or resume waits for a press at the bedside; pause and stop never wait.
        confirmation.apply(intent.action().name() + " channel " + channel + " for " + intent.user())
                .whenComplete((confirmed, failure) -> {
                    if (Boolean.TRUE.equals(confirmed)) {
                        inbox.post(intent, result);
                    } else {
                        result.complete(IntentResult.Refused.of(IntentResult.RefusalKind.NOT_PERMITTED,
                                "not confirmed at the bedside: the confirm button was not pressed in time",
                                current.get().infusionState()));
                    }
                });
        return result;
    }

    /** Runs {@code intent} through the core on the channel thread; the answer is journaled before it returns. */
    IntentResult handle(ClinicianIntent intent) {
        Moment at = core.now();
        ClinicianRequest by = new ClinicianRequest(intent.user(), intent.issuedAt(), intent.expiresAtNanos());
        List<Intent> steps = new ArrayList<>();
        switch (intent.action()) {
            case ClinicianIntent.ClinicianAction.Program p -> {
                InfusionProgram program;
                try {
                    program = programs.build(channel, p.order(), at);
                } catch (IllegalArgumentException e) {
                    return IntentResult.Refused.of(IntentResult.RefusalKind.LIMITS, e.getMessage(),
                            core.state().infusion().name());
                }
                if (core.state().infusion() == InfusionState.IDLE && !journalProgramOrder(program, p, intent, at)) {
                    return IntentResult.Refused.of(IntentResult.RefusalKind.UNAVAILABLE,
                            "the journal cannot be written; nothing was programmed", core.state().infusion().name());
                }
                steps.add(new Intent.ProgramInfusion(at, by, program));
            }
            case ClinicianIntent.ClinicianAction.Confirm c -> steps.add(new Intent.ConfirmProgram(at, by));
            case ClinicianIntent.ClinicianAction.Start s -> {
                addVitalsGateOverrides(s.overrides(), at, by, steps);
                steps.add(new Intent.StartInfusion(at, by));
            }
            case ClinicianIntent.ClinicianAction.Pause p -> steps.add(new Intent.PauseInfusion(at, by));
            case ClinicianIntent.ClinicianAction.Resume r -> {
                addVitalsGateOverrides(r.overrides(), at, by, steps);
                steps.add(new Intent.ResumeInfusion(at, by));
            }
            case ClinicianIntent.ClinicianAction.Stop s -> steps.add(new Intent.StopInfusion(at, by));
            case ClinicianIntent.ClinicianAction.End e -> steps.add(new Intent.EndSession(at, by, e.reason()));
            case ClinicianIntent.ClinicianAction.Discharge d ->
                    steps.add(new Intent.DischargePatient(at, by, d.escortConfirmed()));
            case ClinicianIntent.ClinicianAction.RecordObservation o -> {
                if (at.monotonicNanos() > intent.expiresAtNanos()) {
                    return IntentResult.Refused.of(IntentResult.RefusalKind.STALE, "the observation arrived after its "
                            + "request expired (SR-D3); it was not recorded", core.state().infusion().name());
                }
                IntentResult refused = afterCare.record(intent, o, core.state());
                return refused != null ? refused : new IntentResult.Accepted(publish.get());
            }
            case ClinicianIntent.ClinicianAction.AcknowledgeAlarm a -> {
                long id;
                try {
                    id = Long.parseLong(a.alarmId());
                } catch (NumberFormatException e) {
                    return new IntentResult.NotApplicable("channel " + channel + " has no alarm '" + a.alarmId() + "'");
                }
                if (core.state().alarm(id).isEmpty()) {
                    return new IntentResult.NotApplicable("channel " + channel + " has no active alarm " + id);
                }
                steps.add(new Intent.AcknowledgeAlarm(at, by, id));
            }
            case ClinicianIntent.ClinicianAction.ResetTrip r -> steps.add(new Intent.ResetTrip(at, by, r.reason()));
            case ClinicianIntent.ClinicianAction.ResetEmergencyStop r ->
                    steps.add(new Intent.ResetEmergencyStop(at, by, r.reason()));
        }
        String sessionBefore = core.state().session() == null ? null : core.state().session().program().sessionId();
        for (Intent step : steps) {
            Step decided = core.process(step);
            if (decided.refused()) {
                return refusal(decided.refusal());
            }
        }
        afterAcceptedIntent(intent, sessionBefore);
        return new IntentResult.Accepted(publish.get());
    }

    /** An override of the vitals gate comes with a start or resume and goes to the core before it. */
    private static void addVitalsGateOverrides(List<LimitOverride> overrides, Moment at, ClinicianRequest by,
                                               List<Intent> steps) {
        for (LimitOverride o : overrides) {
            if (o.limitId().startsWith("vitals")) {
                steps.add(new Intent.OverrideVitalsGate(at, by, o.reason()));
            }
        }
    }

    private static IntentResult refusal(Refusal r) {
        IntentResult.RefusalKind kind = switch (r.kind()) {
            case STALE -> IntentResult.RefusalKind.STALE;
            case ILLEGAL_STATE -> IntentResult.RefusalKind.ILLEGAL_STATE;
            case BLOCKED -> IntentResult.RefusalKind.BLOCKED;
            case INVALID -> IntentResult.RefusalKind.INVALID;
            case NOT_PERMITTED -> IntentResult.RefusalKind.NOT_PERMITTED;
        };
        return IntentResult.Refused.of(kind, r.reason(), r.state().name());
    }

    /** Course history (SR-K1): a session opens when its program is accepted and closes when it ends. */
    private void afterAcceptedIntent(ClinicianIntent intent, String sessionBefore) {
        try {
            if (intent.action() instanceof ClinicianIntent.ClinicianAction.Program p && core.state().session() != null) {
                orders.openSession(core.state().session().program().sessionId(), p.order());
            } else if (sessionBefore != null && core.state().session() == null) {
                // An end or a discharge sign-off closed the session.
                orders.closeSession(sessionBefore);
            }
        } catch (JournalException e) {
            LOG.error("channel {}: course history not written: {}", channel, e.getMessage());
            core.process(new Event.JournalWriteFailed(core.now(), "session history: " + e.getMessage()));
        }
    }

    /** The order is journaled before the core hears of the program; false (core told) when it could not be. */
    private boolean journalProgramOrder(InfusionProgram program, ClinicianIntent.ClinicianAction.Program p,
                                        ClinicianIntent intent, Moment at) {
        try {
            orders.record(program.sessionId(), p.order(), intent.user(), at.wall());
            return true;
        } catch (JournalWriteException e) {
            LOG.error("channel {}: program order not journaled: {}", channel, e.getMessage());
            core.process(new Event.JournalWriteFailed(core.now(), e.getMessage()));
            return false;
        }
    }
}
