package org.dosewarden.pump.newera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Random and mutated byte streams never break the decoders nor pass as frames they are not. */
class NeCodecFuzzTest {

    @Test
    void fourHundredThousandSeededCases() {
        NeCodecFuzzer fuzzer = new NeCodecFuzzer(20260101L);
        List<NeCodecFuzzer.Failure> failures = fuzzer.run(100_000);
        assertEquals(List.of(), failures);
        assertTrue(fuzzer.cases() >= 400_000, "cases run: " + fuzzer.cases());
    }

    @Property(tries = 2_000)
    void anyBytesDecodeWithoutThrowing(@ForAll("streams") byte[] input) {
        for (NeFrameDecoder d : new NeFrameDecoder[] {NeFrameDecoder.forReplies(), NeFrameDecoder.forRequests()}) {
            d.feed(input);
            int events = 0;
            do {
                while (d.next().isPresent()) {
                    events++;
                }
            } while (d.discardPartial());
            assertTrue(events <= input.length, "no more events than bytes");
            assertEquals(0, d.pending());
        }
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) 2, (byte) 3, (byte) 13, (byte) '0', (byte) 7, (byte) 'S');
        return Arbitraries.oneOf(Arbitraries.bytes(), interesting).array(byte[].class).ofMaxSize(80);
    }
}
