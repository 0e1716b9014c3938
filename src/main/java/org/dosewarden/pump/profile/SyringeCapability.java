package org.dosewarden.pump.profile;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.SyringeDiameter;

/**
 * Builds the planner's {@link PumpCapability} for a syringe pump with a given syringe, from the device profile's
 * plunger speed range and number format (family-neutral: New Era and Ultra pumps both take numbers of at most
 * four digits with at most three decimals in µL or mL units).
 *
 * <p>Rate limits follow from the plunger speed range and the barrel's cross-section:
 * {@code area[cm²] = π (d[mm] / 20)²}, {@code max[mL/min] = area × maxSpeed[cm/min]},
 * {@code min[mL/h] = area × minSpeed[cm/h]}. The minimum is rounded up and the maximum down to whole µL/h,
 * so the range never claims more than the motor does (the pump remains the authority: New Era {@code ?OOR},
 * Ultra "Out of range").
 *
 * <p>Steps follow the 4-digit number format: a step is chosen so that <em>every</em> multiple of it within the
 * range is exactly settable in some unit (µL/h: 1 µL/h up to 9999 µL/h; mL/h: 0.01 mL/h below 100 mL/h,
 * 0.1 mL/h below 1000 mL/h). To keep 0.1 mL/h resolution the maximum rate is capped at
 * {@link #FINE_STEP_RATE_CEILING} (999.9 mL/h): above it the whole range would fall to 1 mL/h steps, and no
 * infusion dosewarden supervises needs a syringe pump faster than that. Volumes: 1 µL steps up to 9999 µL,
 * 0.01 mL up to 99.99 mL, 0.1 mL up to 999.9 mL.
 */
public final class SyringeCapability {

    /** The fastest rate offered, so rates keep 0.1 mL/h steps: 999.9 mL/h in µL/h. */
    public static final FlowRate FINE_STEP_RATE_CEILING = new FlowRate(999_900);

    private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288");
    private static final MathContext MC = new MathContext(34, RoundingMode.HALF_EVEN);

    /** µL/h step -> the largest rate (µL/h) below which every multiple is exactly settable. */
    private static final long[][] RATE_STEPS = {{1, 9_999}, {10, 99_990}, {100, 999_900}};
    /** µL step -> the largest volume (µL) below which every multiple is exactly settable. */
    private static final long[][] VOLUME_STEPS = {{1, 9_999}, {10, 99_990}, {100, 999_900}, {1_000, 9_999_000}};

    private SyringeCapability() {}

    /**
     * The capability of a pump loaded with a syringe.
     *
     * @param diameter          inside diameter of the barrel
     * @param minSpeedCmPerHour slowest plunger speed (profile {@code limits.plungerSpeed.minCmPerH})
     * @param maxSpeedCmPerMin  fastest plunger speed (profile {@code limits.plungerSpeed.maxCmPerMin})
     * @param syringeVolume     nominal syringe volume: the largest volume to be infused
     * @throws IllegalArgumentException when the syringe is so large or small that no rate is settable
     */
    public static PumpCapability of(SyringeDiameter diameter, BigDecimal minSpeedCmPerHour,
            BigDecimal maxSpeedCmPerMin, Volume syringeVolume) {
        BigDecimal radiusCm = diameter.millimetres().divide(BigDecimal.valueOf(20), MC);
        BigDecimal areaCm2 = PI.multiply(radiusCm.pow(2), MC);
        // 1 cm of travel moves areaCm2 mL = areaCm2 * 1000 µL.
        BigDecimal minUlPerHour = areaCm2.multiply(minSpeedCmPerHour, MC).multiply(BigDecimal.valueOf(1000));
        BigDecimal maxUlPerHour = areaCm2.multiply(maxSpeedCmPerMin, MC).multiply(BigDecimal.valueOf(60_000));
        FlowRate min = new FlowRate(Math.max(1, minUlPerHour.setScale(0, RoundingMode.CEILING).longValueExact()));
        FlowRate motorMax = new FlowRate(maxUlPerHour.setScale(0, RoundingMode.FLOOR).longValueExact());
        FlowRate max = FlowRate.min(motorMax, FINE_STEP_RATE_CEILING);
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("syringe of " + diameter + " gives no usable rate range ("
                    + min + " .. " + motorMax + ")");
        }
        long rateStep = stepFor(max.microlitresPerHour(), RATE_STEPS, "rate " + max);
        if (syringeVolume.isZero()) {
            throw new IllegalArgumentException("syringe volume must be above zero");
        }
        long volumeStep = stepFor(syringeVolume.microlitres(), VOLUME_STEPS, "volume " + syringeVolume);
        return new PumpCapability(min, max, new FlowRate(rateStep), new Volume(volumeStep), syringeVolume);
    }

    private static long stepFor(long max, long[][] ladder, String what) {
        for (long[] rung : ladder) {
            if (max <= rung[1]) {
                return rung[0];
            }
        }
        throw new IllegalArgumentException(what + " is beyond the pump's number format (four digits)");
    }
}
