package org.dosewarden.pump.newera;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.DeliveredVolume;
import org.dosewarden.pump.LinkLostException;
import org.dosewarden.pump.LinkState;
import org.dosewarden.pump.PumpAlarm;
import org.dosewarden.pump.PumpAlarmEvent;
import org.dosewarden.pump.PumpAlarmException;
import org.dosewarden.pump.PumpDirection;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.PumpError;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpIdentity;
import org.dosewarden.pump.PumpLinkLostException;
import org.dosewarden.pump.PumpMode;
import org.dosewarden.pump.PumpProtocolException;
import org.dosewarden.pump.PumpRefusedException;
import org.dosewarden.pump.PumpStatus;
import org.dosewarden.pump.PumpTimeoutException;
import org.dosewarden.pump.PumpVerificationException;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PumpDriver} for the New Era NE-500/1000/1600/4000 family over any {@link Transport}.
 *
 * <p>Transaction rules (pump-protocols.md §1, §4.5):
 * <ul>
 *   <li>One outstanding command: send, then read until a reply from our address or the reply deadline.</li>
 *   <li>Before every send, bytes already received are parsed, so an unsolicited safe-mode alarm is recorded
 *       rather than flushed.</li>
 *   <li>Timeouts, CRC/framing failures, {@code ?COM} and {@code ?IGN} are retried up to the configured number of
 *       times. Commands whose repetition is not harmless ({@code RUN}, a pausing {@code STP}) read the status first
 *       and are only re-sent if the first attempt demonstrably did not take effect.</li>
 *   <li>An alarm reply ({@code A?x}) means the command was not executed: the alarm is recorded and the command
 *       re-sent, except {@code RUN}/{@code PUR}, which fail with {@link PumpAlarmException}.</li>
 *   <li>The framing the pump last answered in is the framing used for the next request.</li>
 *   <li>A lost link closes the transport; a later call reconnects after a doubling backoff and re-syncs (status
 *       query in the expected framing, then the other) before anything else is sent.</li>
 * </ul>
 * Not thread-safe: one owner thread (the channel's) calls it; {@link #close()} may come from anywhere.
 */
public final class NeDriver implements PumpDriver {

    private static final Logger LOG = LoggerFactory.getLogger(NeDriver.class);

    /** A command is re-sent at most this many times because of alarm replies (each acknowledges one alarm). */
    private static final int MAX_ALARM_ACKNOWLEDGEMENTS = 5;

    /** How a command may be repeated. */
    private record Policy(boolean resendAfterAlarm, Predicate<NeStatus> alreadyDone) {
        static final Policy IDEMPOTENT = new Policy(true, null);
    }

    private static final Policy RUN = new Policy(false, s -> s != NeStatus.STOPPED && s != NeStatus.PAUSED);
    private static final Policy PAUSE = new Policy(true, s -> !s.motorMayRun() && s != NeStatus.PAUSE_PHASE
            && s != NeStatus.WAITING_TRIGGER);

    private final Transport transport;
    private final TimeSource time;
    private final NeDriverSettings settings;
    private final NeFrameDecoder decoder = NeFrameDecoder.forReplies();
    private final byte[] readBuffer = new byte[512];
    private final ArrayDeque<PumpAlarmEvent> alarms = new ArrayDeque<>();

    private NeFraming framing;
    private volatile LinkState linkState = LinkState.DISCONNECTED;
    private long nextConnectNanos;
    private boolean connectAttempted;
    private Duration backoff;
    /** The prompt of the last reply from our pump. */
    private NeStatus lastStatusSeen = NeStatus.STOPPED;
    /** Why the last {@link #awaitReply} found no valid reply ("" for silence). */
    private String lastAwaitProblem = "";

    public NeDriver(Transport transport, TimeSource time, NeDriverSettings settings) {
        this.transport = transport;
        this.time = time;
        this.settings = settings;
        this.framing = settings.initialFraming();
        this.backoff = settings.backoffInitial();
    }

    public NeDriverSettings settings() {
        return settings;
    }

    /** The framing requests are currently sent in (follows the pump's last reply and {@code SAF}). */
    public NeFraming framing() {
        return framing;
    }

    public String describe() {
        return "New Era pump " + settings.address() + " on " + transport.describe();
    }

    // --- PumpDriver ------------------------------------------------------------------------------

    @Override
    public PumpStatus connect() throws PumpException {
        if (linkState != LinkState.CONNECTED || !transport.isOpen()) {
            openAndSync("");
        }
        return status();
    }

    @Override
    public LinkState linkState() {
        return linkState;
    }

    @Override
    public PumpIdentity identify() throws PumpException {
        NeReply.Prompt p = transact("VER", "", Policy.IDEMPOTENT);
        NeVersion v = parseData("VER", p.data(), NeVersion::parse);
        return new PumpIdentity(v.model(), v.firmware());
    }

    @Override
    public PumpStatus status() throws PumpException {
        NeReply.Prompt p = transact("", "", Policy.IDEMPOTENT);
        return statusOf(p.status());
    }

    @Override
    public SyringeDiameter configureDiameter(SyringeDiameter diameter) throws PumpException {
        BigDecimal wanted;
        try {
            wanted = NeNumber.floor(diameter.millimetres());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("syringe diameter " + diameter + " does not fit the pump's number format: "
                    + e.getMessage(), e);
        }
        if (wanted.signum() == 0) {
            throw new IllegalArgumentException("syringe diameter " + diameter + " is below the pump's resolution 0.001 mm");
        }
        transact("DIA", NeNumber.format(wanted), Policy.IDEMPOTENT);
        NeReply.Prompt back = transact("DIA", "", Policy.IDEMPOTENT);
        BigDecimal confirmed = parseData("DIA", back.data(), NeNumber::parse);
        if (confirmed.compareTo(wanted) != 0) {
            throw new PumpVerificationException("DIA" + NeNumber.format(wanted), describe() + " reports diameter "
                    + confirmed.toPlainString() + " mm after being set to " + NeNumber.format(wanted) + " mm");
        }
        return new SyringeDiameter(confirmed);
    }

    @Override
    public FlowRate setRate(FlowRate rate) throws PumpException {
        if (rate.isZero()) {
            throw new IllegalArgumentException("a rate of 0 cannot be programmed; pause or stop the pump instead");
        }
        if (transact("", "", Policy.IDEMPOTENT).status() == NeStatus.STOPPED) {
            selectPhase(1); // the rate belongs to the phase that RUN starts
        }
        NeReply.Prompt current = transact("RAT", "", Policy.IDEMPOTENT);
        NeRate currentRate = parseData("RAT", current.data(), NeRate::parse);
        Optional<NeRate> chosen;
        if (current.status().motorMayRun()) {
            // New Era pumps cannot change rate units while pumping (?NA); stay in the current unit.
            chosen = NeRate.floorOf(rate, currentRate.unit());
            if (chosen.isEmpty()) {
                throw new IllegalArgumentException("rate " + rate + " cannot be expressed in " + currentRate.unit()
                        + " (0.001..9999) and the unit cannot change while the pump runs; pause first");
            }
        } else {
            chosen = NeRate.floorOf(rate);
            if (chosen.isEmpty()) {
                throw new IllegalArgumentException("rate " + rate + " cannot be expressed in any New Era rate unit "
                        + "(at most 9999 mL/min)");
            }
        }
        NeRate wanted = chosen.get();
        transact("RAT", wanted.wire(), Policy.IDEMPOTENT);
        NeReply.Prompt back = transact("RAT", "", Policy.IDEMPOTENT);
        NeRate confirmed = parseData("RAT", back.data(), NeRate::parse);
        if (confirmed.unit() != wanted.unit() || confirmed.value().compareTo(wanted.value()) != 0) {
            throw new PumpVerificationException("RAT" + wanted.wire(), describe() + " reports rate " + confirmed.wire()
                    + " after being set to " + wanted.wire());
        }
        return confirmed.flowRateFloor();
    }

    @Override
    public void prepareSingleStepProgram() throws PumpException {
        ensureSinglePhaseProgram();
    }

    @Override
    public FlowRate readRate() throws PumpException {
        NeReply.Prompt p = transact("RAT", "", Policy.IDEMPOTENT);
        NeRate rate = parseData("RAT", p.data(), NeRate::parse);
        return FlowRate.ofMicrolitresPerHour(rate.microlitresPerHour().setScale(0, RoundingMode.CEILING).longValueExact());
    }

    @Override
    public Volume setVolumeToBeInfused(Volume volume) throws PumpException {
        if (transact("", "", Policy.IDEMPOTENT).status() == NeStatus.STOPPED) {
            ensureSinglePhaseProgram();
        }
        NeReply.Prompt current = transact("VOL", "", Policy.IDEMPOTENT);
        NeVolume currentVolume = parseData("VOL", current.data(), NeVolume::parse);
        NeVolume wanted = chooseVolume(volume, currentVolume.unit());
        if (wanted.unit() != currentVolume.unit()) {
            transact("VOL", wanted.unit().name(), Policy.IDEMPOTENT);
        }
        transact("VOL", wanted.wireNumber(), Policy.IDEMPOTENT);
        NeReply.Prompt back = transact("VOL", "", Policy.IDEMPOTENT);
        NeVolume confirmed = parseData("VOL", back.data(), NeVolume::parse);
        if (confirmed.unit() != wanted.unit() || confirmed.value().compareTo(wanted.value()) != 0) {
            throw new PumpVerificationException("VOL" + wanted.wireNumber(), describe() + " reports volume to be infused "
                    + confirmed + " after being set to " + wanted);
        }
        return confirmed.volume(RoundingMode.DOWN);
    }

    /**
     * Makes the pump's program the one the volume limit relies on: phase 1 pumps at the rate until the
     * volume to be infused, phase 2 stops, phase 1 selected. Without phase 2 = STP a leftover program could
     * carry on pumping after the VTBI. Only settings that differ are written (NVRAM wear). Pump stopped.
     */
    private void ensureSinglePhaseProgram() throws PumpException {
        selectPhase(1);
        ensureFunction("RAT");
        selectPhase(2);
        ensureFunction("STP");
        selectPhase(1);
    }

    private void selectPhase(int phase) throws PumpException {
        String wanted = Integer.toString(phase);
        BigDecimal current = parseData("PHN", transact("PHN", "", Policy.IDEMPOTENT).data(), NeNumber::parse);
        if (current.compareTo(BigDecimal.valueOf(phase)) == 0) {
            return;
        }
        transact("PHN", wanted, Policy.IDEMPOTENT);
        BigDecimal back = parseData("PHN", transact("PHN", "", Policy.IDEMPOTENT).data(), NeNumber::parse);
        if (back.compareTo(BigDecimal.valueOf(phase)) != 0) {
            throw new PumpVerificationException("PHN" + wanted, describe() + " reports phase " + back.toPlainString()
                    + " after selecting phase " + wanted);
        }
    }

    private void ensureFunction(String function) throws PumpException {
        if (transact("FUN", "", Policy.IDEMPOTENT).data().equals(function)) {
            return;
        }
        transact("FUN", function, Policy.IDEMPOTENT);
        String back = transact("FUN", "", Policy.IDEMPOTENT).data();
        if (!back.equals(function)) {
            throw new PumpVerificationException("FUN" + function, describe() + " reports phase function '" + back
                    + "' after setting " + function);
        }
    }

    /** Keeps the current unit when it expresses the volume exactly; otherwise the unit that comes closest. */
    private static NeVolume chooseVolume(Volume volume, NeVolumeUnit currentUnit) {
        NeVolumeUnit other = currentUnit == NeVolumeUnit.UL ? NeVolumeUnit.ML : NeVolumeUnit.UL;
        Optional<NeVolume> inCurrent = NeVolume.floorOf(volume, currentUnit);
        Optional<NeVolume> inOther = NeVolume.floorOf(volume, other);
        BigDecimal exact = BigDecimal.valueOf(volume.microlitres());
        if (inCurrent.isPresent() && inCurrent.get().microlitres().compareTo(exact) == 0) {
            return inCurrent.get();
        }
        if (inOther.isPresent() && (inCurrent.isEmpty()
                || inOther.get().microlitres().compareTo(inCurrent.get().microlitres()) > 0)) {
            return inOther.get();
        }
        return inCurrent.orElseThrow(() -> new IllegalArgumentException("volume to be infused " + volume
                + " does not fit the pump's number format (at most 9999 mL)"));
    }

    @Override
    public void setDirection(PumpDirection direction) throws PumpException {
        String wire = direction == PumpDirection.INFUSE ? "INF" : "WDR";
        if (transact("", "", Policy.IDEMPOTENT).status() == NeStatus.STOPPED) {
            selectPhase(1);
        }
        transact("DIR", wire, Policy.IDEMPOTENT);
        NeReply.Prompt back = transact("DIR", "", Policy.IDEMPOTENT);
        if (!back.data().equals(wire)) {
            throw new PumpVerificationException("DIR" + wire, describe() + " reports direction '" + back.data()
                    + "' after being set to " + wire);
        }
    }

    @Override
    public PumpStatus start() throws PumpException {
        if (!alarms.isEmpty()) {
            // An alarm seen on the wire (even one a status query acknowledged) needs a person first (SR-C2).
            PumpAlarmEvent first = alarms.peekFirst();
            throw new PumpAlarmException("RUN", first.alarm(), describe() + " reported alarm " + first.alarm()
                    + " and it has not been acknowledged (takeAlarms); not starting");
        }
        NeReply.Prompt reply = transact("RUN", "", RUN);
        NeStatus after = reply.status();
        if (!RUN.alreadyDone().test(after)) {
            after = transact("", "", Policy.IDEMPOTENT).status();
        }
        if (!RUN.alreadyDone().test(after)) {
            throw new PumpVerificationException("RUN", describe() + " did not start: it reports " + modeOf(after)
                    + " after RUN");
        }
        return statusOf(after);
    }

    @Override
    public PumpStatus pause() throws PumpException {
        NeStatus now = transact("", "", Policy.IDEMPOTENT).status();
        if (PAUSE.alreadyDone().test(now)) {
            return statusOf(now);
        }
        transact("STP", "", PAUSE);
        NeStatus after = transact("", "", Policy.IDEMPOTENT).status();
        if (!PAUSE.alreadyDone().test(after)) {
            throw new PumpVerificationException("STP", describe() + " did not pause: it reports " + modeOf(after));
        }
        return statusOf(after);
    }

    @Override
    public PumpStatus stop() throws PumpException {
        NeStatus now = transact("", "", Policy.IDEMPOTENT).status();
        // STP from running pauses, STP from paused stops: at most two are needed, one spare for a phase change.
        for (int i = 0; i < 3 && now != NeStatus.STOPPED; i++) {
            now = transact("STP", "", Policy.IDEMPOTENT).status();
        }
        NeStatus after = transact("", "", Policy.IDEMPOTENT).status();
        if (after != NeStatus.STOPPED) {
            throw new PumpVerificationException("STP", describe() + " did not stop: it reports " + modeOf(after));
        }
        return statusOf(after);
    }

    @Override
    public DeliveredVolume readDelivered() throws PumpException {
        NeDispensed d = dispensed();
        return new DeliveredVolume(d.infusedVolume(RoundingMode.UP), d.withdrawnVolume(RoundingMode.UP));
    }

    /** The raw {@code DIS} answer, exact and with its unit. */
    public NeDispensed dispensed() throws PumpException {
        NeReply.Prompt p = transact("DIS", "", Policy.IDEMPOTENT);
        return parseData("DIS", p.data(), NeDispensed::parse);
    }

    @Override
    public void clearDelivered() throws PumpException {
        transact("CLD", "INF", Policy.IDEMPOTENT);
        transact("CLD", "WDR", Policy.IDEMPOTENT);
        NeDispensed d = dispensed();
        if (d.infused().signum() != 0 || d.withdrawn().signum() != 0) {
            throw new PumpVerificationException("CLD", describe() + " still reports " + d.wire() + " after clearing");
        }
    }

    @Override
    public void armWatchdog(Duration timeout) throws PumpException {
        long seconds = timeout.getSeconds();
        if (timeout.getNano() != 0 || seconds < settings.watchdogMinSeconds() || seconds > settings.watchdogMaxSeconds()) {
            throw new IllegalArgumentException("watchdog timeout must be whole seconds within "
                    + settings.watchdogMinSeconds() + ".." + settings.watchdogMaxSeconds() + " s, was " + timeout);
        }
        setSafeMode((int) seconds);
    }

    @Override
    public void disarmWatchdog() throws PumpException {
        setSafeMode(0);
    }

    private void setSafeMode(int seconds) throws PumpException {
        String command = "SAF" + seconds;
        ensureConnected(command);
        NeRequest request = NeRequest.of(settings.address(), "SAF", Integer.toString(seconds));
        try {
            exchange(request, Policy.IDEMPOTENT, 1);
        } catch (PumpTimeoutException first) {
            // The pump may have switched framing and answered in a way we missed: find its framing, then resend.
            LOG.warn("{}: no reply to {}, re-syncing framing before one more attempt", describe(), command);
            syncFraming(command);
            exchange(request, Policy.IDEMPOTENT, 1 + settings.retries());
        }
        framing = seconds > 0 ? NeFraming.SAFE : NeFraming.BASIC;
        NeReply.Prompt back = transact("SAF", "", Policy.IDEMPOTENT);
        BigDecimal confirmed = parseData("SAF", back.data(), NeNumber::parse);
        if (confirmed.compareTo(BigDecimal.valueOf(seconds)) != 0) {
            throw new PumpVerificationException(command, describe() + " reports safe-mode timeout "
                    + confirmed.toPlainString() + " s after being set to " + seconds + " s");
        }
    }

    @Override
    public PumpStatus heartbeat() throws PumpException {
        return status();
    }

    @Override
    public List<PumpAlarmEvent> takeAlarms() {
        List<PumpAlarmEvent> taken = new ArrayList<>(alarms);
        alarms.clear();
        return taken;
    }

    /**
     * Sends {@code text} as one request payload (the address is prepended unless the text starts with a digit or
     * {@code *}) and returns the reply. For commissioning: nothing is verified. An alarm reply is recorded and the
     * command re-sent, except RUN and PUR.
     */
    public NeReply raw(String text) throws PumpException {
        String payload = text.isEmpty() || Character.isDigit(text.charAt(0)) || text.charAt(0) == '*'
                ? text : settings.address() + text;
        NeRequest request;
        try {
            request = NeRequest.parse(NeFraming.SAFE, NeRequest.normalizeBasic(payload));
        } catch (NeFormatException e) {
            throw new IllegalArgumentException("raw command '" + text + "' is not a New Era request: " + e.getMessage(), e);
        }
        ensureConnected(request.command() + request.arguments());
        boolean moves = request.command().equals("RUN") || request.command().equals("PUR");
        return exchangeAny(request, moves ? RUN : Policy.IDEMPOTENT, 1 + settings.retries());
    }

    @Override
    public void close() {
        transport.close();
        linkState = LinkState.DISCONNECTED;
    }

    // --- transactions ----------------------------------------------------------------------------

    private NeReply.Prompt transact(String command, String args, Policy policy) throws PumpException {
        ensureConnected(command + args);
        return exchange(NeRequest.of(settings.address(), command, args), policy, 1 + settings.retries());
    }

    private NeReply.Prompt exchange(NeRequest request, Policy policy, int maxAttempts) throws PumpException {
        NeReply reply = exchangeAny(request, policy, maxAttempts);
        String text = request.command() + request.arguments();
        return switch (reply) {
            case NeReply.Prompt p -> p;
            case NeReply.Refused r -> throw new PumpRefusedException(text, errorOf(r.error()), modeOf(r.status()),
                    explain(r.error()));
            case NeReply.Alarm a -> throw new PumpAlarmException(text, alarmOf(a.alarm()), describe() + " answered '"
                    + text + "' with alarm " + alarmOf(a.alarm()) + ": the command was not executed and is not re-sent");
        };
    }

    /**
     * Runs one command to a final reply: a prompt, a non-retryable refusal, or (for commands that must not be
     * re-sent after an alarm) the alarm. Alarm replies are recorded here.
     */
    private NeReply exchangeAny(NeRequest request, Policy policy, int maxAttempts) throws PumpException {
        String text = request.command() + request.arguments();
        int attempts = 0;
        int alarmAcks = 0;
        String lastProblem = "";
        while (true) {
            attempts++;
            drainStale(text);
            send(request, text);
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
                        attempts--; // an acknowledged alarm is not a failed attempt
                        continue;
                    }
                    case NeReply.Refused r -> {
                        if (!r.error().retryable() || attempts >= maxAttempts) {
                            return r;
                        }
                        lastProblem = "pump answered " + r.error().wire();
                        LOG.warn("{}: '{}' answered {}, retrying", describe(), text, r.error().wire());
                        if (policy.alreadyDone() != null && settledByStatus(policy, text)) {
                            return new NeReply.Prompt(settings.address(), lastStatusSeen, "");
                        }
                        continue;
                    }
                }
            }
            lastProblem = lastAwaitProblem;
            if (attempts >= maxAttempts) {
                throw new PumpTimeoutException(text, settings.replyTimeout(), attempts,
                        describe() + (lastProblem.isEmpty() ? ", no bytes received" : ", " + lastProblem));
            }
            LOG.warn("{}: no valid reply to '{}' ({}), retrying", describe(), text,
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
        LOG.info("{}: status before re-sending '{}' is {}: {}", describe(), text, st.status(),
                done ? "it took effect, not re-sending" : "re-sending");
        return done;
    }

    private void send(NeRequest request, String text) throws PumpException {
        byte[] frame = NeFrames.request(framing, request.payload());
        try {
            transport.write(frame);
        } catch (IOException e) {
            throw linkLost(text, e);
        }
    }

    /** Parses whatever has already arrived; alarms are recorded, stale replies dropped with a log line. */
    private void drainStale(String text) throws PumpException {
        long now = time.monotonicNanos();
        try {
            while (true) {
                int n = transport.read(readBuffer, 0, readBuffer.length, now);
                if (n <= 0) {
                    break;
                }
                decoder.feed(readBuffer, 0, n);
            }
        } catch (IOException e) {
            throw linkLost(text, e);
        }
        for (Optional<NeFrameEvent> e = decoder.next(); e.isPresent(); e = decoder.next()) {
            if (e.get() instanceof NeFrameEvent.Frame f) {
                Optional<NeReply> r = NeReply.tryParse(f.payload());
                if (r.isPresent() && r.get() instanceof NeReply.Alarm a && a.address() == settings.address()) {
                    record(a, true, "");
                } else {
                    LOG.info("{}: dropping stale frame '{}' before '{}'", describe(), NeFrames.printable(f.payload()), text);
                }
            } else if (e.get() instanceof NeFrameEvent.Corrupt c) {
                LOG.info("{}: dropping corrupt stale bytes before '{}': {}", describe(), text, c.reason());
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
        try {
            while (true) {
                for (Optional<NeFrameEvent> e = decoder.next(); e.isPresent(); e = decoder.next()) {
                    switch (e.get()) {
                        case NeFrameEvent.Corrupt c -> lastAwaitProblem = "corrupt reply (" + c.reason() + ": " + c.seen() + ")";
                        case NeFrameEvent.Frame f -> {
                            Optional<NeReply> parsed = NeReply.tryParse(f.payload());
                            if (parsed.isEmpty()) {
                                lastAwaitProblem = "malformed reply '" + NeFrames.printable(f.payload()) + "'";
                                continue;
                            }
                            NeReply reply = parsed.get();
                            if (reply.address() != settings.address()) {
                                LOG.warn("{}: ignoring reply from address {} ('{}')", describe(), reply.address(),
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
                            return Optional.of(reply);
                        }
                    }
                }
                if (time.monotonicNanos() - deadline >= 0) {
                    return Optional.ofNullable(pendingAlarm);
                }
                int n = transport.read(readBuffer, 0, readBuffer.length, deadline);
                if (n > 0) {
                    decoder.feed(readBuffer, 0, n);
                }
            }
        } catch (IOException e) {
            throw linkLost(text, e);
        }
    }

    private void record(NeReply.Alarm a, boolean unsolicited, String command) {
        PumpAlarmEvent event = new PumpAlarmEvent(alarmOf(a.alarm()), unsolicited, command, time.wallTime());
        alarms.add(event);
        LOG.warn("{}: pump alarm {} {}", describe(), event.alarm(), unsolicited ? "(sent unsolicited)"
                : "in reply to " + (command.isEmpty() ? "a status query" : "'" + command + "'") + ", which was not executed");
    }

    // --- link ------------------------------------------------------------------------------------

    private void ensureConnected(String command) throws PumpException {
        if (linkState == LinkState.CONNECTED && transport.isOpen()) {
            return;
        }
        long now = time.monotonicNanos();
        if (connectAttempted && now - nextConnectNanos < 0) {
            throw new PumpLinkLostException(command, "link to " + describe() + " is down; next reconnect attempt in "
                    + Duration.ofNanos(nextConnectNanos - now).toMillis() + " ms", null);
        }
        openAndSync(command);
    }

    private void openAndSync(String command) throws PumpException {
        connectAttempted = true;
        linkState = LinkState.CONNECTING;
        try {
            transport.open();
        } catch (IOException e) {
            throw linkLost(command, e);
        }
        decoder.reset();
        syncFraming(command);
        linkState = LinkState.CONNECTED;
        backoff = settings.backoffInitial();
        LOG.debug("{}: connected, {} framing", describe(), framing);
    }

    /** Status queries alternating the framings until the pump answers; the answer's framing is the pump's. */
    private void syncFraming(String command) throws PumpException {
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
        linkState = LinkState.DISCONNECTED;
        scheduleReconnect();
        transport.close();
        throw new PumpTimeoutException(command, settings.replyTimeout(), 2 * (settings.retries() + 1),
                describe() + " does not answer a status query in basic or safe framing (wrong port, address or baud?)"
                        + (last == null ? "" : "; last: " + last.getMessage()));
    }

    private PumpLinkLostException linkLost(String command, IOException e) {
        transport.close();
        linkState = LinkState.DISCONNECTED;
        scheduleReconnect();
        String why = e instanceof LinkLostException ? e.getMessage() : e.toString();
        LOG.warn("{}: link lost: {}; reconnecting in {} ms", describe(), why,
                Duration.ofNanos(nextConnectNanos - time.monotonicNanos()).toMillis());
        return new PumpLinkLostException(command, "link to " + describe() + " lost" + (command.isEmpty() ? "" : " during '"
                + command + "'") + ": " + why, e);
    }

    private void scheduleReconnect() {
        nextConnectNanos = time.monotonicNanos() + backoff.toNanos();
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : doubled;
        if (backoff.isZero()) {
            backoff = settings.backoffMax();
        }
    }

    // --- mapping ---------------------------------------------------------------------------------

    private PumpStatus statusOf(NeStatus s) {
        return new PumpStatus(modeOf(s), List.copyOf(alarms));
    }

    /** Maps a New Era prompt to the canonical mode. */
    public static PumpMode modeOf(NeStatus s) {
        return switch (s) {
            case INFUSING -> PumpMode.INFUSING;
            case WITHDRAWING -> PumpMode.WITHDRAWING;
            case STOPPED -> PumpMode.STOPPED;
            case PAUSED -> PumpMode.PAUSED;
            case PAUSE_PHASE -> PumpMode.PAUSE_PHASE;
            case WAITING_TRIGGER -> PumpMode.WAITING_TRIGGER;
            case PURGING -> PumpMode.PURGING;
        };
    }

    /** Maps a New Era alarm code to the canonical alarm. */
    public static PumpAlarm alarmOf(NeAlarm a) {
        return switch (a) {
            case RESET -> PumpAlarm.RESET;
            case STALL -> PumpAlarm.STALL;
            case COMM_TIMEOUT -> PumpAlarm.COMM_TIMEOUT;
            case PROGRAM_ERROR -> PumpAlarm.PROGRAM_ERROR;
            case PHASE_OUT_OF_RANGE -> PumpAlarm.PHASE_OUT_OF_RANGE;
        };
    }

    /** Maps a New Era command error to the canonical error. */
    public static PumpError errorOf(NeError e) {
        return switch (e) {
            case NOT_RECOGNIZED -> PumpError.NOT_RECOGNIZED;
            case NOT_APPLICABLE -> PumpError.NOT_APPLICABLE;
            case OUT_OF_RANGE -> PumpError.OUT_OF_RANGE;
            case BAD_PACKET -> PumpError.BAD_PACKET;
            case IGNORED -> PumpError.IGNORED;
        };
    }

    private static String explain(NeError e) {
        return switch (e) {
            case NOT_RECOGNIZED -> "command not recognised";
            case NOT_APPLICABLE -> "not applicable in the pump's current state (stop it first?)";
            case OUT_OF_RANGE -> "value out of range for this pump and syringe";
            case BAD_PACKET -> "the pump kept receiving a damaged packet";
            case IGNORED -> "the pump kept ignoring it while a phase started";
        };
    }

    @FunctionalInterface
    private interface DataParser<T> {
        T parse(String data) throws NeFormatException;
    }

    private <T> T parseData(String command, String data, DataParser<T> parser) throws PumpProtocolException {
        try {
            return parser.parse(data);
        } catch (NeFormatException e) {
            throw new PumpProtocolException(command, describe() + " answered '" + command + "' with unreadable data: "
                    + e.getMessage());
        }
    }
}
