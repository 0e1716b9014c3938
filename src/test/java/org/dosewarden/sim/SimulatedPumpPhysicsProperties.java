package org.dosewarden.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** However time is sliced, the delivered volume is floor(rate x total time), exactly. */
class SimulatedPumpPhysicsProperties {

    @Property(tries = 200)
    void slicingDoesNotChangeTheVolume(@ForAll @IntRange(min = 24, max = 9999) int microlitresPerHour,
                                       @ForAll @Size(min = 1, max = 40) List<@LongRange(min = 0, max = 600_000_000_000L) Long> slices) {
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
    }
}
