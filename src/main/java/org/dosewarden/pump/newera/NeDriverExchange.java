package org.dosewarden.pump.newera;

import java.util.Optional;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.PumpAlarmEvent;
import org.dosewarden.pump.PumpAlarmException;
import org.dosewarden.pump.PumpError;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpRefusedException;
import org.dosewarden.pump.PumpTimeoutException;
import org.dosewarden.pump.line.DriverLink;
import org.dosewarden.pump.line.PumpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange and retry engine under a {@link NeDriver}: one command at a time to a final reply.
 *
 * <p>Transaction rules (pump-protocols.md §1, §4.5):
 * <ul>
 *   <li>One outstanding command: send, then read until a reply from our address or the reply deadline.</li>
 *   <li>Before every send, bytes already received are parsed, so an unsolicited safe-mode alarm is recorded
 *       rather than flushed.</li>
 *   <li>Timeouts, CRC/framing failures, {@code ?COM} and {@code ?IGN} are retried up to the configured number of
 *       times. Commands whose repetition is not harmless ({@code RUN}, a pausing {@code STP}) read the status first
 *       and are only re-sent if the first attempt demonstrably did not take effect ({@link Policy}).</li>
 *   <li>An alarm reply ({@code A?x}) means the command was not executed: the alarm is recorded and the command
 *       re-sent, except where the policy forbids it ({@code RUN}/{@code PUR}).</li>
 *   <li>The framing the pump last answered in is the framing used for the next request.</li>
 *   <li>After the link was lost, the next command first reconnects (once the backoff allows) and re-syncs: status
 *       queries in the expected framing, then the other, before anything else is sent.</li>
 * </ul>
 */
final class NeDriverExchange extends PumpExchange<NeFrameEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(NeDriverExchange.class);

    /** A command is re-sent at most this many times because of alarm replies (each acknowledges one alarm). */
    private static final int MAX_ALARM_ACKNOWLEDGEMENTS = 5;

    /**
     * How a command may be repeated.
     *
     * @param resendAfterAlarm whether an alarm reply (which acknowledged the alarm) is followed by the same command
     * @param alreadyDone      for commands that must not be repeated blindly: the prompts that show the command took
     *                         effect; null when repeating is harmless
     */
    record Policy(boolean resendAfterAlarm, TookEffect alreadyDone) {
        static final Policy IDEMPOTENT = new Policy(true, null);
        static final Policy RUN = new Policy(false, s -> s != NeStatus.STOPPED && s != NeStatus.PAUSED);
        static final Policy PAUSE = new Policy(true, s -> !s.motorMayRun() && s != NeStatus.PAUSE_PHASE
                && s != NeStatus.WAITING_TRIGGER);
    }

    /** Whether a command that must not be repeated blindly took effect, judged on the status the pump reports. */
    @FunctionalInterface
    interface TookEffect {
        boolean test(NeStatus status) throws PumpException;
    }

    private final NeDriverSettings settings;
    private final NeFrameDecoder decoder;

    private NeFraming framing;
    /** Counts connections and power resets: settings prepared in an older epoch may be gone. */
    private long epoch;
    /** The prompt of the last reply from our pump. */
    private NeStatus lastStatusSeen = NeStatus.STOPPED;
    /** Why the last {@link #awaitReply} found no valid reply ("" for silence). */
    private String lastAwaitProblem = "";
    /** The last {@link #awaitReply} ended early on a damaged reply (line noise), not on its deadline. */
    private boolean lastAwaitDamaged;

    NeDriverExchange(DriverLink link, TimeSource time, NeDriverSettings settings) {
        this(link, time, settings, NeFrameDecoder.forReplies());
    }

    private NeDriverExchange(DriverLink link, TimeSource time, NeDriverSettings settings, NeFrameDecoder decoder) {
        super(link, time, decoder);
        this.settings = settings;
        this.decoder = decoder;
        this.framing = settings.initialFraming();
    }

    NeFraming framing() {
        return framing;
    }

    /**
     * Starts at 0 and grows with every (re)connection and every power-reset alarm seen: what the driver set up in
     * an earlier epoch (the program's direction) is set up again.
     */
    long epoch() {
        return epoch;
    }

    /** Sets the framing of the next request (after {@code SAF}, whose reply already came in the new one). */
    void framing(NeFraming next) {
        framing = next;
    }

    // --- alarms ------------------------------------------------------------------------------------

    private void record(NeReply.Alarm a, boolean unsolicited, String command) {
        PumpAlarmEvent event = new PumpAlarmEvent(NeMapping.alarmOf(a.alarm()), unsolicited, command, time.wallTime(),
                NeMapping.codeOf(a.alarm()));
        keepAlarm(event);
        if (a.alarm() == NeAlarm.RESET) {
            epoch++;
        }
        LOG.warn("{}: pump alarm {} {}", link.describe(), event.alarm(), unsolicited ? "(sent unsolicited)"
                : "in reply to " + (command.isEmpty() ? "a status query" : "'" + command + "'") + ", which was not executed");
    }

    // --- connecting --------------------------------------------------------------------------------

    /** Opens the link and re-syncs the framing, whatever state the link was in. */
    @Override
    public void connect(String command) throws PumpException {
        link.open(command);
        epoch++;
        decoder.reset();
        syncFraming(command);
        link.synced();
        LOG.debug("{}: connected, {} framing", link.describe(), framing);
    }

    /** Status queries alternating the framings until the pump answers; the answer's framing is the pump's. */
    void syncFraming(String command) throws PumpException {
        NeFraming first = framing;
        NeFraming second = first == NeFraming.BASIC ? NeFraming.SAFE : NeFraming.BASIC;
        PumpTimeoutException last = null;
        for (int round = 0; round <= settings.retries(); round++) {
            for (NeFraming f : new NeFraming[] {first, second}) {
                framing = f;
                try {
                    exchange(NeRequest.statusQuery(settings.address()), Policy.IDEMPOTENT, 1);
                    return;
                } catch (PumpTimeoutException e) {
                    last = e;
                } catch (PumpRefusedException e) {
                    if (e.error() != PumpError.BAD_PACKET) {
                        throw e;
                    }
                    // A safe-mode pump answers a basic line with ?COM (in safe framing): try the other framing.
                    last = new PumpTimeoutException(command, settings.replyTimeout(), 1, e.getMessage());
                }
            }
        }
        framing = first;
        link.syncFailed();
        throw new PumpTimeoutException(command, settings.replyTimeout(), 2 * (settings.retries() + 1),
                link.describe() + " does not answer a status query in basic or safe framing (wrong port, address or baud?)"
                        + (last == null ? "" : "; last: " + last.getMessage()));
    }

    // --- transactions ------------------------------------------------------------------------------

    /** One command to this pump, connecting first if needed; a refusal or alarm reply is thrown. */
    NeReply.Prompt transact(String command, String args, Policy policy) throws PumpException {
        ensureConnected(command + args);
        return exchange(NeRequest.of(settings.address(), command, args), policy, 1 + settings.retries());
    }

    NeReply.Prompt exchange(NeRequest request, Policy policy, int maxAttempts) throws PumpException {
        NeReply reply = exchangeAny(request, policy, maxAttempts);
        String text = request.command() + request.arguments();
        return switch (reply) {
            case NeReply.Prompt p -> p;
            case NeReply.Refused r -> throw new PumpRefusedException(text, NeMapping.errorOf(r.error()),
                    NeMapping.modeOf(r.status()), NeMapping.explain(r.error()));
            case NeReply.Alarm a -> throw new PumpAlarmException(text, NeMapping.alarmOf(a.alarm()), link.describe()
                    + " answered '" + text + "' with alarm " + NeMapping.alarmOf(a.alarm())
                    + ": the command was not executed and is not re-sent");
        };
    }

    /**
     * Runs one command to a final reply: a prompt, a non-retryable refusal, or (for commands that must not be
     * re-sent after an alarm) the alarm. Alarm replies are recorded here. Silence is tried {@code maxAttempts} times;
     * a damaged reply (CRC failure, malformed, {@code ?COM}, {@code ?IGN}) is over as soon as it is seen and is tried
     * again up to {@code garbledRetries} more times (SR-D7: noise is not a lost link), none when {@code maxAttempts}
     * is 1 (probing the framing).
     */
    NeReply exchangeAny(NeRequest request, Policy policy, int maxAttempts) throws PumpException {
        String text = request.command() + request.arguments();
        int silent = 0;
        int garbled = 0;
        int garbledBudget = maxAttempts <= 1 ? 0 : settings.garbledRetries();
        int alarmAcks = 0;
        String lastProblem = "";
        while (true) {
            drainStale(text);
            send(NeFrames.request(framing, request.payload()), text);
            Optional<NeReply> got = awaitReply(text);
            if (got.isPresent()) {
                NeReply reply = got.get();
                switch (reply) {
                    case NeReply.Prompt p -> {
                        return p;
                    }
                    case NeReply.Alarm a -> {
                        record(a, false, text);
                        if (!policy.resendAfterAlarm() || ++alarmAcks > MAX_ALARM_ACKNOWLEDGEMENTS) {
                            return a;
                        }
                        continue; // an acknowledged alarm is not a failed attempt
                    }
                    case NeReply.Refused r -> {
                        if (!r.error().retryable()) {
                            return r;
                        }
                        statistics.garbled();
                        if (++garbled > garbledBudget) {
                            return r;
                        }
                        lastProblem = "pump answered " + r.error().wire();
                        LOG.warn("{}: '{}' answered {}, retrying", link.describe(), text, r.error().wire());
                        if (policy.alreadyDone() != null && settledByStatus(policy, text)) {
                            return new NeReply.Prompt(settings.address(), lastStatusSeen, "");
                        }
                        continue;
                    }
                }
            }
            lastProblem = lastAwaitProblem;
            if (lastAwaitDamaged) {
                statistics.garbled();
                garbled++;
            } else {
                statistics.silent();
                silent++;
            }
            if (silent >= maxAttempts || garbled > garbledBudget) {
                throw new PumpTimeoutException(text, settings.replyTimeout(), silent + garbled,
                        link.describe() + (lastProblem.isEmpty() ? ", no bytes received" : ", " + lastProblem));
            }
            LOG.warn("{}: no valid reply to '{}' ({}), retrying", link.describe(), text,
                    lastProblem.isEmpty() ? "silence" : lastProblem);
            if (policy.alreadyDone() != null && settledByStatus(policy, text)) {
                return new NeReply.Prompt(settings.address(), lastStatusSeen, "");
            }
        }
    }

    /** For commands that must not be repeated blindly: true when a status query shows it already took effect. */
    private boolean settledByStatus(Policy policy, String text) throws PumpException {
        NeReply.Prompt st = exchange(NeRequest.statusQuery(settings.address()), Policy.IDEMPOTENT, 1 + settings.retries());
        lastStatusSeen = st.status();
        boolean done = policy.alreadyDone().test(st.status());
        LOG.info("{}: status before re-sending '{}' is {}: {}", link.describe(), text, st.status(),
                done ? "it took effect, not re-sending" : "re-sending");
        return done;
    }

    /** Parses whatever has already arrived; alarms are recorded, stale replies dropped with a log line. */
    private void drainStale(String text) throws PumpException {
        readArrived(text);
        for (Optional<NeFrameEvent> e = nextEvent(); e.isPresent(); e = nextEvent()) {
            if (e.get() instanceof NeFrameEvent.Frame f) {
                Optional<NeReply> r = NeReply.tryParse(f.payload());
                if (r.isPresent() && r.get() instanceof NeReply.Alarm a && a.address() == settings.address()) {
                    record(a, true, "");
                } else {
                    LOG.info("{}: dropping stale frame '{}' before '{}'", link.describe(), NeFrames.printable(f.payload()),
                            text);
                }
            } else if (e.get() instanceof NeFrameEvent.Corrupt c) {
                LOG.info("{}: dropping corrupt stale bytes before '{}': {}", link.describe(), text, c.reason());
            }
        }
        // A partial frame left over from before this command can only be noise now.
        decoder.discardPartial();
    }

    /** Reads until a reply from our address, or the deadline. Empty means no valid reply (see lastAwaitProblem). */
    private Optional<NeReply> awaitReply(String text) throws PumpException {
        long deadline = time.monotonicNanos() + settings.replyTimeout().toNanos();
        NeReply.Alarm pendingAlarm = null;
        lastAwaitProblem = "";
        lastAwaitDamaged = false;
        while (true) {
            for (Optional<NeFrameEvent> e = nextEvent(); e.isPresent(); e = nextEvent()) {
                switch (e.get()) {
                    case NeFrameEvent.Corrupt c -> {
                        // The damaged frame is over: ask again now rather than wait out the deadline (SR-D7).
                        lastAwaitProblem = "corrupt reply (" + c.reason() + ": " + c.seen() + ")";
                        return damaged(pendingAlarm);
                    }
                    case NeFrameEvent.Frame f -> {
                        Optional<NeReply> parsed = NeReply.tryParse(f.payload());
                        if (parsed.isEmpty()) {
                            lastAwaitProblem = "malformed reply '" + NeFrames.printable(f.payload()) + "'";
                            return damaged(pendingAlarm);
                        }
                        NeReply reply = parsed.get();
                        if (reply.address() != settings.address()) {
                            LOG.warn("{}: ignoring reply from address {} ('{}')", link.describe(), reply.address(),
                                    reply.payload());
                            continue;
                        }
                        framing = f.framing();
                        if (reply instanceof NeReply.Alarm a && f.framing() == NeFraming.SAFE && pendingAlarm == null) {
                            // In safe mode an unsolicited alarm may precede the real reply: wait briefly for one.
                            pendingAlarm = a;
                            deadline = Math.min(deadline, time.monotonicNanos() + settings.alarmSettle().toNanos());
                            continue;
                        }
                        if (pendingAlarm != null) {
                            record(pendingAlarm, true, "");
                        }
                        if (reply instanceof NeReply.Prompt p) {
                            lastStatusSeen = p.status();
                        } else if (reply instanceof NeReply.Refused r) {
                            lastStatusSeen = r.status();
                        }
                        statistics.validReply(time.monotonicNanos());
                        return Optional.of(reply);
                    }
                }
            }
            if (time.monotonicNanos() - deadline >= 0) {
                if (pendingAlarm != null) {
                    statistics.validReply(time.monotonicNanos());
                }
                return Optional.ofNullable(pendingAlarm);
            }
            readMore(deadline, text);
        }
    }

    /** A damaged reply ended the wait; an alarm that came just before it was unsolicited. */
    private Optional<NeReply> damaged(NeReply.Alarm pendingAlarm) {
        lastAwaitDamaged = true;
        if (pendingAlarm != null) {
            statistics.validReply(time.monotonicNanos());
            record(pendingAlarm, true, "");
        }
        return Optional.empty();
    }
}
