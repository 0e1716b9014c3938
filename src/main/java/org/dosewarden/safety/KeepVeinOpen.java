package org.dosewarden.safety;

import java.util.Objects;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * Whether a low "keep vein open" rate may run after the plan completes, and how much it may deliver.
 * {@link #NONE} (ketamine and most drugs here): after completion the pump must be stopped and is verified
 * stopped; anything it still delivers is an alarm (the "quiet end-of-infusion" incident).
 *
 * @param rate  KVO rate (zero = no KVO)
 * @param limit the most KVO may deliver after completion; programmed as the pump's VTBI
 */
public record KeepVeinOpen(FlowRate rate, Volume limit) {

    public static final KeepVeinOpen NONE = new KeepVeinOpen(FlowRate.ZERO, Volume.ZERO);

    public KeepVeinOpen {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(limit, "limit");
        if (rate.isZero() != limit.isZero()) {
            throw new IllegalArgumentException("keep-vein-open needs both a rate and a volume limit, or neither: "
                    + rate + ", " + limit);
        }
    }

    public boolean allowed() {
        return !rate.isZero();
    }
}
