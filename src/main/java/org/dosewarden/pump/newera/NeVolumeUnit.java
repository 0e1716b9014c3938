package org.dosewarden.pump.newera;

import java.math.BigDecimal;

/**
 * Volume units of {@code VOL} and {@code DIS}. The pump picks them from the diameter (at or below
 * 14.00 mm µL, above mL) unless set with {@code VOLUL}/{@code VOLML}; always parse the unit token.
 */
public enum NeVolumeUnit {
    UL(1),
    ML(1_000);

    /** Diameters at or below this use µL by default, above it mL (NE-1000 manual). */
    public static final BigDecimal UNIT_THRESHOLD_MM = new BigDecimal("14.00");

    private final long microlitresPerUnit;

    NeVolumeUnit(long microlitresPerUnit) {
        this.microlitresPerUnit = microlitresPerUnit;
    }

    /** How many µL one of this unit is (exact). */
    public BigDecimal microlitres() {
        return BigDecimal.valueOf(microlitresPerUnit);
    }

    /** The pump's default volume unit for a syringe of inside diameter {@code diameterMm}. */
    public static NeVolumeUnit forDiameter(BigDecimal diameterMm) {
        return diameterMm.compareTo(UNIT_THRESHOLD_MM) <= 0 ? UL : ML;
    }

    public static NeVolumeUnit ofWire(String token) throws NeFormatException {
        for (NeVolumeUnit u : values()) {
            if (u.name().equals(token)) {
                return u;
            }
        }
        throw new NeFormatException("'" + NeFrames.printable(token) + "' is not a volume unit (UL ML)");
    }
}
