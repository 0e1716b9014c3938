package org.dosewarden.sim;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The syringe drive of a simulated pump, family-neutral: the motor's volume integrated exactly, the pump's own
 * counters (what it reports, from motor steps), the physical truth (what really left or entered the syringe),
 * and the faults that act on physics (a motor faster or slower than commanded, free flow, under-reporting).
 *
 * <p>Integration is exact: the motor's volume is {@code floor(sum(rate x dt) / 1 h)} in nanolitres with the
 * remainder carried, so any split of an interval gives the same result as one step. Rate limits follow from the
 * plunger area and the drive's speed range.
 */
final class SyringeDrive {

    static final long NANOS_PER_HOUR = 3_600_000_000_000L;
    private static final BigInteger HOUR = BigInteger.valueOf(NANOS_PER_HOUR);
    private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288");
    private static final MathContext MC = MathContext.DECIMAL128;

    private long motorRemainder;
    private long freeFlowRemainder;
    private long counterInfusedNl;
    private long counterWithdrawnNl;
    // physical truth, never cleared
    private long trueInfusedNl;
    private long trueWithdrawnNl;

    private BigDecimal rateFactor = BigDecimal.ONE;
    private long freeFlowNlPerHour;
    private boolean freeFlowSeenByPump;
    private BigDecimal reportedFraction = BigDecimal.ONE;

    // =====================================================================================  limits

    private static BigDecimal plungerAreaCm2(BigDecimal diameterMm) {
        BigDecimal r = diameterMm.divide(BigDecimal.valueOf(20), MC);
        return PI.multiply(r.multiply(r, MC), MC);
    }

    /** Fastest rate the motor can drive a syringe of this diameter, nL/h (area x speed in cm/min). */
    static BigDecimal maxRateNlPerHour(BigDecimal diameterMm, BigDecimal maxCmPerMinute) {
        return plungerAreaCm2(diameterMm).multiply(maxCmPerMinute, MC).multiply(BigDecimal.valueOf(60_000_000L), MC);
    }

    /** Slowest rate the motor can drive a syringe of this diameter, nL/h (area x speed in cm/h). */
    static BigDecimal minRateNlPerHour(BigDecimal diameterMm, BigDecimal minCmPerHour) {
        return plungerAreaCm2(diameterMm).multiply(minCmPerHour, MC).multiply(BigDecimal.valueOf(1_000_000L), MC);
    }

    // =====================================================================================  motion

    /** The motor's real speed, nL/h, when it is commanded {@code commandedNlPerHour}: times the rate factor, floored. */
    long actualRate(long commandedNlPerHour) {
        if (commandedNlPerHour == 0) {
            return 0;
        }
        if (rateFactor.compareTo(BigDecimal.ONE) == 0) {
            return commandedNlPerHour; // no rate fault injected: the common case, on every step
        }
        return new BigDecimal(commandedNlPerHour).multiply(rateFactor).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /**
     * Runs for {@code dt} ns with the motor at {@code actualNlPerHour} (0 = idle, when free flow, if injected,
     * moves fluid instead) in the given direction.
     *
     * @return nanolitres the motor moved (0 when idle)
     */
    long run(long dt, long actualNlPerHour, boolean withdraw) {
        if (actualNlPerHour > 0) {
            BigInteger[] qr = BigInteger.valueOf(actualNlPerHour).multiply(BigInteger.valueOf(dt))
                    .add(BigInteger.valueOf(motorRemainder)).divideAndRemainder(HOUR);
            long delta = qr[0].longValueExact();
            motorRemainder = qr[1].longValueExact();
            if (withdraw) {
                counterWithdrawnNl = Math.addExact(counterWithdrawnNl, delta);
                trueWithdrawnNl = Math.addExact(trueWithdrawnNl, delta);
            } else {
                counterInfusedNl = Math.addExact(counterInfusedNl, delta);
                trueInfusedNl = Math.addExact(trueInfusedNl, delta);
            }
            return delta;
        }
        if (freeFlowNlPerHour > 0) {
            BigInteger[] qr = BigInteger.valueOf(freeFlowNlPerHour).multiply(BigInteger.valueOf(dt))
                    .add(BigInteger.valueOf(freeFlowRemainder)).divideAndRemainder(HOUR);
            long delta = qr[0].longValueExact();
            freeFlowRemainder = qr[1].longValueExact();
            trueInfusedNl = Math.addExact(trueInfusedNl, delta);
            if (freeFlowSeenByPump) {
                counterInfusedNl = Math.addExact(counterInfusedNl, delta);
            }
        }
        return 0;
    }

    /**
     * The smallest time after which the motor at {@code actualNlPerHour} has moved at least {@code remainingNl}
     * more, counting the carried remainder; {@link Long#MAX_VALUE} when that is too far to represent.
     */
    long nanosToMove(long remainingNl, long actualNlPerHour) {
        // smallest dt with floor((rate*dt + remainder) / 1h) >= remaining
        BigInteger need = BigInteger.valueOf(remainingNl).multiply(HOUR).subtract(BigInteger.valueOf(motorRemainder));
        BigInteger[] qr = need.divideAndRemainder(BigInteger.valueOf(actualNlPerHour));
        BigInteger dt = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        return dt.bitLength() < 63 ? dt.longValueExact() : Long.MAX_VALUE;
    }

    // =====================================================================================  counters

    /** Power-up: the pump's counters read zero and the motor's fraction of a nanolitre is gone. */
    void powerUp() {
        counterInfusedNl = 0;
        counterWithdrawnNl = 0;
        motorRemainder = 0;
    }

    void clearInfusedCounter() {
        counterInfusedNl = 0;
    }

    void clearWithdrawnCounter() {
        counterWithdrawnNl = 0;
    }

    /** The pump's own infused counter, nL (what a target is compared with), before any reporting fault. */
    long infusedCounterNl() {
        return counterInfusedNl;
    }

    DispensedVolume truth() {
        return new DispensedVolume(trueInfusedNl, trueWithdrawnNl);
    }

    /** What the pump's counters report, before any display rounding: the counters times the reporting fault. */
    DispensedVolume reported() {
        return new DispensedVolume(scaleReported(counterInfusedNl), scaleReported(counterWithdrawnNl));
    }

    private long scaleReported(long nl) {
        return BigDecimal.valueOf(nl).multiply(reportedFraction).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    // =====================================================================================  faults on physics

    ActiveFaults faults(boolean ignoresTarget, int garblePercent, Garbling garbling, BigDecimal noisePercent,
            boolean silent, boolean pluggedIn) {
        return new ActiveFaults(rateFactor, reportedFraction, ignoresTarget, freeFlowNlPerHour, freeFlowSeenByPump,
                garblePercent, garbling, noisePercent, silent, pluggedIn);
    }

    void rateFactor(BigDecimal factor) {
        rateFactor = factor;
    }

    void freeFlow(long nlPerHour, boolean seenByPump) {
        freeFlowNlPerHour = nlPerHour;
        freeFlowSeenByPump = seenByPump;
    }

    void reportedFraction(BigDecimal fraction) {
        reportedFraction = fraction;
    }
}
