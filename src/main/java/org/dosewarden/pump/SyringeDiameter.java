package org.dosewarden.pump;

import java.math.BigDecimal;

/**
 * Inside diameter of the syringe barrel, in millimetres (exact). It and the plunger speed set the rate
 * limits; on New Era pumps it also picks the volume unit (at or below 14.00 mm µL, above mL).
 *
 * @param millimetres &gt; 0
 */
public record SyringeDiameter(BigDecimal millimetres) implements Comparable<SyringeDiameter> {

    public SyringeDiameter {
        if (millimetres.signum() <= 0) {
            throw new IllegalArgumentException("syringe diameter must be positive: " + millimetres.toPlainString() + " mm");
        }
        millimetres = millimetres.stripTrailingZeros();
    }

    public static SyringeDiameter ofMillimetres(String mm) {
        return new SyringeDiameter(new BigDecimal(mm));
    }

    @Override
    public int compareTo(SyringeDiameter o) {
        return millimetres.compareTo(o.millimetres);
    }

    @Override
    public String toString() {
        return millimetres.toPlainString() + " mm";
    }
}
