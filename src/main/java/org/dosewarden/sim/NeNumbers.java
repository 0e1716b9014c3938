package org.dosewarden.sim;

import java.math.BigDecimal;
import org.dosewarden.pump.newera.NeNumber;
import org.dosewarden.pump.newera.NeVolumeUnit;

/**
 * How the simulated pump shows quantities in replies: the codec's fixed 5-character form
 * ({@link NeNumber#formatFixed}) of the value truncated to that resolution, never rounded up (a pump shows
 * what it has done, not more).
 */
final class NeNumbers {

    private static final BigDecimal LIMIT = BigDecimal.valueOf(10_000);

    private NeNumbers() {
    }

    /** Formats {@code value >= 0}; values of 10000 and above saturate at {@code 9999.} (assumption, see docs). */
    static String format(BigDecimal value) {
        if (value.compareTo(LIMIT) >= 0) {
            return NeNumber.formatFixed(NeNumber.MAX);
        }
        return NeNumber.formatFixed(NeNumber.floor(value));
    }

    /** Formats a volume held in nL in the given display unit, truncated. */
    static String formatVolume(long nanolitres, NeVolumeUnit unit) {
        return format(BigDecimal.valueOf(nanolitres).movePointLeft(3).divide(unit.microlitres()));
    }
}
