package org.dosewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.Test;

/** Rates and volumes typed on the {@code dosewarden pump} command line are read exactly and rounded down. */
class CommissioningQuantitiesTest {

    @Test
    void quantitiesParseExactlyAndRoundDown() {
        assertEquals(new FlowRate(10_000), CommissioningQuantities.parseRate("10mL/h"));
        assertEquals(new FlowRate(10_000), CommissioningQuantities.parseRate("10 ml/h"));
        assertEquals(new FlowRate(90_000), CommissioningQuantities.parseRate("1.5mL/min"));
        assertEquals(new FlowRate(15_000), CommissioningQuantities.parseRate("250uL/min"));
        assertEquals(new FlowRate(12), CommissioningQuantities.parseRate("12.9µL/h"));
        assertEquals(Volume.ofMicrolitres(5_000), CommissioningQuantities.parseVolume("5mL"));
        assertEquals(Volume.ofMicrolitres(750), CommissioningQuantities.parseVolume("750uL"));
        assertThrows(IllegalArgumentException.class, () -> CommissioningQuantities.parseRate("-1mL/h"));
        assertThrows(IllegalArgumentException.class, () -> CommissioningQuantities.parseRate("0.0001uL/h"));
        assertThrows(IllegalArgumentException.class, () -> CommissioningQuantities.parseVolume("5L"));
    }
}
