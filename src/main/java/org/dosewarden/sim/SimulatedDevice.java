package org.dosewarden.sim;

import java.math.BigDecimal;
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

    SimulatedDevice(String name, TimeSource time, long replyLatencyNanos, long seed) {
        this.name = Objects.requireNonNull(name, "name");
        this.time = Objects.requireNonNull(time, "time");
        this.line = new SimulatedLine(name, replyLatencyNanos, seed);
    }

    /** Checks a simulator name: 1-40 of {@code [A-Za-z0-9_.-]} (it appears in {@code sim:NAME} ports). */
    static String checkedName(String name) {
        if (!name.matches("[A-Za-z0-9_.-]{1,40}")) {
            throw new IllegalArgumentException("simulator name must be 1-40 of [A-Za-z0-9_.-]: '" + name + "'");
        }
        return name;
    }

    // =====================================================================================  the family's part

    /** The protocol family, as device profiles name it ({@code newera}, {@code ultra}). */
    public abstract String family();

    /** Bytes from the host arrive at the pump now; complete commands are carried out and answered. */
    public abstract void receive(byte[] data, int offset, int length);

    /** The pump's physics, program and timers brought up to {@code now}; unsolicited frames queued. */
    abstract void settleTo(long now);

    /** Monotonic time of the next thing the pump does by itself, or {@link Long#MAX_VALUE}. */
    abstract long internalNextEventNanos();

    /** The line was taken or given up: a partial command is forgotten. */
    abstract void lineChanged();

    /** The baud rate the pump is set to (a pty ignores it). */
    public abstract int baud();

    /** One line for the control channel: what the pump is doing. */
    public abstract String statusLine();

    /**
     * The physical truth up to now: every nanolitre that really left (infused) or entered (withdrawn) the
     * syringe since this simulator was created, including free flow, never cleared.
     */
    public abstract DispensedVolume truth();

    /** What the pump's own counters would report now, exact in nL before any display rounding. */
    public abstract DispensedVolume reportedDispensed();

    abstract void stall();

    /** The stall is cleared at the pump (Ultra: at its display); nothing for a family that clears it over the line. */
    void clearStall() {
    }

    abstract void powerOff();

    abstract void powerOn();

    abstract void rateFactor(BigDecimal factor);

    abstract void ignoreVolumeLimit(boolean ignore);

    abstract void freeFlow(long nlPerHour, boolean seenByPump);

    abstract void underReport(BigDecimal fraction);

    /** The fault switches acting on physics, with the line's. */
    abstract ActiveFaults activeFaults();

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
