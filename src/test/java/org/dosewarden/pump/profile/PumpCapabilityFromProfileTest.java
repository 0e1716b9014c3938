package org.dosewarden.pump.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.pump.SyringeDiameter;
import org.dosewarden.pump.newera.NeRate;
import org.dosewarden.pump.newera.NeVolume;
import org.dosewarden.pump.newera.NeVolumeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PumpCapability from the NE-1000 profile and a syringe: limits from plunger speed, steps from the number format. */
class PumpCapabilityFromProfileTest {

    @ParameterizedTest(name = "{0}: {1}..{2} uL/h step {3}, volume step {4}")
    @CsvSource({
        // min = ceil(pi (d/20)^2 * 0.004205 mL/h), max = floor(pi (d/20)^2 * 5.1005 mL/min) capped at 999.9 mL/h
        "bd-plastic-1ml,  1,  53071,  10,  1",       // 0.73 uL/h .. 0.8845 mL/min (reference: 0.73 uL/h..0.88 mL/min)
        "bd-plastic-10ml, 7,  500479, 100, 10",      // 6.88 uL/h .. 8.34 mL/min
        "bd-plastic-60ml, 24, 999900, 100, 10",      // 23.35 uL/h .. 28.3 mL/min, capped for 0.1 mL/h steps
    })
    void syringesFromTheTable(String syringe, long min, long max, long rateStep, long volumeStep) throws Exception {
        DeviceProfile ne = DeviceProfilesTest.SHIPPED.load("newera-ne1000");
        PumpCapability c = ne.capability(syringe);
        assertEquals(new FlowRate(min), c.minRate());
        assertEquals(new FlowRate(max), c.maxRate());
        assertEquals(new FlowRate(rateStep), c.rateStep());
        assertEquals(new Volume(volumeStep), c.volumeStep());
        assertEquals(ne.requireSyringe(syringe).volume(), c.maxVolumeToBeInfused());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.103", "4.699", "14.43", "26.59", "80"})
    @DisplayName("SR-A3: every rate and volume on the capability's steps is exactly settable on the pump")
    void everyStepIsSettable(String diameterMm) throws Exception {
        DeviceProfile ne = DeviceProfilesTest.SHIPPED.load("newera-ne1000");
        PumpCapability c = ne.capability(SyringeDiameter.ofMillimetres(diameterMm), Volume.ofMicrolitres(60_000));
        long step = c.rateStep().microlitresPerHour();
        long first = (c.minRate().microlitresPerHour() + step - 1) / step * step;
        int checked = 0;
        for (long r = first; r <= c.maxRate().microlitresPerHour(); r += step) {
            NeRate wire = NeRate.floorOf(new FlowRate(r)).orElseThrow();
            assertEquals(0, wire.microlitresPerHour().compareTo(BigDecimal.valueOf(r)), r + " uL/h sent as " + wire);
            checked++;
        }
        assertTrue(checked > 0);
        long vstep = c.volumeStep().microlitres();
        for (long v = vstep; v <= c.maxVolumeToBeInfused().microlitres(); v += vstep) {
            Volume volume = Volume.ofMicrolitres(v);
            BigDecimal expected = BigDecimal.valueOf(v);
            boolean exact = false;
            for (NeVolumeUnit u : NeVolumeUnit.values()) {
                exact |= NeVolume.floorOf(volume, u).map(n -> n.microlitres().compareTo(expected) == 0)
                        .orElse(false);
            }
            assertTrue(exact, v + " uL is not exactly settable");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.05", "80.01", "120"})
    void diameterOutsideTheProfileIsRejected(String mm) throws Exception {
        DeviceProfile ne = DeviceProfilesTest.SHIPPED.load("newera-ne1000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ne.capability(SyringeDiameter.ofMillimetres(mm), Volume.ofMicrolitres(10_000)));
        assertTrue(e.getMessage().contains("0.1..80 mm"), e.getMessage());
    }
}
