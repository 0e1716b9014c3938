package org.dosewarden.sim;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.pump.LinkLostException;

/**
 * A simulated syringe pump of any protocol family on one serial line: what the transports ({@link SimTransport},
 * {@link StreamLine}, {@link TcpPumpServer}, {@link PtyBridge}) and the control language ({@link ControlCommands})
 * need, whatever the pump speaks. The family's subclass ({@link SimulatedPump}: New Era NE-1000,
 * {@link SimulatedUltraPump}: Harvard/KD Scientific "Ultra") decodes what arrives, answers, and runs its physics on
 * the injected {@link TimeSource}; this class owns the line ({@link SimulatedLine}) and its faults.
 *
 * <p>Bytes from the host go in with {@link #receive}; bytes for the host come out of {@link #takeOutput}. Both happen
 * "now" by the time source, so with a {@link org.dosewarden.clock.ManualTimeSource} an hour of infusion is one
 * {@code advance} call. Nothing runs in the background: whoever serves the line calls {@link #tick()} (or
 * {@link #takeOutput()}) often enough; {@link #nextEventNanos()} says when the next spontaneous thing happens.
 *
 * <p>Thread-safe: every method synchronises on this object, so a test thread may inject faults while a channel
 * thread talks to the pump.
 */
public abstract sealed class SimulatedDevice permits SimulatedPump, SimulatedUltraPump {

    private final String name;
    private final TimeSource time;
    private final FaultInjector faults = new FaultInjector(this);
    final SimulatedLine line;

    SimulatedDevice(DeviceBuilder<?> b) {
        this.name = b.name;
        this.time = b.time;
        this.line = new SimulatedLine(name, b.replyLatency.toNanos(), b.seed);
    }

    /**
     * The options every simulated pump has, each with a named default; the family's builder adds its own.
     *
     * @param <B> the family's builder, so that options chain in any order
     */
    public abstract static class DeviceBuilder<B extends DeviceBuilder<B>> {
        final TimeSource time;
        private final BigDecimal minDiameterMm;
        private final BigDecimal maxDiameterMm;
        private final int diameterDecimals;
        String name = "default";
        int address = 0;
        BigDecimal diameterMm = new BigDecimal("26.59");  // BD 60 mL, the clinic's usual syringe
        Duration replyLatency = Duration.ZERO;
        long seed = 1;                                      // deterministic garbling and noise in tests

        DeviceBuilder(TimeSource time, BigDecimal minDiameterMm, BigDecimal maxDiameterMm, int diameterDecimals) {
            this.time = Objects.requireNonNull(time, "time");
            this.minDiameterMm = minDiameterMm;
            this.maxDiameterMm = maxDiameterMm;
            this.diameterDecimals = diameterDecimals;
        }

        abstract B self();

        /** Name used by {@code sim:NAME} URIs and in {@link SimTransport#describe()}: 1-40 of {@code [A-Za-z0-9_.-]}. */
        public B name(String name) {
            if (!name.matches("[A-Za-z0-9_.-]{1,40}")) {
                throw new IllegalArgumentException("simulator name must be 1-40 of [A-Za-z0-9_.-]: '" + name + "'");
            }
            this.name = name;
            return self();
        }

        /** Network address, 0..99. */
        public B address(int address) {
            if (address < 0 || address > 99) {
                throw new IllegalArgumentException("pump address must be 0..99: " + address);
            }
            this.address = address;
            return self();
        }

        /** Syringe inside diameter in mm, within the family's range (stored in the pump's memory). */
        public B diameterMm(BigDecimal mm) {
            if (mm.compareTo(minDiameterMm) < 0 || mm.compareTo(maxDiameterMm) > 0
                    || mm.stripTrailingZeros().scale() > diameterDecimals) {
                throw new IllegalArgumentException("syringe diameter must be " + minDiameterMm.toPlainString() + ".."
                        + maxDiameterMm.toPlainString() + " mm with at most " + diameterDecimals + " decimals: "
                        + mm.toPlainString() + " mm");
            }
            this.diameterMm = mm;
            return self();
        }

        /** Delay between a command and its reply, on the pump's clock (default none). */
        public B replyLatency(Duration latency) {
            if (latency.isNegative() || latency.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("reply latency must be 0..10 s: " + latency);
            }
            this.replyLatency = latency;
            return self();
        }

        /** Seed of the random source used by the garbling and line-noise faults. */
        public B seed(long seed) {
            this.seed = seed;
            return self();
        }
    }

    // =====================================================================================  the family's part

    /** The protocol family, as device profiles name it ({@code newera}, {@code ultra}). */
    public abstract String family();

    /**
     * Bytes from the host arrive at the pump now. Complete commands are carried out at once and their replies queued
     * for {@link #takeOutput()}. Bytes arriving while nobody holds the line (no transport open), while the pump is
     * off or while it is "deaf" (silence fault) are lost; line noise is applied on the way.
     */
    public final synchronized void receive(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        long now = settle();
        if (!model().powered()) {
            return;
        }
        byte[] heard = line.fromHost(data, offset, length, now);
        if (heard != null) {
            hear(heard, now);
        }
    }

    /** What the powered pump heard of the host's bytes, now: decoded, carried out, answered. */
    abstract void hear(byte[] heard, long now);

    /** The pump's physics, program and timers brought up to {@code now}; unsolicited frames queued. */
    void settleTo(long now) {
        model().advanceTo(now);
    }

    /** Monotonic time of the next thing the pump does by itself, or {@link Long#MAX_VALUE}. */
    final long internalNextEventNanos() {
        return model().nextInternalEvent();
    }

    /** The line was taken or given up: a partial command is forgotten. */
    abstract void lineChanged();

    /** The baud rate the pump is set to (a pty ignores it). */
    public abstract int baud();

    /** One line for the control channel: what the pump is doing. */
    public abstract String statusLine();

    /** The pump below its command set: power, syringe drive, events on time, faults on physics. */
    abstract PumpModel model();

    // =====================================================================================  what every pump has

    /**
     * The physical truth up to now: every nanolitre that really left (infused) or entered (withdrawn) the
     * syringe since this simulator was created, including free flow, never cleared.
     */
    public final synchronized DispensedVolume truth() {
        settle();
        return model().truth();
    }

    /**
     * What the pump's own counters would report now, exact in nL before any display rounding: the motor's counters
     * since the last clear or power-up, times the under-reporting fault.
     */
    public final synchronized DispensedVolume reportedDispensed() {
        settle();
        return model().reported();
    }

    /** The motor stalls; the pump shows it as its family does (New Era: A?S latched, Ultra: the prompt *). */
    final synchronized void stall() {
        long now = time.monotonicNanos();
        model().stall(now);
        settleTo(now);
    }

    /** The stall is cleared at the pump (Ultra: at its display); nothing for a family that clears it over the line. */
    void clearStall() {
    }

    /** Power goes: nothing more is heard or sent, queued replies are lost. */
    final synchronized void powerOff() {
        model().powerOff(time.monotonicNanos());
        line.clearOutput();
        lineChanged();
    }

    /** Power comes back (after going, if it had not): the pump starts as after switching on. */
    final synchronized void powerOn() {
        long now = time.monotonicNanos();
        if (model().powered()) {
            model().powerOff(now);
        }
        model().powerOn(now);
        lineChanged();
        settleTo(now);
    }

    final synchronized void rateFactor(BigDecimal factor) {
        settle();
        model().rateFactor(factor);
    }

    final synchronized void ignoreVolumeLimit(boolean ignore) {
        settle();
        model().ignoresVolumeLimit(ignore);
    }

    final synchronized void freeFlow(long nlPerHour, boolean seenByPump) {
        settle();
        model().freeFlow(nlPerHour, seenByPump);
    }

    final synchronized void underReport(BigDecimal fraction) {
        settle();
        model().reportedFraction(fraction);
    }

    /** The fault switches acting on physics, with the line's. */
    final synchronized ActiveFaults activeFaults() {
        return model().faults(line, time.monotonicNanos());
    }

    // =====================================================================================  the line

    public String name() {
        return name;
    }

    public TimeSource time() {
        return time;
    }

    /** The fault switches of this pump. */
    public FaultInjector faults() {
        return faults;
    }

    public void receive(byte[] data) {
        receive(data, 0, data.length);
    }

    /** Everything the pump has sent that is due by now (possibly nothing), in order. */
    public synchronized byte[] takeOutput() {
        return line.takeOutput(settle());
    }

    /** Brings physics, programs and timers up to now; queues any unsolicited frame. */
    public synchronized void tick() {
        settle();
    }

    /**
     * Monotonic time (of the pump's time source) of the next thing that happens without a command: a queued reply
     * falling due, the end of a volume limit, a watchdog expiry; {@link Long#MAX_VALUE} when nothing is pending.
     */
    public synchronized long nextEventNanos() {
        return Math.min(internalNextEventNanos(), line.nextOutputNanos());
    }

    /** What crossed the line so far: bytes, and bytes damaged by line noise. */
    public synchronized LineStatistics lineStatistics() {
        return line.statistics();
    }

    /** True when the pump has nothing queued for the host (a test's clock may then move on). */
    public synchronized boolean outputEmpty() {
        settle();
        return line.outputEmpty();
    }

    /** The time now, after physics has been brought up to it. */
    final long settle() {
        long now = time.monotonicNanos();
        settleTo(now);
        return now;
    }

    synchronized void addOutputListener(Runnable listener) {
        line.addListener(listener);
    }

    synchronized void removeOutputListener(Runnable listener) {
        line.removeListener(listener);
    }

    /** Takes the line, as opening the serial port does; only one holder at a time. */
    synchronized void attach(Object owner) throws LinkLostException {
        settle();
        line.attach(owner);
        lineChanged();
    }

    synchronized void detach(Object owner) {
        if (line.detach(owner)) {
            lineChanged();
        }
    }

    synchronized boolean holdsLine(Object owner) {
        return line.holdsLine(owner);
    }

    // =====================================================================================  faults on the line

    synchronized void deafFor(long nanos) {
        long now = settle();
        line.deafUntil(nanos == Long.MAX_VALUE ? Long.MAX_VALUE : now + nanos);
        lineChanged();
    }

    synchronized void muteFor(long nanos) {
        long now = settle();
        line.muteUntil(nanos == Long.MAX_VALUE ? Long.MAX_VALUE : now + nanos);
    }

    synchronized void endSilence() {
        settle();
        line.endSilence();
    }

    synchronized boolean silent() {
        return line.silent(time.monotonicNanos());
    }

    synchronized void garble(int percent, Garbling how) {
        line.garble(percent, how);
    }

    synchronized int garblePercent() {
        return line.garblePercent();
    }

    synchronized void noise(BigDecimal percent) {
        settle();
        line.noise(percent);
    }

    synchronized void unplug() {
        settle();
        line.unplug();
        lineChanged();
    }

    synchronized void plugIn() {
        line.plugIn();
    }

    synchronized boolean pluggedIn() {
        return line.pluggedIn();
    }
}
