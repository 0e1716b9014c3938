package org.dosewarden.channel;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
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
     * From the prescription JSON kept in the journal (after a restart the full order is not in memory).
     *
     * @throws IllegalStateException when the prescription has no readable concentration: the course history
     *                               must not record a session without its drug amount
     */
    static DeliveredDose fromPrescription(String prescriptionJson, Volume delivered) {
        try {
            JsonNode c = EventJson.mapper().readTree(prescriptionJson).path("concentration");
            return of(Concentration.of(new BigDecimal(c.path("value").asText()), c.path("unit").asText()), delivered);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the journaled prescription has no readable concentration: "
                    + e.getMessage(), e);
        }
    }
}
