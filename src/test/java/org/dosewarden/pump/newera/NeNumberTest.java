package org.dosewarden.pump.newera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The 4-digit/3-decimal number format, unit choice and the data fields built on it. */
class NeNumberTest {

    @ParameterizedTest(name = "{0} floors to {1}, sent as {2}, replied as {3}")
    @CsvSource({
        "26.59,      26.59,  26.59, 26.59",
        "1.3,        1.3,    1.3,   1.300",
        "0,          0,      0,     0.000",
        "0.0009,     0,      0,     0.000",
        "0.001,      0.001,  0.001, 0.001",
        "9.9999,     9.999,  9.999, 9.999",
        "12.3456,    12.34,  12.34, 12.34",
        "123.456,    123.4,  123.4, 123.4",
        "100,        100,    100,   100.0",
        "1234.9,     1234,   1234,  1234.",
        "9999.99,    9999,   9999,  9999.",
    })
    void floorsAndFormats(String in, String floor, String wire, String fixed) {
        BigDecimal f = NeNumber.floor(new BigDecimal(in));
        assertEquals(0, new BigDecimal(floor).compareTo(f));
        assertEquals(wire, NeNumber.format(f));
        assertEquals(fixed, NeNumber.formatFixed(f));
        assertTrue(NeNumber.formatFixed(f).length() == 5);
    }

    @Test
    void rejectsWhatDoesNotFit() {
        assertThrows(IllegalArgumentException.class, () -> NeNumber.floor(new BigDecimal("10000")));
        assertThrows(IllegalArgumentException.class, () -> NeNumber.floor(new BigDecimal("-1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NeNumber.format(new BigDecimal("12.345")));
        assertTrue(e.getMessage().contains("12.345"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"26.59, 26.59", "1.300, 1.3", ".5, 0.5", "9999., 9999", "0.000, 0"})
    void parsesPumpNumbers(String text, String value) throws Exception {
        assertEquals(0, new BigDecimal(value).compareTo(NeNumber.parse(text)));
    }

    @ParameterizedTest
    @CsvSource({"''", "-1", "1e3", "1.2.3", ".", "+5", "123456789", "'1,5'"})
    void rejectsNonNumbers(String text) {
        assertThrows(NeFormatException.class, () -> NeNumber.parse(text));
    }

    @ParameterizedTest(name = "{0} uL/h -> {1}")
    @CsvSource({
        "10000,     10MH",     // 10 mL/h exactly
        "52500,     52.5MH",   // 52.5 mL/h (clinical worked example)
        "231000,    231MH",
        "1000,      1MH",      // tie with 1000UH: fewer digits
        "12345,     205.7UM",  // 12342 uL/h: closer than 12.34MH (12340); UH would need 5 digits
        "1,         1UH",      // exact tie with 0.001MH: fewer digits win
        "9999,      9.999MH",  // tie, same digits: mL/h preferred
        "52500,     52.5MH",   // tie with 875UM, same digits: mL/h preferred
        "59999999,  999.9MM",
    })
    @DisplayName("rate unit choice picks the closest rate not above the request")
    void rateUnitChoice(long ulPerHour, String wire) {
        NeRate rate = NeRate.floorOf(new FlowRate(ulPerHour)).orElseThrow();
        assertEquals(wire, rate.wire());
        assertTrue(rate.microlitresPerHour().compareTo(BigDecimal.valueOf(ulPerHour)) <= 0);
    }

    @Test
    @DisplayName("SR-A3: no rate is ever rounded up, in any unit")
    void neverRoundsUp() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            long ul = 1 + (long) (random.nextDouble() * random.nextDouble() * 599_000_000L);
            FlowRate requested = new FlowRate(ul);
            NeRate best = NeRate.floorOf(requested).orElseThrow();
            assertTrue(best.microlitresPerHour().compareTo(BigDecimal.valueOf(ul)) <= 0, requested + " -> " + best);
            for (NeRateUnit unit : NeRateUnit.values()) {
                Optional<NeRate> r = NeRate.floorOf(requested, unit);
                r.ifPresent(x -> {
                    assertTrue(x.microlitresPerHour().compareTo(BigDecimal.valueOf(ul)) <= 0, requested + " -> " + x);
                    assertTrue(best.microlitresPerHour().compareTo(x.microlitresPerHour()) >= 0, "best is best");
                });
            }
        }
    }

    @Test
    void rateFloorsInAFixedUnitAndRejectsWhatCannotBeSent() {
        assertEquals("166.6UM", NeRate.floorOf(new FlowRate(10_000), NeRateUnit.UM).orElseThrow().wire());
        assertEquals(Optional.empty(), NeRate.floorOf(new FlowRate(10_000_000), NeRateUnit.UH));
        assertEquals(Optional.empty(), NeRate.floorOf(FlowRate.ZERO));
        assertEquals(Optional.empty(), NeRate.floorOf(new FlowRate(600_000_000)), "10000 mL/min does not fit");
        assertEquals(Optional.empty(), NeRate.floorOf(new FlowRate(59), NeRateUnit.MM));
    }

    @Test
    void rateReadBack() throws Exception {
        NeRate r = NeRate.parse("10.00MH");
        assertEquals(new FlowRate(10_000), r.flowRateFloor());
        assertEquals(NeRateUnit.MH, r.unit());
        assertEquals(new FlowRate(0), NeRate.parse("0.001UM").flowRateFloor());
        assertThrows(NeFormatException.class, () -> NeRate.parse("10.00XX"));
        assertThrows(NeFormatException.class, () -> NeRate.parse("MH"));
    }

    @Test
    void volumesFloorInTheirUnit() throws Exception {
        assertEquals("5", NeVolume.floorOf(Volume.ofMicrolitres(5_000), NeVolumeUnit.ML).orElseThrow().wireNumber());
        assertEquals("5000", NeVolume.floorOf(Volume.ofMicrolitres(5_000), NeVolumeUnit.UL).orElseThrow().wireNumber());
        assertEquals("12.34", NeVolume.floorOf(Volume.ofMicrolitres(12_345), NeVolumeUnit.ML).orElseThrow().wireNumber());
        assertEquals(Optional.empty(), NeVolume.floorOf(Volume.ofMicrolitres(12_345), NeVolumeUnit.UL));
        assertEquals(NeVolume.parse("5.000ML").volume(RoundingMode.UNNECESSARY), Volume.ofMicrolitres(5000));
        assertEquals(NeVolumeUnit.UL, NeVolumeUnit.forDiameter(new BigDecimal("14.00")));
        assertEquals(NeVolumeUnit.ML, NeVolumeUnit.forDiameter(new BigDecimal("14.43")));
    }

    @Test
    void dispensedParsesAndRoundTrips() throws Exception {
        NeDispensed d = NeDispensed.parse("I1.200W0.000ML");
        assertEquals(Volume.ofMicrolitres(1200), d.infusedVolume(RoundingMode.UNNECESSARY));
        assertEquals(Volume.ZERO, d.withdrawnVolume(RoundingMode.UNNECESSARY));
        assertEquals("I1.200W0.000ML", d.wire());
        NeDispensed ul = NeDispensed.parse("I12.34W.5UL");
        assertEquals(new BigDecimal("12.34"), ul.infusedMicrolitres());
        assertEquals(Volume.ofMicrolitres(12), ul.infusedVolume(RoundingMode.DOWN));
        for (String bad : new String[] {"", "I1.2ML", "X1W2ML", "I1W2XL", "I1WML", "IW1ML", "I1W2.3.4UL"}) {
            assertThrows(NeFormatException.class, () -> NeDispensed.parse(bad), bad);
        }
    }

    @Test
    void versionParses() throws Exception {
        assertEquals(new NeVersion("NE1000", "3.928"), NeVersion.parse("NE1000V3.928"));
        assertEquals(new NeVersion("NE500", "3.1"), NeVersion.parse("NE500V3.1"));
        assertEquals("NE1000V3.928", new NeVersion("NE1000", "3.928").wire());
        assertThrows(NeFormatException.class, () -> NeVersion.parse("hello"));
    }
}
