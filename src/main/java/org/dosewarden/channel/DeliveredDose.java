package org.dosewarden.channel;

import java.math.RoundingMode;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Volume;

/**
 * Drug delivered in a session, from the delivered volume and the order's concentration. Rounded <b>up</b>
 * to a whole base unit: course limits (SR-K1) must never under-count what a patient received.
 *
 * @param baseValue whole base units (µg, or milli-units for unit-dosed drugs)
 * @param baseUnit  {@code ug} or {@code m[iU]}
 * @param display   clinician display, e.g. {@code "35 mg"}
 */
record DeliveredDose(long baseValue, String baseUnit, String display) {

    static DeliveredDose of(Concentration concentration, Volume delivered) {
        long base = concentration.baseAmountIn(delivered).setScale(0, RoundingMode.UP).longValueExact();
        return new DeliveredDose(base, concentration.kind().baseCode(),
                concentration.amountIn(delivered, RoundingMode.UP).toString());
    }

    /**
     * For a session whose order is known only from the journal (after a restart the full order is not in
     * memory): the order's concentration as recorded.
     *
     * @throws IllegalStateException when there is no order on record or its prescription cannot be read: the
     *                               course history must not record a session without its drug amount
     */
    static DeliveredDose fromRecord(OrderOnRecord onRecord, Volume delivered) {
        if (onRecord == null) {
            throw new IllegalStateException("no program order is on record for the session: its drug amount is unknown");
        }
        try {
            return of(onRecord.prescription().concentration(), delivered);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the journaled prescription has no readable concentration: "
                    + e.getMessage(), e);
        }
    }
}
