package org.dosewarden.channel;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.journal.Journal;
import org.dosewarden.journal.JournalEntry;
import org.dosewarden.journal.JournalWriteException;
import org.dosewarden.safety.Alarm;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.CommandResult;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.Intent;
import org.dosewarden.safety.JournalRecord;
import org.dosewarden.safety.Moment;
import org.dosewarden.safety.PumpCommand;
import org.dosewarden.safety.SafetyCore;
import org.dosewarden.safety.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journal before act (SR-G1): feeds one event to the pure {@link SafetyCore}, journals the event and the
 * core's decision records durably, and only then carries out the core's pump commands; each command's outcome
 * is the next event of the chain, until the chain is quiet.
 *
 * <p>Each core input that changed anything is stored as a {@value ChannelSupervisor#EVENT} record holding
 * {@link EventJson}; decision records follow as {@code DECISION_<type>}. Replaying those records through the
 * core gives the live state exactly. A poll that only refreshed the pump's contact time is held in memory and
 * journaled ahead of the next event that changes anything (and at least every
 * {@link #ROUTINE_POLL_RECORD_INTERVAL}).
 *
 * <p>When the journal cannot be written (SR-C4) the core is told; commands that reduce delivery or only read
 * are still carried out, a start or a new step is not. Owned by the channel thread.
 */
final class DecisionChain {

    /** Carries out one pump command; the event it produced (a reading or an outcome) goes to the core next. */
    @FunctionalInterface
    interface CommandExecutor {
        Optional<Event> execute(PumpCommand command);
    }

    /**
     * A pump with nothing new to say is journaled at least this often (monotonic time), not on every poll:
     * see {@link #decideAndAct}.
     */
    static final Duration ROUTINE_POLL_RECORD_INTERVAL = Duration.ofSeconds(60);

    /**
     * A {@link Checkpoint} is journaled once this many events were journaled since the last one, at the first event
     * after which the channel has no session: at the end of each session (about 9,000 events for 40 minutes at
     * 4 Hz), and about once a day on a channel that stays idle. A restart then replays about one session, not the
     * channel's whole history (docs/journal.md, "Checkpoints").
     */
    static final int CHECKPOINT_AFTER_EVENTS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(DecisionChain.class);
    /** A command repeated this often in one chain is given up until the next cycle (a dead link would loop). */
    private static final int MAX_SAME_COMMAND_PER_CHAIN = 3;
    private static final int MAX_COMMANDS_PER_CHAIN = 24;

    private final String channel;
    private final Journal journal;
    private final TimeSource time;
    private final SessionOrders orders;
    private final CommandExecutor pump;
    /** Publishes a new snapshot at once (alarms and mode changes are not held back to the end of the chain). */
    private final Runnable publish;

    private ChannelState state;
    private final Deque<Event> pendingEvents = new ArrayDeque<>();
    private final Map<Class<?>, Integer> commandsThisChain = new HashMap<>();
    private int chainCommands;
    private boolean journalFailed;
    private long processedEvents;
    /** The newest routine poll not yet journaled (written before the next journaled event), or null. */
    private Event unjournaledPoll;
    private long lastJournaledPollNanos = Long.MIN_VALUE;
    private long routinePollsNotJournaled;
    /** The channel's events in the journal (a checkpoint's count), and those since its newest checkpoint. */
    private long journaledEvents;
    private long eventsSinceCheckpoint;
    private int checkpointAfterEvents = CHECKPOINT_AFTER_EVENTS;
    /**
     * An event changed the state but is not in the journal (a write failed): from then on this process's state is
     * no longer what replaying the journal gives, so it writes no checkpoint until recovery rebuilds it.
     */
    private boolean diverged;
    /** A checkpoint of the state after the newest journaled event, to be written at the next quiet moment, or null. */
    private Checkpoint dueCheckpoint;

    DecisionChain(String channel, ChannelState initial, Journal journal, TimeSource time, SessionOrders orders,
                  CommandExecutor pump, Runnable publish) {
        this.channel = channel;
        this.state = initial;
        this.journal = journal;
        this.time = time;
        this.orders = orders;
        this.pump = pump;
        this.publish = publish;
    }

    /** The core's state after the last event. */
    ChannelState state() {
        return state;
    }

    /** The last journal write failed and the core was told so (SR-C4). */
    boolean journalFailed() {
        return journalFailed;
    }

    /** Events decided by the core since start (for tests and metrics). */
    long processedEvents() {
        return processedEvents;
    }

    /** Routine polls that were not journaled individually (see {@link #decideAndAct}); for tests and benchmarks. */
    long routinePollsNotJournaled() {
        return routinePollsNotJournaled;
    }

    Moment now() {
        return new Moment(time.wallTime(), time.monotonicNanos());
    }

    /**
     * The loop failed and the pump was told to stop: a {@value ChannelSupervisor#LOOP_FAILURE} record says so.
     * It is not a core input (never replayed); the restarted loop rebuilds the channel from the journal.
     */
    void recordLoopFailure(Throwable failure) {
        try {
            journal.append(channel, ChannelSupervisor.LOOP_FAILURE, EventJson.writeValue(Map.of(
                    "error", String.valueOf(failure),
                    "action", "pump stopped; channel restarts from the journal and comes back paused")));
        } catch (JournalWriteException e) {
            LOG.error("channel {}: cannot journal the loop failure: {}", channel, e.getMessage());
        }
    }

    /** For tests: checkpoints after this many journaled events instead of {@value #CHECKPOINT_AFTER_EVENTS}. */
    void checkpointAfterEvents(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("checkpoint interval must be at least 1 event: " + events);
        }
        checkpointAfterEvents = events;
    }

    /**
     * Recovery rebuilt the state from the journal: what this process held of the old one is dropped.
     *
     * @param events   the channel's events in the journal
     * @param replayed how many of them came after the checkpoint recovery began at (all of them without one)
     */
    void restart(ChannelState rebuilt, long events, long replayed) {
        state = rebuilt;
        journaledEvents = events;
        eventsSinceCheckpoint = replayed;
        diverged = false;
        dueCheckpoint = null;
        unjournaledPoll = null;
        lastJournaledPollNanos = Long.MIN_VALUE;
        pendingEvents.clear();
    }

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
                || step.state() != before && !step.state().equals(before);
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
            if (changed && !durable) {
                diverged = true;
                dueCheckpoint = null;
            } else if (changed) {
                noteCheckpoint(step.state());
            }
        }
        state = step.state();
        orders.noteDeliveryStart(before, state, event);
        orders.noteDelivered(state);
        if (!step.alarmsRaised().isEmpty() || state.infusion() != before.infusion()
                || !state.delivered().equals(before.delivered())) {
            // Alarms, mode changes and a new delivered total are shown as soon as they are journaled, not when
            // the whole chain of commands they caused is done (on a silent link that chain waits on timeouts).
            // A delivered total the journal already holds is never missing from the live view: a display
            // showing less drug than was given (after a restart, or while a lease is renewed) is a fault.
            publish.run();
        }
        for (Alarm alarm : step.alarmsRaised()) {
            LOG.warn("channel {}: alarm {} {} {}: {}", channel, alarm.id(), alarm.priority(), alarm.type(),
                    alarm.detail());
        }
        String unconfirmed = null;
        for (PumpCommand command : step.commands()) {
            if (!durable && !reducesDeliveryOrReads(command)) {
                LOG.error("channel {}: {} not sent: its decision could not be journaled (SR-G1)", channel, command);
                continue;
            }
            if (unconfirmed != null && command instanceof PumpCommand.StartPump) {
                // SR-D2: the pump runs only what it confirmed. The core hears why, and decides again.
                LOG.warn("channel {}: pump start not sent: {}", channel, unconfirmed);
                pendingEvents.add(new Event.CommandOutcome(now(), command, CommandResult.WITHHELD,
                        "not sent: " + unconfirmed));
                continue;
            }
            Optional<Event> outcome = execute(command);
            if (!reducesDeliveryOrReads(command)) {
                if (outcome.isEmpty()) {
                    unconfirmed = command + " was not sent in this cycle";
                } else if (outcome.get() instanceof Event.CommandOutcome o && o.result() != CommandResult.CONFIRMED) {
                    unconfirmed = command + " was not confirmed (" + o.result() + ": " + o.detail() + ")";
                }
            }
        }
        return step;
    }

    /** A routine poll is journaled anyway when none has been for {@link #ROUTINE_POLL_RECORD_INTERVAL}. */
    private boolean routinePollRecordDue() {
        return lastJournaledPollNanos == Long.MIN_VALUE
                || time.monotonicNanos() - lastJournaledPollNanos >= ROUTINE_POLL_RECORD_INTERVAL.toNanos();
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
                writes.add(journal.appendAsync(channel, ChannelSupervisor.EVENT, EventJson.write(poll)));
            }
            writes.add(journal.appendAsync(channel, ChannelSupervisor.EVENT, EventJson.write(event)));
            for (JournalRecord r : step.records()) {
                writes.add(journal.appendAsync(channel, "DECISION_" + r.type().name(), EventJson.write(r)));
            }
            for (CompletableFuture<JournalEntry> w : writes) {
                w.join();
            }
            long events = poll != null && poll != event ? 2 : 1;
            journaledEvents += events;
            eventsSinceCheckpoint += events;
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
                LOG.error("channel {}: journal write failed (SR-C4): {}", channel, cause.toString());
                pendingEvents.addFirst(new Event.JournalWriteFailed(now(), String.valueOf(cause.getMessage())));
            }
            return false;
        }
    }

    /**
     * Right after an event was journaled the state is exactly what replaying the journal gives, unless a write failed
     * before ({@link #diverged}); with no session (nothing of the session orders or after-care notes to carry) and
     * enough events since the last checkpoint, it is kept as the checkpoint due. Any later journaled event replaces or
     * drops it, so a checkpoint never has an event of its channel between the events it sums up and itself.
     */
    private void noteCheckpoint(ChannelState after) {
        dueCheckpoint = diverged || after.session() != null || eventsSinceCheckpoint < checkpointAfterEvents ? null
                : new Checkpoint(journaledEvents, after);
    }

    /**
     * Journals the checkpoint due, if any: called by the supervisor once the work in hand is done (a clinician's
     * request with the course history it closes, a cycle), so a checkpoint follows the {@code session.closed}
     * record of the session that just ended rather than falling inside it (its export and timeline). A checkpoint
     * that cannot be written changes nothing: recovery begins at the one before, or at the first record.
     */
    void writeCheckpointIfDue() {
        Checkpoint due = dueCheckpoint;
        if (due == null) {
            return;
        }
        dueCheckpoint = null;
        try {
            journal.appendAsync(channel, Checkpoint.TYPE, due.toJson()).join();
            eventsSinceCheckpoint = journaledEvents - due.events();
        } catch (RuntimeException e) {
            LOG.warn("channel {}: checkpoint after {} events not written: {}", channel, due.events(),
                    String.valueOf(e.getCause() == null ? e : e.getCause()));
        }
    }

    /** Hands a command to the pump, unless this chain already sent too many (the rest waits for the next cycle). */
    private Optional<Event> execute(PumpCommand command) {
        int same = commandsThisChain.merge(command.getClass(), 1, Integer::sum);
        if (same > MAX_SAME_COMMAND_PER_CHAIN || ++chainCommands > MAX_COMMANDS_PER_CHAIN) {
            LOG.debug("channel {}: {} deferred to the next cycle", channel, command);
            return Optional.empty();
        }
        Optional<Event> outcome = pump.execute(command);
        outcome.ifPresent(pendingEvents::add);
        return outcome;
    }
}
