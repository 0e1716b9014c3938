package org.dosewarden.pump.newera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.dosewarden.testing.Theories.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Random and mutated byte streams never break the decoders nor pass as frames they are not. */
class NeCodecFuzzTest {

    @Test
    void fourHundredThousandSeededCases() {
        NeCodecFuzzer fuzzer = new NeCodecFuzzer(20260101L);
        List<NeCodecFuzzer.Failure> failures = fuzzer.run(100_000);
        assertEquals(List.of(), failures);
        assertTrue(fuzzer.cases() >= 400_000, "cases run: " + fuzzer.cases());
        // The intact-frame check must have had frames to find, not passed on streams mutated beyond recognition.
        assertTrue(fuzzer.intactFrames() >= 100_000, "intact reply frames: " + fuzzer.intactFrames());
    }

    @Test
    void anyBytesDecodeWithoutThrowing() {
        qt(2_000).forAll(streams()).checkAssert(NeCodecFuzzTest::decodesCleanly);
    }

    private static void decodesCleanly(byte[] input) {
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

    /** Up to 80 bytes, half of them the protocol's own (STX, ETX, CR, address, status letters). */
    static Gen<byte[]> streams() {
        Gen<Byte> interesting = Generate.pick(List.of((byte) 2, (byte) 3, (byte) 13, (byte) '0', (byte) 7, (byte) 'S'));
        Gen<Byte> any = Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
        return Generate.byteArrays(integers().between(0, 80), Generate.oneOf(any, interesting));
    }
}
