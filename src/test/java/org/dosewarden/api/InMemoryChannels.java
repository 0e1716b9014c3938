package org.dosewarden.api;

import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.ChannelHandle;
import org.dosewarden.channel.ChannelLinkState;
import org.dosewarden.channel.ChannelListener;
import org.dosewarden.channel.ChannelRecord;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.channel.ChannelSnapshot.AlarmView;
import org.dosewarden.channel.ChannelSnapshot.LoadedProgram;
import org.dosewarden.channel.ClinicianIntent;
import org.dosewarden.channel.ClinicianIntent.ClinicianAction;
import org.dosewarden.channel.IntentResult;
import org.dosewarden.channel.IntentResult.RefusalKind;
import org.dosewarden.channel.SessionRecords;
import org.dosewarden.channel.SessionSummary;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.DrugAmount;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * TEST DOUBLE of the channel port for the HTTP API tests: two channels ({@code a}, {@code b}) with no pump
 * behind them. Each channel has its own single thread (like the real ones) and enforces the lifecycle table
 * of DESIGN.md (after-care only roughly: a discharge closes the session at once, with no monitoring period; the real core's rules are in AfterCareTest and the end-to-end console test); it does not deliver anything, supervise anything or journal durably. Tests drive the
 * things a pump would cause ({@link FakeChannel#complete()}, {@link FakeChannel#trip(String)}).
 *
 * <p>The real implementation is the integrator's {@code org.dosewarden.channel} supervision layer; the
 * end-to-end tests of issue 6 must run against it.
 */
@Singleton
@Requires(env = "apitest")
final class InMemoryChannels implements ChannelDirectory {

    enum State { IDLE, PROGRAMMED, AWAITING_CONFIRMATION, RUNNING, PAUSED, COMPLETED, STOPPED, TRIPPED, FAULT }

    /** The lifecycle table: for each action the states it is legal in. Everything else is refused. */
    static final Map<String, Set<State>> LEGAL_IN = Map.ofEntries(
            Map.entry("program", EnumSet.of(State.IDLE)),
            Map.entry("confirm", EnumSet.of(State.AWAITING_CONFIRMATION)),
            Map.entry("start", EnumSet.of(State.PROGRAMMED)),
            Map.entry("pause", EnumSet.of(State.RUNNING)),
            Map.entry("resume", EnumSet.of(State.PAUSED)),
            Map.entry("stop", EnumSet.of(State.RUNNING, State.PAUSED)),
            Map.entry("end", EnumSet.of(State.PROGRAMMED, State.AWAITING_CONFIRMATION, State.COMPLETED, State.STOPPED,
                    State.TRIPPED, State.FAULT)),
            Map.entry("reset-trip", EnumSet.of(State.TRIPPED, State.FAULT)),
            Map.entry("reset-emergency-stop", EnumSet.allOf(State.class)),
            Map.entry("acknowledge", EnumSet.allOf(State.class)),
            Map.entry("discharge", EnumSet.of(State.COMPLETED, State.STOPPED)),
            Map.entry("observation", EnumSet.complementOf(EnumSet.of(State.IDLE))));

    private final Map<String, FakeChannel> channels = new LinkedHashMap<>();
    private final TimeSource time;

    InMemoryChannels(TimeSource time) {
        this.time = time;
        channels.put("a", new FakeChannel("a"));
        channels.put("b", new FakeChannel("b"));
    }

    @Override
    public List<ChannelHandle> channels() {
        return List.copyOf(channels.values());
    }

    @Override
    public Optional<ChannelHandle> find(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    FakeChannel fake(String name) {
        return channels.get(name);
    }

    /** Puts every channel back to IDLE with no alarms (between tests). */
    void reset() {
        channels.values().forEach(FakeChannel::reset);
    }

    @Override
    public List<SessionSummary> sessionsOf(String patientId) {
        List<SessionSummary> all = new ArrayList<>();
        channels.values().forEach(c -> all.addAll(c.sessions(patientId)));
        return all;
    }

    @Override
    public Optional<SessionRecords> sessionRecords(String sessionId) {
        for (FakeChannel c : channels.values()) {
            synchronized (c) {
                for (SessionSummary s : c.sessions) {
                    if (s.sessionId().equals(sessionId)) {
                        return Optional.of(new SessionRecords(s, List.copyOf(c.records)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    @PreDestroy
    void close() {
        channels.values().forEach(c -> c.thread.shutdownNow());
    }

    final class FakeChannel implements ChannelHandle {
        private final String name;
        private final ExecutorService thread;
        private final AtomicInteger alarmIds = new AtomicInteger();
        private volatile ChannelSnapshot snapshot;
        private State state = State.IDLE;
        private LoadedProgram program;
        /** Who loaded the current program and whether it is high-alert (kept even for a test-loaded program). */
        private String programmedBy;
        private boolean highAlert;
        private volatile PumpCapability capability = PumpCapability.generic();
        private final List<AlarmView> alarms = new ArrayList<>();
        private final List<ChannelRecord> records = new ArrayList<>();
        private final List<SessionSummary> sessions = new ArrayList<>();
        private final List<ChannelListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicInteger executed = new AtomicInteger();
        /** When set, the channel thread waits for this gate before handling an intent (a busy channel). */
        volatile CountDownLatch gate;

        FakeChannel(String name) {
            this.name = name;
            this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-channel-" + name));
            publish();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ChannelSnapshot snapshot() {
            return snapshot;
        }

        @Override
        public Optional<PumpCapability> pumpCapability() {
            return Optional.ofNullable(capability);
        }

        void pumpCapability(PumpCapability c) {
            capability = c;
        }

        /** Loads a program as if {@code user} had programmed it, without a prescription (state tests only). */
        void loadWithoutPrescription(String user, boolean highAlertDrug) {
            onThread(() -> {
                programmedBy = user;
                highAlert = highAlertDrug;
                transition(highAlertDrug ? State.AWAITING_CONFIRMATION : State.PROGRAMMED, user);
            });
        }

        /** How many intents this channel carried out (accepted), to prove a replay did not act twice. */
        int executed() {
            return executed.get();
        }

        @Override
        public CompletableFuture<IntentResult> submit(ClinicianIntent intent) {
            return CompletableFuture.supplyAsync(() -> {
                awaitGate();
                return handle(intent);
            }, thread);
        }

        @Override
        public synchronized List<ChannelRecord> records(long afterSequence, int limit) {
            return records.stream().filter(r -> r.sequence() > afterSequence).limit(limit).toList();
        }

        synchronized List<SessionSummary> sessions(String patientId) {
            return sessions.stream().filter(s -> s.patientId().equals(patientId)).toList();
        }

        /** The pump delivered the whole program: RUNNING → COMPLETED. */
        void complete() {
            onThread(() -> {
                if (state == State.RUNNING) {
                    transition(State.COMPLETED, "system");
                }
            });
        }

        /** An interlock trips: → TRIPPED with a latched high alarm; returns the alarm id. */
        String trip(String type) {
            return CompletableFuture.supplyAsync(() -> {
                synchronized (this) {
                    String id = "alm-" + name + "-" + alarmIds.incrementAndGet();
                    alarms.add(new AlarmView(id, type, "HIGH", type + ": delivery stopped", time.wallTime(), true, null));
                    transition(State.TRIPPED, "system");
                    return id;
                }
            }, thread).join();
        }

        void reset() {
            onThread(() -> {
                state = State.IDLE;
                program = null;
                programmedBy = null;
                alarms.clear();
                capability = PumpCapability.generic();
                gate = null;
                sessions.clear();
                publish();
            });
        }

        private void onThread(Runnable r) {
            CompletableFuture.runAsync(() -> {
                synchronized (this) {
                    r.run();
                }
            }, thread).join();
        }

        private volatile boolean waiting;

        /** True while the channel thread waits at the gate with an intent in hand. */
        boolean waiting() {
            return waiting;
        }

        private void awaitGate() {
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    waiting = true;
                    g.await();
                    waiting = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private synchronized IntentResult handle(ClinicianIntent intent) {
            ClinicianAction action = intent.action();
            if (time.monotonicNanos() > intent.expiresAtNanos()) {
                return refuse(intent, RefusalKind.STALE, "the request expired before the channel reached it; "
                        + "it was not carried out");
            }
            if (action instanceof ClinicianAction.AcknowledgeAlarm ack) {
                int i = indexOfAlarm(ack.alarmId());
                if (i < 0) {
                    return new IntentResult.NotApplicable("channel '" + name + "' has no active alarm '"
                            + ack.alarmId() + "'");
                }
                AlarmView a = alarms.get(i);
                alarms.set(i, new AlarmView(a.id(), a.type(), a.priority(), a.message(), a.raisedAt(), a.latched(),
                        intent.user()));
                return accept(intent, "ALARM_ACKNOWLEDGED");
            }
            if (!LEGAL_IN.get(action.name()).contains(state)) {
                return refuse(intent, RefusalKind.ILLEGAL_STATE, "cannot " + action.name() + ": the infusion is "
                        + state + "; " + action.name() + " is allowed only when " + LEGAL_IN.get(action.name()));
            }
            switch (action) {
                case ClinicianAction.Program p -> {
                    program = new LoadedProgram(p.order(), intent.user(), intent.issuedAt(), null, null, null);
                    programmedBy = intent.user();
                    highAlert = p.order().highAlert();
                    state = highAlert ? State.AWAITING_CONFIRMATION : State.PROGRAMMED;
                }
                case ClinicianAction.Confirm c -> {
                    if (programmedBy.equals(intent.user())) {
                        return refuse(intent, RefusalKind.NOT_PERMITTED, "a high-alert program needs a second, "
                                + "different clinician: " + intent.user() + " programmed it (SR-I2)");
                    }
                    if (program != null) {
                        program = new LoadedProgram(program.order(), program.programmedBy(), program.programmedAt(),
                                intent.user(), null, null);
                    }
                    state = State.PROGRAMMED;
                }
                case ClinicianAction.Start s -> {
                    if (alarms.stream().anyMatch(a -> a.latched() && a.acknowledgedBy() == null)) {
                        return refuse(intent, RefusalKind.BLOCKED, "cannot start: unacknowledged latched alarms");
                    }
                    if (program != null) {
                        program = new LoadedProgram(program.order(), program.programmedBy(), program.programmedAt(),
                                program.confirmedBy(), intent.issuedAt(),
                                intent.issuedAt().plus(program.order().infusion().plan().expectedDuration()));
                        sessions.add(new SessionSummary("s-" + name + "-" + sessions.size(), program.order().patientId(),
                                name, program.order().drugId(), intent.issuedAt(), null, null));
                    }
                    state = State.RUNNING;
                }
                case ClinicianAction.Pause p -> state = State.PAUSED;
                case ClinicianAction.Resume r -> state = State.RUNNING;
                case ClinicianAction.Stop s -> state = State.STOPPED;
                case ClinicianAction.End e -> {
                    if ((state == State.TRIPPED || state == State.FAULT) && e.reason().isBlank()) {
                        return refuse(intent, RefusalKind.INVALID, "ending a " + state + " session needs a reason");
                    }
                    closeSession(intent);
                    program = null;
                    programmedBy = null;
                    state = State.IDLE;
                }
                case ClinicianAction.ResetTrip r -> {
                    if (alarms.stream().anyMatch(a -> a.latched() && a.acknowledgedBy() == null)) {
                        return refuse(intent, RefusalKind.BLOCKED, "acknowledge the alarms before resetting the trip");
                    }
                    alarms.clear();
                    state = State.PAUSED;
                }
                case ClinicianAction.ResetEmergencyStop r -> {
                    return refuse(intent, RefusalKind.ILLEGAL_STATE, "no emergency stop is latched on channel '"
                            + name + "'");
                }
                case ClinicianAction.AcknowledgeAlarm a -> throw new IllegalStateException("handled above");
                case ClinicianAction.Discharge dis -> {
                    if (!dis.escortConfirmed()) {
                        return refuse(intent, RefusalKind.INVALID, "a discharge sign-off confirms the escort");
                    }
                    closeSession(intent);
                    program = null;
                    programmedBy = null;
                    state = State.IDLE;
                }
                case ClinicianAction.RecordObservation o -> {
                    if (program != null && !program.order().infusion().afterCare().names(o.observation())) {
                        return refuse(intent, RefusalKind.INVALID, "the drug entry of this session does not record '"
                                + o.observation() + "'");
                    }
                    executed.incrementAndGet();
                    record("OBSERVATION", "{\"user\":\"" + intent.user() + "\",\"observation\":\"" + o.observation()
                            + "\",\"value\":" + o.valueJson() + "}");
                    return new IntentResult.Accepted(publish());
                }
            }
            return accept(intent, "INTENT_ACCEPTED");
        }

        /** Ends the channel's open session; a completed one delivered its planned total, others nothing (no pump here). */
        private void closeSession(ClinicianIntent intent) {
            for (int i = 0; i < sessions.size(); i++) {
                SessionSummary s = sessions.get(i);
                if (s.isOpen() && program != null) {
                    var total = program.order().infusion().totalDose();
                    sessions.set(i, new SessionSummary(s.sessionId(), s.patientId(), s.channel(), s.drugId(),
                            s.startedAt(), intent.issuedAt().isBefore(s.startedAt()) ? s.startedAt() : intent.issuedAt(),
                            state == State.COMPLETED ? total : DrugAmount.ofBase(total.kind(), 0)));
                }
            }
        }

        private int indexOfAlarm(String id) {
            for (int i = 0; i < alarms.size(); i++) {
                if (alarms.get(i).id().equals(id)) {
                    return i;
                }
            }
            return -1;
        }

        private IntentResult accept(ClinicianIntent intent, String type) {
            executed.incrementAndGet();
            record(type, "{\"user\":\"" + intent.user() + "\",\"action\":\"" + intent.action().name()
                    + "\",\"state\":\"" + state + "\"}");
            return new IntentResult.Accepted(publish());
        }

        private IntentResult refuse(ClinicianIntent intent, RefusalKind kind, String reason) {
            record("INTENT_REFUSED", "{\"user\":\"" + intent.user() + "\",\"action\":\"" + intent.action().name()
                    + "\",\"kind\":\"" + kind + "\"}");
            return IntentResult.Refused.of(kind, reason, state.name());
        }

        private void transition(State to, String user) {
            state = to;
            record("STATE_CHANGED", "{\"user\":\"" + user + "\",\"state\":\"" + to + "\"}");
            publish();
        }

        private void record(String type, String payload) {
            records.add(new ChannelRecord(records.size() + 1L, time.wallTime(), type, payload));
        }

        private ChannelSnapshot publish() {
            snapshot = new ChannelSnapshot(name, true, "", "sim-ne1000", "sim:" + name, ChannelLinkState.CONNECTED,
                    state.name(), false, program, 0, Volume.ZERO, state == State.RUNNING && program != null
                    ? program.order().infusion().plan().steps().getFirst().rate() : FlowRate.ZERO,
                    alarms, time.wallTime());
            listeners.forEach(l -> l.snapshotChanged(snapshot));
            return snapshot;
        }

        @Override
        public void addListener(ChannelListener listener) {
            listeners.add(listener);
        }
    }

}
