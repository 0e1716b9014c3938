package org.dosewarden.channel;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.dosewarden.dose.Concentration;
import org.dosewarden.dose.DrugAmount;
import org.dosewarden.dose.Volume;

/**
 * Drug delivered in a session, from the delivered volume and the prescription's concentration. Rounded
 * <b>up</b> to a whole base unit: course limits (SR-K1) must never under-count what a patient received.
 *
 * @param baseValue whole base units (µg, or milli-units for unit-dosed drugs), or µL when the concentration
 *                  is unknown
 * @param baseUnit  {@code ug}, {@code m[iU]} or {@code uL}
 * @param display   clinician display, e.g. {@code "35 mg"}
 */
record DeliveredDose(long baseValue, String baseUnit, String display) {

    static DeliveredDose of(ProgramOrder order, Volume delivered) {
        try {
            JsonNode c = EventJson.mapper().readTree(order.prescriptionJson()).path("concentration");
            Concentration concentration = Concentration.of(new BigDecimal(c.path("value").asText()),
                    c.path("unit").asText());
            DrugAmount amount = concentration.amountIn(delivered, RoundingMode.UP);
            long base = concentration.baseAmountIn(delivered).setScale(0, RoundingMode.UP).longValueExact();
            return new DeliveredDose(base, concentration.kind().baseCode(), amount.toString());
        } catch (Exception e) {
            return volumeOnly(delivered);
        }
    }

    static DeliveredDose volumeOnly(Volume delivered) {
        return new DeliveredDose(delivered.microlitres(), "uL", delivered.toString());
    }
}
