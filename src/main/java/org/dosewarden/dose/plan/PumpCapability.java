package org.dosewarden.dose.plan;

import java.util.Objects;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * What the planner needs to know about one pump channel as set up (pump model and the syringe or set in
 * it): the range of rates it runs, the steps it can set rates and volumes in, and the largest volume to
 * be infused it accepts. The pump link builds it from a device profile plus the loaded syringe; the
 * planner never sends a rate or volume to the pump that is outside this range or off these steps, and it
 * rounds onto the steps toward less drug.
 *
 * <p>Where a pump's resolution depends on the magnitude (New Era: four significant digits), give the
 * coarsest step that applies across {@code [minRate, maxRate]}, so every multiple of it is settable.
 *
 * @param minRate               slowest rate the pump runs, {@code > 0} µL/h
 * @param maxRate               fastest rate the pump runs, {@code >= minRate}
 * @param rateStep              every rate sent is a whole multiple of this, {@code > 0} µL/h
 * @param volumeStep            every volume to be infused is a whole multiple of this, {@code > 0} µL
 * @param maxVolumeToBeInfused  the largest VTBI accepted (usually the syringe volume), {@code >= volumeStep}
 */
public record PumpCapability(FlowRate minRate, FlowRate maxRate, FlowRate rateStep, Volume volumeStep,
        Volume maxVolumeToBeInfused) {

    public PumpCapability {
        Objects.requireNonNull(minRate, "minRate");
        Objects.requireNonNull(maxRate, "maxRate");
        Objects.requireNonNull(rateStep, "rateStep");
        Objects.requireNonNull(volumeStep, "volumeStep");
        Objects.requireNonNull(maxVolumeToBeInfused, "maxVolumeToBeInfused");
        if (minRate.isZero()) {
            throw new IllegalArgumentException("pump minimum rate must be above zero");
        }
        if (maxRate.compareTo(minRate) < 0) {
            throw new IllegalArgumentException("pump maximum rate " + maxRate + " is below its minimum " + minRate);
        }
        if (rateStep.isZero() || volumeStep.isZero()) {
            throw new IllegalArgumentException("pump rate and volume steps must be above zero");
        }
        if (maxVolumeToBeInfused.compareTo(volumeStep) < 0) {
            throw new IllegalArgumentException("pump maximum volume to be infused " + maxVolumeToBeInfused
                    + " is below its volume step " + volumeStep);
        }
    }

    /**
     * A general-purpose syringe pump used by {@code dosewarden plan} when no device profile is named:
     * 0.1 to 1200 mL/h in 0.1 mL/h steps, volumes in 0.01 mL steps, up to 60 mL (a 60 mL syringe).
     */
    public static PumpCapability generic() {
        return new PumpCapability(new FlowRate(100), new FlowRate(1_200_000), new FlowRate(100), new Volume(10),
                new Volume(60_000));
    }

    /** {@code rate} rounded down onto the rate step (toward less drug); may fall below {@link #minRate()}. */
    public FlowRate floorRate(FlowRate rate) {
        long step = rateStep.microlitresPerHour();
        return new FlowRate(rate.microlitresPerHour() / step * step);
    }

    /** {@code volume} rounded down onto the volume step (toward less drug). */
    public Volume floorVolume(Volume volume) {
        long step = volumeStep.microlitres();
        return new Volume(volume.microlitres() / step * step);
    }

    /** The fastest settable rate: {@link #maxRate()} rounded down onto the step. */
    public FlowRate maxSettableRate() {
        return floorRate(maxRate);
    }

    /** The largest settable volume to be infused: {@link #maxVolumeToBeInfused()} rounded down onto the step. */
    public Volume maxSettableVolume() {
        return floorVolume(maxVolumeToBeInfused);
    }

    /** True when {@code rate} is within range and on the step. */
    public boolean canRun(FlowRate rate) {
        return rate.compareTo(minRate) >= 0 && rate.compareTo(maxRate) <= 0
                && rate.microlitresPerHour() % rateStep.microlitresPerHour() == 0;
    }
}
