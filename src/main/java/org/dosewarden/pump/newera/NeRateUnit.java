package org.dosewarden.pump.newera;

import java.math.BigDecimal;

/** Rate units of {@code RAT}. */
public enum NeRateUnit {
    /** µL/min. */
    UM(60),
    /** mL/min. */
    MM(60_000),
    /** µL/h. */
    UH(1),
    /** mL/h. */
    MH(1_000);

    private final long microlitresPerHourPerUnit;

    NeRateUnit(long microlitresPerHourPerUnit) {
        this.microlitresPerHourPerUnit = microlitresPerHourPerUnit;
    }

    /** How many µL/h one of this unit is (exact). */
    public BigDecimal microlitresPerHour() {
        return BigDecimal.valueOf(microlitresPerHourPerUnit);
    }

    public static NeRateUnit ofWire(String token) throws NeFormatException {
        for (NeRateUnit u : values()) {
            if (u.name().equals(token)) {
                return u;
            }
        }
        throw new NeFormatException("'" + NeFrames.printable(token) + "' is not a rate unit (UM MM UH MH)");
    }
}
