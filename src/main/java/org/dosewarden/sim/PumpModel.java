package org.dosewarden.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What every simulated pump is below its command set: power, a {@link SyringeDrive} run on monotonic time, the
 * events it fires by itself on the way (the end of a volume limit, a watchdog), the plunger's speed range and the
 * faults that act on physics. The family's model ({@link Ne1000Model}, {@link UltraModel}) adds its program,
 * settings and prompt; the wire is its {@link SimulatedDevice}'s, which serialises every call.
 *
 * <p>Time arrives as monotonic nanoseconds; every event that falls due between two calls fires at its exact time
 * on the way, so an hour of infusion is one call and the motor stops on its limit to the nanolitre.
 */
abstract sealed class PumpModel permits Ne1000Model, UltraModel {

    static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** A loop that keeps finding due events at one instant is a bug in the model, not a busy pump. */
    private static final int MAX_EVENTS_AT_ONCE = 10_000;

    final SyringeDrive drive = new SyringeDrive();
    private final BigDecimal minSpeedCmPerHour;
    private final BigDecimal maxSpeedCmPerMinute;
    private boolean powered = true;
    private boolean ignoresVolumeLimit;
    private long lastNanos;
    /** Rate limits of the last diameter asked about: asked on every step, the syringe rarely changes. */
    private BigDecimal limitsDiameterMm;
    private BigDecimal maxRateNlPerHour;
    private long maxWholeRateNlPerHour;
    private BigDecimal minRateNlPerHour;

    /**
     * @param now                 monotonic time the pump is created (switched on)
     * @param minSpeedCmPerHour   slowest plunger speed of the family's drive
     * @param maxSpeedCmPerMinute fastest plunger speed
     */
    PumpModel(long now, BigDecimal minSpeedCmPerHour, BigDecimal maxSpeedCmPerMinute) {
        this.lastNanos = now;
        this.minSpeedCmPerHour = minSpeedCmPerHour;
        this.maxSpeedCmPerMinute = maxSpeedCmPerMinute;
    }

    // =====================================================================================  the family's part

    /** The monotonic time of the next thing that happens by itself, or {@link Long#MAX_VALUE}. */
    abstract long nextInternalEvent();

    /** Fires what fell due at {@link #lastNanos()} (the loop in {@link #advanceTo} asks again afterwards). */
    abstract void fireDueEvents();

    /** The rate the motor is told to run, nL/h (0 when not pumping). */
    abstract long commandedRateNlPerHour();

    /** True while the motor moves the plunger back (withdrawing). */
    abstract boolean withdrawing();

    /** The motor moved {@code nanolitres} (a program that counts its phase volume hears of it). */
    void moved(long nanolitres) {
    }

    /** The syringe's inside diameter the pump works with now. */
    abstract BigDecimal diameterMm();

    /** Power went: the family's volatile state stops. */
    abstract void lostPower();

    /** Power came back: the family's volatile state starts again (from what it stored). */
    abstract void poweredUp();

    /** The motor stalled (the pump is powered): it stops and the pump shows it. */
    abstract void motorStalled();

    // =====================================================================================  time and physics

    /** Integrates the motor and free flow up to {@code now} and fires every event that falls due on the way. */
    final void advanceTo(long now) {
        for (int guard = 0; ; guard++) {
            long next = nextInternalEvent();
            long to = Math.min(now, next);
            if (to > lastNanos) {
                moved(drive.run(to - lastNanos, motorRate(), withdrawing()));
                lastNanos = to;
            }
            if (next > now) {
                return;
            }
            fireDueEvents();
            if (guard > MAX_EVENTS_AT_ONCE) {
                throw new IllegalStateException("simulator event loop did not settle at " + now);
            }
        }
    }

    /** The motor's real speed in nL/h: the commanded rate times the injected rate factor; 0 without power. */
    final long motorRate() {
        return powered ? drive.actualRate(commandedRateNlPerHour()) : 0;
    }

    final long lastNanos() {
        return lastNanos;
    }

    // =====================================================================================  limits

    /** Fastest rate the motor can drive this syringe, nL/h (plunger area x fastest speed). */
    final BigDecimal maxRateNlPerHour() {
        limitsFor(diameterMm());
        return maxRateNlPerHour;
    }

    /** Slowest rate the motor can drive this syringe, nL/h (plunger area x slowest speed). */
    final BigDecimal minRateNlPerHour() {
        limitsFor(diameterMm());
        return minRateNlPerHour;
    }

    /** {@link #maxRateNlPerHour()} in whole nL/h, rounded down (the motor's purge speed). */
    final long maxWholeRateNlPerHour() {
        limitsFor(diameterMm());
        return maxWholeRateNlPerHour;
    }

    private void limitsFor(BigDecimal diameterMm) {
        if (!diameterMm.equals(limitsDiameterMm)) {
            maxRateNlPerHour = SyringeDrive.maxRateNlPerHour(diameterMm, maxSpeedCmPerMinute);
            maxWholeRateNlPerHour = maxRateNlPerHour.setScale(0, RoundingMode.DOWN).longValueExact();
            minRateNlPerHour = SyringeDrive.minRateNlPerHour(diameterMm, minSpeedCmPerHour);
            limitsDiameterMm = diameterMm;
        }
    }

    // =====================================================================================  power, stall

    final void powerOff(long now) {
        advanceTo(now);
        powered = false;
        lostPower();
    }

    final void powerOn(long now) {
        advanceTo(now);
        powered = true;
        poweredUp();
    }

    final boolean powered() {
        return powered;
    }

    final void stall(long now) {
        advanceTo(now);
        if (powered) {
            motorStalled();
        }
    }

    // =====================================================================================  observation

    /** Every nanolitre that really left or entered the syringe, never cleared. */
    final DispensedVolume truth() {
        return drive.truth();
    }

    /** What the pump's counters report, before display rounding: the counters times the reporting fault. */
    final DispensedVolume reported() {
        return drive.reported();
    }

    // =====================================================================================  faults on physics

    /** The fault switches acting on physics, with the line's. */
    final ActiveFaults faults(SimulatedLine line, long now) {
        return drive.faults(ignoresVolumeLimit, line.garblePercent(), line.garbling(), line.noisePercent(),
                line.silent(now), line.pluggedIn());
    }

    /** Whether the pump runs past its volume limit (New Era VTBI, Ultra target). */
    final boolean ignoresVolumeLimit() {
        return ignoresVolumeLimit;
    }

    final void ignoresVolumeLimit(boolean ignores) {
        ignoresVolumeLimit = ignores;
    }

    final void rateFactor(BigDecimal factor) {
        drive.rateFactor(factor);
    }

    final void freeFlow(long nlPerHour, boolean seenByPump) {
        drive.freeFlow(nlPerHour, seenByPump);
    }

    final void reportedFraction(BigDecimal fraction) {
        drive.reportedFraction(fraction);
    }
}
