package org.dosewarden.sim;

/**
 * Volume in exact nanolitres, split by direction. Used both for the physical truth (what really left or
 * entered the syringe) and for what the pump's own counters hold.
 *
 * @param infusedNanolitres  volume pushed towards the patient, nL, {@code >= 0}
 * @param withdrawnNanolitres volume drawn back into the syringe, nL, {@code >= 0}
 */
public record DispensedVolume(long infusedNanolitres, long withdrawnNanolitres) {

    public static final DispensedVolume ZERO = new DispensedVolume(0, 0);

    public DispensedVolume {
        if (infusedNanolitres < 0 || withdrawnNanolitres < 0) {
            throw new IllegalArgumentException("delivered volume must not be negative: infused "
                    + infusedNanolitres + " nL, withdrawn " + withdrawnNanolitres + " nL");
        }
    }

    /** Infused volume in whole microlitres, rounded down. */
    public long infusedMicrolitres() {
        return infusedNanolitres / 1_000;
    }

    /** Withdrawn volume in whole microlitres, rounded down. */
    public long withdrawnMicrolitres() {
        return withdrawnNanolitres / 1_000;
    }
}
