package org.dosewarden.channel;

import java.math.RoundingMode;
import org.dosewarden.dose.Concentration;
import org.dosewarden.dose.Volume;

/**
 * Drug delivered in a session, from the delivered volume and the order's concentration. Rounded <b>up</b>
 * to a whole base unit: course limits (SR-K1) must never under-count what a patient received.
 *
 * @param baseValue whole base units (µg, or milli-units for unit-dosed drugs), or µL when no concentration is
 *                  known
 * @param baseUnit  {@code ug}, {@code m[iU]} or {@code uL}
 * @param display   clinician display, e.g. {@code "35 mg"}
 */
record DeliveredDose(long baseValue, String baseUnit, String display) {

    static DeliveredDose of(Concentration concentration, Volume delivered) {
        long base = concentration.baseAmountIn(delivered).setScale(0, RoundingMode.UP).longValueExact();
        return new DeliveredDose(base, concentration.kind().baseCode(),
                concentration.amountIn(delivered, RoundingMode.UP).toString());
    }

    static DeliveredDose volumeOnly(Volume delivered) {
        return new DeliveredDose(delivered.microlitres(), "uL", delivered.toString());
    }
}
