package org.dosewarden.pump.newera;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.DeliveredVolume;
import org.dosewarden.pump.PumpDirection;
import org.dosewarden.pump.PumpDriver;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpIdentity;
import org.dosewarden.pump.PumpStatus;
import org.dosewarden.pump.PumpTimeoutException;
import org.dosewarden.pump.PumpVerificationException;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.Transport;
import org.dosewarden.pump.line.DriverLink;
import org.dosewarden.pump.line.ExchangeDriver;
import org.dosewarden.pump.newera.NeDriverExchange.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PumpDriver} for the New Era NE-500/1000/1600/4000 family over any {@link Transport}: the operations,
 * each a short sequence of commands with its read-back. How one command reaches a final reply (retries, alarm
 * acknowledgement, framing, stale bytes) is {@link NeDriverExchange}; the link and its reconnect backoff is
 * {@link DriverLink}; the mapping of prompts, alarms and errors to the port's types is {@link NeMapping}.
 *
 * <p>Not thread-safe: one owner thread (the channel's) calls it; {@link #close()} may come from anywhere.
 */
public final class NeDriver extends ExchangeDriver<NeDriverExchange> {

    private static final Logger LOG = LoggerFactory.getLogger(NeDriver.class);

    private final NeDriverSettings settings;
    private final NeProgram program;
    /** The connection epoch in which phase 1 was last made to infuse; see {@link NeDriverExchange#epoch()}. */
    private long infusePreparedInEpoch = -1;

    public NeDriver(Transport transport, TimeSource time, NeDriverSettings settings) {
        this(new DriverLink(transport, time, "New Era pump " + settings.address(), settings.backoffInitial(),
                settings.backoffMax()), time, settings);
    }

    private NeDriver(DriverLink link, TimeSource time, NeDriverSettings settings) {
        super(link, new NeDriverExchange(link, time, settings));
        this.settings = settings;
        this.program = new NeProgram(exchange, link);
    }

    public NeDriverSettings settings() {
        return settings;
    }

    /** The framing requests are currently sent in (follows the pump's last reply and {@code SAF}). */
    public NeFraming framing() {
        return exchange.framing();
    }

    // --- PumpDriver ------------------------------------------------------------------------------

    @Override
    public PumpIdentity identify() throws PumpException {
        NeReply.Prompt p = exchange.transact("VER", "", Policy.IDEMPOTENT);
        NeVersion v = exchange.parseData("VER", p.data(), NeVersion::parse);
        return new PumpIdentity(v.model(), v.firmware());
    }

    @Override
    public PumpStatus status() throws PumpException {
        NeReply.Prompt p = exchange.transact("", "", Policy.IDEMPOTENT);
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
        exchange.transact("DIA", NeNumber.format(wanted), Policy.IDEMPOTENT);
        NeReply.Prompt back = exchange.transact("DIA", "", Policy.IDEMPOTENT);
        BigDecimal confirmed = exchange.parseData("DIA", back.data(), NeNumber::parse);
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
        if (exchange.transact("", "", Policy.IDEMPOTENT).status() == NeStatus.STOPPED) {
            program.selectPhase(1); // the rate belongs to the phase that RUN starts
        }
        NeReply.Prompt current = exchange.transact("RAT", "", Policy.IDEMPOTENT);
        NeRate currentRate = exchange.parseData("RAT", current.data(), NeRate::parse);
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
        exchange.transact("RAT", wanted.wire(), Policy.IDEMPOTENT);
        NeReply.Prompt back = exchange.transact("RAT", "", Policy.IDEMPOTENT);
        NeRate confirmed = exchange.parseData("RAT", back.data(), NeRate::parse);
        if (confirmed.unit() != wanted.unit() || confirmed.value().compareTo(wanted.value()) != 0) {
            throw new PumpVerificationException("RAT" + wanted.wire(), describe() + " reports rate " + confirmed.wire()
                    + " after being set to " + wanted.wire());
        }
        return confirmed.flowRateFloor();
    }

    /**
     * Loads the pumping program the volume limit relies on (pump stopped): one phase that pumps at the set rate
     * until the volume to be infused, then a stop phase. {@link #setVolumeToBeInfused} does this itself; this is
     * for commissioning. Verified by reading the program back.
     */
    public void prepareSingleStepProgram() throws PumpException {
        program.ensureSinglePhaseProgram();
    }

    @Override
    public FlowRate readRate() throws PumpException {
        NeReply.Prompt p = exchange.transact("RAT", "", Policy.IDEMPOTENT);
        NeRate rate = exchange.parseData("RAT", p.data(), NeRate::parse);
        return FlowRate.ofMicrolitresPerHour(rate.microlitresPerHour().setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /**
     * {@inheritDoc}
     *
     * <p>New Era: the volume to be infused ({@code VOL}) of phase 1 of a one-phase program followed by a stop phase,
     * so that the pump stops itself at the VTBI instead of running on; once per connection (and after a power reset)
     * the phase's direction is made INF. Only settings that differ are written (NVRAM wear).
     */
    @Override
    public Volume setVolumeToBeInfused(Volume volume) throws PumpException {
        if (exchange.transact("", "", Policy.IDEMPOTENT).status() == NeStatus.STOPPED) {
            program.ensureSinglePhaseProgram();
            if (infusePreparedInEpoch != exchange.epoch()) {
                program.ensureDirection("INF");
                infusePreparedInEpoch = exchange.epoch();
            }
        }
        NeReply.Prompt current = exchange.transact("VOL", "", Policy.IDEMPOTENT);
        NeVolume currentVolume = exchange.parseData("VOL", current.data(), NeVolume::parse);
        NeVolume wanted = NeProgram.chooseVolume(volume, currentVolume.unit());
        if (wanted.unit() != currentVolume.unit()) {
            exchange.transact("VOL", wanted.unit().name(), Policy.IDEMPOTENT);
        }
        exchange.transact("VOL", wanted.wireNumber(), Policy.IDEMPOTENT);
        NeReply.Prompt back = exchange.transact("VOL", "", Policy.IDEMPOTENT);
        NeVolume confirmed = exchange.parseData("VOL", back.data(), NeVolume::parse);
        if (confirmed.unit() != wanted.unit() || confirmed.value().compareTo(wanted.value()) != 0) {
            throw new PumpVerificationException("VOL" + wanted.wireNumber(), describe() + " reports volume to be infused "
                    + confirmed + " after being set to " + wanted);
        }
        return confirmed.volume(RoundingMode.DOWN);
    }

    /**
     * Sets the direction of the next run (pump stopped, or running with no volume limit), for commissioning;
     * supervision only infuses ({@link #setVolumeToBeInfused} prepares that).
     */
    public void setDirection(PumpDirection direction) throws PumpException {
        String wire = direction == PumpDirection.INFUSE ? "INF" : "WDR";
        if (exchange.transact("", "", Policy.IDEMPOTENT).status() == NeStatus.STOPPED) {
            program.selectPhase(1);
        }
        exchange.transact("DIR", wire, Policy.IDEMPOTENT);
        NeReply.Prompt back = exchange.transact("DIR", "", Policy.IDEMPOTENT);
        if (!back.data().equals(wire)) {
            throw new PumpVerificationException("DIR" + wire, describe() + " reports direction '" + back.data()
                    + "' after being set to " + wire);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>New Era: the infused counter is read before {@code RUN}. A program short enough to be over before a lost
     * reply is followed up (a small remainder, a quarter of the time at the daemon's time factor 4) leaves the pump
     * STOPPED with its counter moved: that is a start that happened, and {@code RUN} is not sent again, which would
     * run the program once more from its first phase. STOPPED with the counter where it was is a start that did not
     * happen.
     */
    @Override
    public PumpStatus start() throws PumpException {
        // Read first, so that an alarm this read brings in refuses the start like any other pending alarm.
        BigDecimal before = dispensed().infusedMicrolitres();
        refuseStartWhileAlarmPending("RUN");
        Policy run = new Policy(Policy.RUN.resendAfterAlarm(),
                status -> Policy.RUN.alreadyDone().test(status) || ranSince(status, before));
        NeReply.Prompt reply = exchange.transact("RUN", "", run);
        NeStatus after = reply.status();
        if (!Policy.RUN.alreadyDone().test(after)) {
            after = exchange.transact("", "", Policy.IDEMPOTENT).status();
        }
        if (!Policy.RUN.alreadyDone().test(after)) {
            if (ranSince(after, before)) {
                LOG.info("{}: the program ran to its end before RUN was confirmed (infused counter {} uL before it)",
                        describe(), before.toPlainString());
                return statusOf(after);
            }
            throw new PumpVerificationException("RUN", describe() + " did not start: it reports " + NeMapping.modeOf(after)
                    + " after RUN");
        }
        return statusOf(after);
    }

    /** STOPPED with the infused counter above {@code beforeMicrolitres}: the program ran since it was read. */
    private boolean ranSince(NeStatus status, BigDecimal beforeMicrolitres) throws PumpException {
        return status == NeStatus.STOPPED && dispensed().infusedMicrolitres().compareTo(beforeMicrolitres) > 0;
    }

    @Override
    public PumpStatus pause() throws PumpException {
        NeStatus now = exchange.transact("", "", Policy.IDEMPOTENT).status();
        if (Policy.PAUSE.alreadyDone().test(now)) {
            return statusOf(now);
        }
        exchange.transact("STP", "", Policy.PAUSE);
        NeStatus after = exchange.transact("", "", Policy.IDEMPOTENT).status();
        if (!Policy.PAUSE.alreadyDone().test(after)) {
            throw new PumpVerificationException("STP", describe() + " did not pause: it reports " + NeMapping.modeOf(after));
        }
        return statusOf(after);
    }

    @Override
    public PumpStatus stop() throws PumpException {
        NeStatus now = exchange.transact("", "", Policy.IDEMPOTENT).status();
        // STP from running pauses, STP from paused stops: at most two are needed, one spare for a phase change.
        for (int i = 0; i < 3 && now != NeStatus.STOPPED; i++) {
            now = exchange.transact("STP", "", Policy.IDEMPOTENT).status();
        }
        NeStatus after = exchange.transact("", "", Policy.IDEMPOTENT).status();
        if (after != NeStatus.STOPPED) {
            throw new PumpVerificationException("STP", describe() + " did not stop: it reports " + NeMapping.modeOf(after));
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
        NeReply.Prompt p = exchange.transact("DIS", "", Policy.IDEMPOTENT);
        return exchange.parseData("DIS", p.data(), NeDispensed::parse);
    }

    @Override
    public void clearDelivered() throws PumpException {
        exchange.transact("CLD", "INF", Policy.IDEMPOTENT);
        exchange.transact("CLD", "WDR", Policy.IDEMPOTENT);
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
        exchange.ensureConnected(command);
        NeRequest request = NeRequest.of(settings.address(), "SAF", Integer.toString(seconds));
        try {
            exchange.exchange(request, Policy.IDEMPOTENT, 1);
        } catch (PumpTimeoutException first) {
            // The pump may have switched framing and answered in a way we missed: find its framing, then resend.
            LOG.warn("{}: no reply to {}, re-syncing framing before one more attempt", describe(), command);
            exchange.syncFraming(command);
            exchange.exchange(request, Policy.IDEMPOTENT, 1 + settings.retries());
        }
        exchange.framing(seconds > 0 ? NeFraming.SAFE : NeFraming.BASIC);
        NeReply.Prompt back = exchange.transact("SAF", "", Policy.IDEMPOTENT);
        BigDecimal confirmed = exchange.parseData("SAF", back.data(), NeNumber::parse);
        if (confirmed.compareTo(BigDecimal.valueOf(seconds)) != 0) {
            throw new PumpVerificationException(command, describe() + " reports safe-mode timeout "
                    + confirmed.toPlainString() + " s after being set to " + seconds + " s");
        }
    }

    /** Keeps the safe-mode watchdog fed; the same as {@link #status()}. */
    public PumpStatus heartbeat() throws PumpException {
        return status();
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
        exchange.ensureConnected(request.command() + request.arguments());
        boolean moves = request.command().equals("RUN") || request.command().equals("PUR");
        return exchange.exchangeAny(request, moves ? Policy.RUN : Policy.IDEMPOTENT, 1 + settings.retries());
    }

    private PumpStatus statusOf(NeStatus s) {
        return statusOf(NeMapping.modeOf(s));
    }
}
