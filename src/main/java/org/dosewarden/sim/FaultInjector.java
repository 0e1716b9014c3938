package org.dosewarden.sim;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * Runtime fault switches of one {@link SimulatedDevice}. Every method is thread-safe and takes effect at the
 * pump's "now": physics up to this instant is settled with the old behaviour first.
 */
public final class FaultInjector {

    private static final BigDecimal MAX_RATE_FACTOR = BigDecimal.valueOf(100);

    private final SimulatedDevice pump;

    FaultInjector(SimulatedDevice pump) {
        this.pump = pump;
    }

    /**
     * The motor stalls now (occlusion, end of travel): the motor and the program stop. New Era: status S and A?S
     * latches (in safe mode an unsolicited {@code A?S} packet goes out); Ultra: every prompt is {@code *} until the
     * stall is cleared at the pump ({@link #clearStall()}).
     */
    public void stall() {
        pump.stall();
    }

    /** Someone clears a stall at the pump's display (Ultra); a New Era stall is acknowledged over the line instead. */
    public void clearStall() {
        pump.clearStall();
    }

    /**
     * Power off and on again at this instant. Non-volatile settings survive (diameter, volume units, the
     * stored program, SAF, address, baud, keypad lock, flags); volatile state is lost: the program is stopped
     * at phase 1, a rate changed while pumping reverts to the stored one, the dispensed counters (DIS) read
     * zero, the buzzer is off, the safe-mode timer is disarmed until the next valid packet, and A?R latches
     * (announced at once in safe mode).
     */
    public void powerCycle() {
        pump.powerOn();
    }

    /** Power off: the motor stops, nothing is received or sent. Free flow, if injected, goes on. */
    public void powerOff() {
        pump.powerOff();
    }

    /** Power back on after {@link #powerOff()}; same effects as {@link #powerCycle()}. */
    public void powerOn() {
        pump.powerOn();
    }

    /**
     * The line goes dead for {@code duration} of pump time, like a cut cable: bytes from the host are lost
     * (commands not executed, the safe-mode watchdog not fed) and nothing is sent. The pump itself keeps
     * pumping.
     */
    public void silence(Duration duration) {
        pump.deafFor(positive(duration).toNanos());
    }

    /** Like {@link #silence(Duration)} until {@link #endSilence()}. */
    public void silenceIndefinitely() {
        pump.deafFor(Long.MAX_VALUE);
    }

    /**
     * For {@code duration}, commands are executed but no reply (nor auto-alarm) is sent: the host cannot tell
     * whether its command took effect.
     */
    public void muteReplies(Duration duration) {
        pump.muteFor(positive(duration).toNanos());
    }

    /** Ends {@link #silence} and {@link #muteReplies} at once. */
    public void endSilence() {
        pump.endSilence();
    }

    /**
     * Damages {@code percent} % of the frames the pump sends (replies and auto-alarms), chosen by the pump's
     * seeded random source. 0 turns garbling off.
     */
    public void garbleReplies(int percent, Garbling how) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("garble percentage must be 0..100: " + percent);
        }
        pump.garble(percent, Objects.requireNonNull(how, "how"));
    }

    public void stopGarbling() {
        pump.garble(0, Garbling.FLIP_BIT);
    }

    /**
     * The motor runs at {@code factor} x the programmed rate (1 = healthy). The pump does not know: RAT still
     * reads the programmed rate, while DIS (counted from motor steps) and the truth follow the real motor,
     * so the volume grows faster or slower than rate x time.
     *
     * @param factor &gt; 0 and at most 100
     */
    public void rateFactor(BigDecimal factor) {
        if (factor.signum() <= 0 || factor.compareTo(MAX_RATE_FACTOR) > 0) {
            throw new IllegalArgumentException("rate factor must be > 0 and <= 100: " + factor.toPlainString());
        }
        pump.rateFactor(factor);
    }

    /**
     * The pump keeps pumping past its volume limit (New Era: the volume to be infused of a phase; Ultra: the target
     * volume) when true, or honours it (false).
     */
    public void ignoreVtbi(boolean ignore) {
        pump.ignoreVolumeLimit(ignore);
    }

    /**
     * Line noise: each byte crossing the line, in either direction, has one bit flipped with probability
     * {@code percent} % (0 = a clean line), chosen by the pump's seeded random source. The pump hears damaged
     * commands as a real one would; the host gets damaged replies. {@link SimulatedDevice#lineStatistics()} counts
     * the bytes damaged.
     *
     * @param percent 0..100, at most four decimals
     */
    public void lineNoise(BigDecimal percent) {
        if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0 || percent.stripTrailingZeros().scale() > 4) {
            throw new IllegalArgumentException("line noise must be 0..100 % with at most four decimals: "
                    + percent.toPlainString());
        }
        pump.noise(percent);
    }

    /**
     * Fluid runs to the patient while the motor is not driving (siphoning, a cracked syringe clamp): the truth
     * rises at {@code nanolitresPerHour}. With {@code seenByPump} the pump's infused counter (DIS) rises too,
     * as with a plunger-position sensor; without it only the truth moves, as with a real NE-1000 that counts
     * motor steps.
     */
    public void freeFlow(long nanolitresPerHour, boolean seenByPump) {
        if (nanolitresPerHour <= 0) {
            throw new IllegalArgumentException("free-flow rate must be > 0 nL/h: " + nanolitresPerHour);
        }
        pump.freeFlow(nanolitresPerHour, seenByPump);
    }

    public void stopFreeFlow() {
        pump.freeFlow(0, false);
    }

    /**
     * DIS reports only {@code fraction} of what the motor delivered (rounded down). 1 = honest.
     *
     * @param fraction in (0, 1]
     */
    public void underReport(BigDecimal fraction) {
        if (fraction.signum() <= 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("reported fraction must be > 0 and <= 1: " + fraction.toPlainString());
        }
        pump.underReport(fraction);
    }

    /**
     * The cable is pulled: the transport holding the line gets {@link org.dosewarden.pump.LinkLostException}
     * on its next read or write, and opening fails until {@link #plugIn()}. The pump keeps pumping.
     */
    public void unplug() {
        pump.unplug();
    }

    public void plugIn() {
        pump.plugIn();
    }

    /** Which switches are on now. */
    public ActiveFaults active() {
        return pump.activeFaults();
    }

    /** False between {@link #unplug()} and {@link #plugIn()}. */
    public boolean pluggedIn() {
        return pump.pluggedIn();
    }

    /** Clears every fault switch (does not undo a stall or power cycle that already happened). */
    public void clearAll() {
        pump.endSilence();
        stopGarbling();
        pump.noise(BigDecimal.ZERO);
        pump.rateFactor(BigDecimal.ONE);
        pump.ignoreVolumeLimit(false);
        stopFreeFlow();
        pump.underReport(BigDecimal.ONE);
        pump.plugIn();
    }

    private static Duration positive(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("silence must last longer than zero: " + d);
        }
        return d;
    }
}
