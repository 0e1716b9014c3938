package org.dosewarden.pump.ultra;

import java.util.Optional;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.PumpAlarm;
import org.dosewarden.pump.PumpAlarmEvent;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpProtocolException;
import org.dosewarden.pump.PumpRefusedException;
import org.dosewarden.pump.PumpTimeoutException;
import org.dosewarden.pump.line.DriverLink;
import org.dosewarden.pump.line.PumpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange and retry engine under an {@link UltraDriver}: one command at a time to a final reply.
 *
 * <ul>
 *   <li>One outstanding command: send, then read until a reply from our address, a damaged reply, or the reply
 *       deadline. Bytes already received are parsed and dropped before every send.</li>
 *   <li>Line noise is not silence (SR-D7). A damaged reply is known to be over when its XON arrives and is asked
 *       for again at once, up to {@code garbledRetries} times; an error reply may answer a command garbled on its
 *       way and is asked again, and believed when the same error comes {@value #ERROR_BELIEVED_AFTER} times in a
 *       row. Silence is retried
 *       {@code retries} times.</li>
 *   <li>The prompt of every reply is noted: a prompt seen in two consecutive replies is the pump's confirmed state,
 *       and a confirmed {@code *} (stall) is recorded as one {@link PumpAlarm#STALL} until the prompt shows the stall
 *       gone. One damaged prompt never raises or clears an alarm.</li>
 *   <li>A session is set up on every connect: {@code poll on} (replies end in XON), then {@code nvram none} (settings
 *       sent from here are not written to the pump's memory), read back. A reply that comes without XON later means
 *       the pump forgot the session: it restarted. That is recorded as {@link PumpAlarm#RESET} and the session set
 *       up again before the command is sent once more.</li>
 * </ul>
 */
final class UltraExchange extends PumpExchange<UltraReplyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(UltraExchange.class);
    /**
     * An error reply is believed when the same error comes this many times in a row: with 2 % of bytes damaged a
     * five-letter command word is garbled about one time in ten, so six garbled commands in a row happen about once
     * in a million commands, while a real refusal costs five extra round trips of a few milliseconds.
     */
    static final int ERROR_BELIEVED_AFTER = 6;

    /** Whether a command that must not be repeated blindly took effect, judged on the pump's confirmed prompt. */
    @FunctionalInterface
    interface TookEffect {
        boolean test(UltraPrompt confirmed) throws PumpException;
    }

    /** What one attempt got. */
    private sealed interface Outcome {
        record Answer(UltraReply reply, boolean terminated) implements Outcome {}

        record Damaged(String why) implements Outcome {}

        record Silence() implements Outcome {}
    }

    private final UltraDriverSettings settings;
    private final UltraReplyDecoder decoder;

    private UltraPrompt lastPrompt;
    private UltraPrompt confirmedPrompt;
    private boolean stallRecorded;
    /** Counts connections and detected restarts: what the driver set up in an earlier epoch may be gone. */
    private long epoch;

    UltraExchange(DriverLink link, TimeSource time, UltraDriverSettings settings) {
        this(link, time, settings, new UltraReplyDecoder());
    }

    private UltraExchange(DriverLink link, TimeSource time, UltraDriverSettings settings, UltraReplyDecoder decoder) {
        super(link, time, decoder);
        this.settings = settings;
        this.decoder = decoder;
    }

    long epoch() {
        return epoch;
    }

    // --- alarms ------------------------------------------------------------------------------------

    private void record(PumpAlarm alarm, String command, String pumpCode) {
        keepAlarm(new PumpAlarmEvent(alarm, false, command, time.wallTime(), pumpCode));
        LOG.warn("{}: pump alarm {} ({}) with the reply to {}", link.describe(), alarm, pumpCode,
                command.isEmpty() ? "a status query" : "'" + command + "'");
    }

    /** Notes a reply's prompt; two equal prompts in a row confirm the pump's state (see the class comment). */
    private void notePrompt(UltraPrompt prompt, String command) {
        if (prompt == lastPrompt) {
            confirmedPrompt = prompt;
        }
        lastPrompt = prompt;
        if (confirmedPrompt == UltraPrompt.STALLED && !stallRecorded) {
            stallRecorded = true;
            record(PumpAlarm.STALL, command, "*");
        } else if (confirmedPrompt != null && confirmedPrompt != UltraPrompt.STALLED) {
            stallRecorded = false;
        }
    }

    // --- connecting --------------------------------------------------------------------------------

    /** Opens the link and sets the session up, whatever state the link was in. */
    @Override
    public void connect(String command) throws PumpException {
        link.open(command);
        decoder.discardPartial();
        lastPrompt = null;
        confirmedPrompt = null;
        try {
            startSession(command);
        } catch (PumpTimeoutException e) {
            link.syncFailed();
            throw new PumpTimeoutException(command, settings.replyTimeout(), e.attempts(), link.describe()
                    + " does not answer 'poll on' (wrong port, address or baud?)");
        }
        link.synced();
        LOG.debug("{}: connected, poll mode on, nvram none", link.describe());
    }

    /**
     * {@code poll on}, answered with or without XON (a pump that just powered up is not in poll mode yet), then
     * {@code nvram none}, read back.
     */
    private void startSession(String command) throws PumpException {
        epoch++;
        UltraReply poll = exchange(UltraRequest.of(settings.address(), "poll", "on"), true);
        if (poll.error().isPresent()) {
            throw new PumpRefusedException("poll on", UltraMapping.errorOf(poll.error().get()),
                    UltraMapping.modeOf(poll.prompt()), "the pump does not take 'poll on', which dosewarden needs to "
                            + "know where a reply ends");
        }
        UltraReply nvram = transactConnected("nvram", "none");
        UltraReply back = transactConnected("nvram", "");
        if (!back.firstLine().toLowerCase(java.util.Locale.ROOT).contains("none")) {
            throw new org.dosewarden.pump.PumpVerificationException("nvram none", link.describe()
                    + " reports non-volatile memory '" + back.firstLine() + "' after 'nvram none'");
        }
        LOG.debug("{}: nvram none confirmed ({})", link.describe(), nvram.prompt());
    }

    // --- transactions ------------------------------------------------------------------------------

    /** One command to this pump, connecting first if needed; an error reply believed by repetition is thrown. */
    UltraReply transact(String command, String arguments) throws PumpException {
        ensureConnected(command + (arguments.isEmpty() ? "" : " " + arguments));
        return transactConnected(command, arguments);
    }

    /**
     * A command that answers with the prompt alone (a setting, {@code stp}, {@code cvolume}): a reply with a data
     * line that is not an error is an error reply damaged on the line ({@code Unknown commcnd}), never a success,
     * and the command is sent again.
     */
    UltraReply transactPlain(String command, String arguments) throws PumpException {
        for (int damaged = 0; ; damaged++) {
            UltraReply reply = transact(command, arguments);
            if (reply.lines().isEmpty()) {
                return reply;
            }
            statistics.garbled();
            if (damaged >= settings.garbledRetries()) {
                throw new PumpProtocolException(command, link.describe() + ": '" + command + " " + arguments
                        + "' answered with data '" + reply.firstLine() + "' " + (damaged + 1) + " times (line noise?)");
            }
            LOG.info("{}: '{} {}' answered with data '{}', a damaged error reply: sending it again", link.describe(),
                    command, arguments, reply.firstLine());
        }
    }

    private UltraReply transactConnected(String command, String arguments) throws PumpException {
        UltraRequest request = UltraRequest.of(settings.address(), command, arguments);
        UltraReply reply = exchange(request, false);
        if (reply.error().isPresent()) {
            UltraError e = reply.error().get();
            throw new PumpRefusedException(request.text(), UltraMapping.errorOf(e), UltraMapping.modeOf(reply.prompt()),
                    UltraMapping.explain(e) + (reply.lines().size() > 1 ? " (" + String.join(" ",
                            reply.lines().subList(1, reply.lines().size())).strip() + ")" : ""));
        }
        return reply;
    }

    /**
     * Sends {@code request} until an answer is believed (see the class comment). An error reply is returned once it
     * came {@value #ERROR_BELIEVED_AFTER} times in a row (or the noise budget is spent). {@code acceptUnterminated}: a reply without XON is the
     * answer (only for {@code poll on}); otherwise it means the pump restarted.
     */
    UltraReply exchange(UltraRequest request, boolean acceptUnterminated) throws PumpException {
        return exchange(request, acceptUnterminated, null);
    }

    /**
     * As {@link #exchange(UltraRequest, boolean)}, for a command that must not be repeated blindly ({@code irun}):
     * before every repeat the pump's confirmed state is read, and when {@code alreadyDone} holds for it the command
     * took effect and that state is the answer.
     */
    UltraReply exchange(UltraRequest request, boolean acceptUnterminated, TookEffect alreadyDone)
            throws PumpException {
        return exchange(request, acceptUnterminated, alreadyDone, false);
    }

    /**
     * As {@link #exchange(UltraRequest, boolean, TookEffect)}, for a command the pump answers with
     * the prompt alone ({@code irun}): a reply with a data line that is not an error is an error reply damaged on the
     * line ({@code Unknown commamd}), so the command was not carried out; it is asked again like any damaged reply,
     * never taken as the answer.
     */
    UltraReply exchangePlain(UltraRequest request, TookEffect alreadyDone) throws PumpException {
        return exchange(request, false, alreadyDone, true);
    }

    private UltraReply exchange(UltraRequest request, boolean acceptUnterminated, TookEffect alreadyDone,
            boolean plain) throws PumpException {
        String text = request.text();
        boolean first = true;
        int silent = 0;
        int garbled = 0;
        UltraError lastError = null;
        int sameError = 0;
        String lastProblem = "";
        while (true) {
            if (!first && alreadyDone != null) {
                UltraReply state = confirmedStatus(text);
                if (alreadyDone.test(state.prompt())) {
                    LOG.info("{}: '{}' took effect (pump {}), not sending it again", link.describe(), text,
                            state.prompt());
                    return state;
                }
            }
            first = false;
            drainStale(text);
            send(request.encode(), text);
            Outcome outcome = awaitReply(text);
            switch (outcome) {
                case Outcome.Answer a -> {
                    if (!a.terminated() && !acceptUnterminated) {
                        if (restarted(text)) {
                            continue;
                        }
                        // One XON lost on the line, not a restart: a damaged reply like any other.
                        garbled++;
                        statistics.garbled();
                        if (garbled > settings.garbledRetries()) {
                            throw new PumpProtocolException(text, link.describe() + ": " + garbled
                                    + " damaged replies to '" + text + "' (line noise)");
                        }
                        continue;
                    }
                    notePrompt(a.reply().prompt(), text);
                    Optional<UltraError> error = a.reply().error();
                    if (plain && error.isEmpty() && !a.reply().lines().isEmpty()) {
                        garbled++;
                        statistics.garbled();
                        lastProblem = "data '" + a.reply().firstLine() + "' in the reply";
                        if (garbled > settings.garbledRetries()) {
                            throw new PumpProtocolException(text, link.describe() + ": " + garbled
                                    + " damaged replies to '" + text + "' (line noise); last: " + lastProblem);
                        }
                        LOG.info("{}: '{}' answered with data '{}', a damaged error reply: asking again",
                                link.describe(), text, a.reply().firstLine());
                        continue;
                    }
                    sameError = error.isPresent() && error.get() == lastError ? sameError + 1 : 1;
                    if (error.isEmpty() || sameError >= ERROR_BELIEVED_AFTER || garbled >= settings.garbledRetries()) {
                        return a.reply();
                    }
                    // A garbled command is answered with an error too: an error is believed once it comes
                    // ERROR_BELIEVED_AFTER times in a row.
                    lastError = error.get();
                    garbled++;
                    statistics.garbled();
                    LOG.info("{}: '{}' answered '{}'; asking again in case the command was garbled", link.describe(),
                            text, a.reply().firstLine());
                }
                case Outcome.Damaged d -> {
                    garbled++;
                    statistics.garbled();
                    lastProblem = d.why();
                    if (garbled > settings.garbledRetries()) {
                        throw new PumpProtocolException(text, link.describe() + ": " + garbled + " damaged replies to '"
                                + text + "' (line noise); last: " + d.why());
                    }
                    LOG.info("{}: damaged reply to '{}' ({}), asking again", link.describe(), text, d.why());
                }
                case Outcome.Silence s -> {
                    silent++;
                    statistics.silent();
                    if (silent > settings.retries()) {
                        throw new PumpTimeoutException(text, settings.replyTimeout(), silent + garbled,
                                link.describe() + (lastProblem.isEmpty() ? ", no reply" : ", last: " + lastProblem));
                    }
                    LOG.warn("{}: no reply to '{}', retrying", link.describe(), text);
                }
            }
        }
    }

    /** Status queries until two consecutive prompts agree; the later reply. */
    UltraReply confirmedStatus(String command) throws PumpException {
        UltraRequest query = UltraRequest.statusQuery(settings.address());
        UltraReply earlier = exchange(query, false);
        for (int i = 0; i < 2 + settings.garbledRetries(); i++) {
            UltraReply later = exchange(query, false);
            if (later.prompt() == earlier.prompt()) {
                return later;
            }
            earlier = later;
        }
        throw new PumpProtocolException(command, link.describe() + ": no two consecutive status replies agree "
                + "(line noise?); last prompt " + earlier.prompt().wire());
    }

    /**
     * A reply came without XON. If a status query is answered without XON too, the pump forgot {@code poll on},
     * which it does only when it restarts: its counters and unsaved settings are gone, a {@link PumpAlarm#RESET} is
     * recorded and the session set up again (true). A status query answered with XON means the first XON was lost on
     * the line (false).
     */
    private boolean restarted(String command) throws PumpException {
        drainStale(command);
        send(UltraRequest.statusQuery(settings.address()).encode(), command);
        if (awaitReply(command) instanceof Outcome.Answer probe && !probe.terminated()) {
            LOG.warn("{}: replies to '{}' and a status query came without poll mode: the pump restarted",
                    link.describe(), command);
            notePrompt(probe.reply().prompt(), command);
            record(PumpAlarm.RESET, command, "poll mode off");
            startSession(command);
            return true;
        }
        return false;
    }

    /** Parses whatever has already arrived and drops it: replies to nobody, or noise. */
    private void drainStale(String text) throws PumpException {
        readArrived(text);
        for (Optional<UltraReplyEvent> e = nextEvent(); e.isPresent(); e = nextEvent()) {
            switch (e.get()) {
                case UltraReplyEvent.Reply r -> LOG.info("{}: dropping a stale reply '{}' before '{}'", link.describe(),
                        UltraReply.printable(new String(r.reply().encode(true), java.nio.charset.StandardCharsets.ISO_8859_1)),
                        text);
                case UltraReplyEvent.Garbled g -> LOG.info("{}: dropping damaged stale bytes before '{}': {}",
                        link.describe(), text, g.reason());
            }
        }
        decoder.discardPartial();
    }

    /** Reads until a reply from our address, a damaged reply, or the deadline. */
    private Outcome awaitReply(String text) throws PumpException {
        long deadline = time.monotonicNanos() + settings.replyTimeout().toNanos();
        while (true) {
            for (Optional<UltraReplyEvent> e = nextEvent(); e.isPresent(); e = nextEvent()) {
                switch (e.get()) {
                    case UltraReplyEvent.Garbled g -> {
                        return new Outcome.Damaged(g.reason() + ": '" + g.seen() + "'");
                    }
                    case UltraReplyEvent.Reply r -> {
                        if (r.reply().address() != settings.address()) {
                            // On a daisy chain a damaged address digit looks like another pump: noise either way.
                            return new Outcome.Damaged("reply from address " + r.reply().address());
                        }
                        statistics.validReply(time.monotonicNanos());
                        return new Outcome.Answer(r.reply(), true);
                    }
                }
            }
            if (time.monotonicNanos() - deadline >= 0) {
                if (decoder.pending() == 0) {
                    return new Outcome.Silence();
                }
                Optional<UltraReply> plain = decoder.unterminated();
                if (plain.isPresent() && plain.get().address() == settings.address()) {
                    statistics.validReply(time.monotonicNanos());
                    return new Outcome.Answer(plain.get(), false);
                }
                String seen = "bytes without XON";
                decoder.discardPartial();
                return new Outcome.Damaged(seen);
            }
            readMore(deadline, text);
        }
    }
}
