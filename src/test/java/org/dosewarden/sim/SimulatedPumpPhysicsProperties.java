package org.dosewarden.sim;

import static org.dosewarden.testing.Theories.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** However time is sliced, the delivered volume is floor(rate x total time), exactly. */
class SimulatedPumpPhysicsProperties {

    @Test
    @DisplayName("the simulated pump delivers floor(rate × time) however time is sliced")
    void slicingDoesNotChangeTheVolume() {
        qt(200).forAll(integers().between(24, 9999), lists().of(longs().between(0, 600_000_000_000L)).ofSizeBetween(1, 40))
                .checkAssert((microlitresPerHour, slices) -> {
                    SimLine line = SimLine.acknowledged();
                    assertEquals("00S", line.basic("0RAT" + microlitresPerHour + "UH"));
                    assertEquals("00I", line.basic("0RUN"));
                    long total = 0;
                    for (long slice : slices) {
                        line.advance(Duration.ofNanos(slice));
                        total += slice;
                        line.pump.tick();
                    }
                    long expected = BigInteger.valueOf(microlitresPerHour * 1000L).multiply(BigInteger.valueOf(total))
                            .divide(BigInteger.valueOf(3_600_000_000_000L)).longValueExact();
                    assertEquals(expected, line.pump.truth().infusedNanolitres());
                    assertEquals(expected, line.pump.reportedDispensed().infusedNanolitres());
                });
    }
}
