package org.dosewarden.pump.ultra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Ultra codec: requests and replies round trip byte for byte, the replies recorded from a real Legato 100
 * (Ddedalus/syringe-pump, tests/casette.json) decode, and malformed or damaged replies are reported as garbled,
 * never as replies.
 */
class UltraCodecTest {

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static List<UltraReplyEvent> decodeAll(String wire) {
        UltraReplyDecoder d = new UltraReplyDecoder();
        d.feed(bytes(wire));
        List<UltraReplyEvent> events = new ArrayList<>();
        for (Optional<UltraReplyEvent> e = d.next(); e.isPresent(); e = d.next()) {
            events.add(e.get());
        }
        return events;
    }

    static UltraReply one(String wire) {
        List<UltraReplyEvent> events = decodeAll(wire);
        assertEquals(1, events.size(), events.toString());
        return assertInstanceOf(UltraReplyEvent.Reply.class, events.getFirst()).reply();
    }

    @Test
    @DisplayName("requests: address with a colon when not 0, CR at the end, and parsed back by the pump side")
    void requests() throws Exception {
        assertArrayEquals(bytes("irate 84 ml/hr\r"), UltraRequest.of(0, "irate", "84 ml/hr").encode());
        assertArrayEquals(bytes("12:irate 3.2 ul/min\r"), UltraRequest.of(12, "irate", "3.2 ul/min").encode());
        assertArrayEquals(bytes("\r"), UltraRequest.statusQuery(0).encode());
        assertArrayEquals(bytes("07:\r"), UltraRequest.statusQuery(7).encode());
        for (UltraRequest r : List.of(UltraRequest.of(0, "irate", "84 ml/hr"), UltraRequest.of(12, "tvolume", "5.123 ml"),
                UltraRequest.statusQuery(3), UltraRequest.of(99, "nvram", "none"))) {
            String line = new String(r.encode(), StandardCharsets.ISO_8859_1);
            assertEquals(r, UltraRequest.parse(line.substring(0, line.length() - 1)));
        }
        // What public drivers send: address without colon (flowchem, Pico Plus), upper case, extra spaces.
        assertEquals(UltraRequest.of(0, "ver", ""), UltraRequest.parse("0VER"));
        assertEquals(UltraRequest.of(5, "irate", "1 ml/min"), UltraRequest.parse("05irate  1 ml/min "));
        assertThrows(UltraFormatException.class, () -> UltraRequest.parse("irate\u0001 1 ml/min"));
        assertThrows(IllegalArgumentException.class, () -> UltraRequest.of(100, "ver", ""));
        assertThrows(IllegalArgumentException.class, () -> UltraRequest.of(0, "VER", ""));
    }

    @Test
    @DisplayName("replies recorded from a Legato 100 in poll mode decode to lines and prompt")
    void recordedLegatoReplies() {
        assertEquals(new UltraReply(0, UltraPrompt.IDLE, List.of("199.49 ul/min")), one("\n199.49 ul/min\r\n:\u0011"));
        assertEquals(new UltraReply(0, UltraPrompt.INFUSING, List.of()), one("\n>\u0011"));
        assertEquals(new UltraReply(0, UltraPrompt.WITHDRAWING, List.of()), one("\n<\u0011"));
        assertEquals(new UltraReply(2, UltraPrompt.IDLE, List.of("Pump address set to 2")),
                one("\nPump address set to 2\r\n02:\u0011"));
        assertEquals(List.of("Firmware:      v3.0.6", "Pump address:  0", "Serial number: D101754"),
                one("\nFirmware:      v3.0.6\r\nPump address:  0\r\nSerial number: D101754\r\n:\u0011").lines());
        UltraReply error = one("\nArgument error: 200\r\n   Unknown syringe\r\n:\u0011");
        assertEquals(Optional.of(UltraError.ARGUMENT_ERROR), error.error());
        assertEquals("25.0404 nl/min to 26.0035 ml/min", one("\n25.0404 nl/min to 26.0035 ml/min\r\n:\u0011").firstLine());
    }

    @Test
    @DisplayName("every prompt, with and without an address, round trips through encode and the decoder")
    void promptsRoundTrip() {
        for (UltraPrompt p : UltraPrompt.values()) {
            for (int address : new int[] {0, 1, 42, 99}) {
                for (List<String> lines : List.of(List.<String>of(), List.of("84 ml/hr"), List.of("a", "b c", ""))) {
                    UltraReply r = new UltraReply(address, p, lines);
                    assertEquals(r, one(new String(r.encode(true), StandardCharsets.ISO_8859_1)));
                }
            }
        }
        assertEquals(UltraPrompt.TARGET_REACHED, one("\nT*\u0011").prompt());
        assertEquals(UltraPrompt.STALLED, one("\n07*\u0011").prompt());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        ":\u0011",                      // no line feed first
        "\n84 ml/hr\r\n\u0011",          // no prompt
        "\n84 ml/hr\r\n:x\u0011",        // something after the prompt
        "\n84 ml/hr\n:\u0011",           // LF without CR between lines
        "\n84 m\u0003l/hr\r\n:\u0011",   // a control byte in a line
        "\n84 ml/hr\r\n1:\u0011",        // one address digit
        "\n84 ml/hr\r\nT:\u0011",        // T without *
        "\n\u00e4\r\n:\u0011",           // not ASCII
    })
    @DisplayName("malformed replies are garbled, never replies")
    void malformed(String wire) {
        List<UltraReplyEvent> events = decodeAll(wire);
        assertEquals(1, events.size(), events.toString());
        assertInstanceOf(UltraReplyEvent.Garbled.class, events.getFirst());
    }

    @Test
    @DisplayName("a reply split anywhere decodes the same; junk up to the next XON is one garbled event")
    void incremental() {
        String wire = "\n199.49 ul/min\r\n:\u0011\nT*\u0011";
        for (int cut = 0; cut <= wire.length(); cut++) {
            UltraReplyDecoder d = new UltraReplyDecoder();
            List<UltraReplyEvent> events = new ArrayList<>();
            d.feed(bytes(wire.substring(0, cut)));
            for (Optional<UltraReplyEvent> e = d.next(); e.isPresent(); e = d.next()) {
                events.add(e.get());
            }
            d.feed(bytes(wire.substring(cut)));
            for (Optional<UltraReplyEvent> e = d.next(); e.isPresent(); e = d.next()) {
                events.add(e.get());
            }
            assertEquals(2, events.size(), "cut at " + cut + ": " + events);
            assertInstanceOf(UltraReplyEvent.Reply.class, events.get(0));
            assertInstanceOf(UltraReplyEvent.Reply.class, events.get(1));
        }
        UltraReplyDecoder d = new UltraReplyDecoder();
        d.feed(bytes("\u00ff\u00fe\n:"));
        assertTrue(d.next().isEmpty(), "no XON yet");
        assertEquals(Optional.of(new UltraReply(0, UltraPrompt.IDLE, List.of())), d.unterminated(),
                "a pump not in poll mode: the reply ends at the prompt... after the junk is gone");
    }

    @Test
    @DisplayName("SR-D7: one bit flipped anywhere in a reply never makes a different valid reply with another prompt")
    void bitFlipsInPromptsAreCaughtOrConfirmedAway() {
        // A single flip can turn ':' into '*' (0x3a vs 0x2a): the codec cannot see that, which is why the driver
        // believes a prompt only when two replies agree. What the codec must never do is throw or read past XON.
        Random random = new Random(17);
        UltraReply r = new UltraReply(0, UltraPrompt.IDLE, List.of("84 ml/hr"));
        byte[] wire = r.encode(true);
        for (int i = 0; i < 2_000; i++) {
            byte[] copy = wire.clone();
            int at = random.nextInt(copy.length);
            copy[at] ^= (byte) (1 << random.nextInt(8));
            UltraReplyDecoder d = new UltraReplyDecoder();
            d.feed(copy);
            d.feed(wire);
            List<UltraReplyEvent> events = new ArrayList<>();
            for (Optional<UltraReplyEvent> e = d.next(); e.isPresent(); e = d.next()) {
                events.add(e.get());
            }
            assertTrue(!events.isEmpty() && events.size() <= 3, events.toString());
            if (at == wire.length - 1) {
                // The XON itself was hit: the damaged reply runs into the clean one and both are one garbled event
                // (the driver drops it and asks again).
                assertInstanceOf(UltraReplyEvent.Garbled.class, events.getFirst(), events.toString());
            } else {
                assertEquals(new UltraReplyEvent.Reply(r), events.getLast(), "the clean reply after the damaged one");
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1} uL/h")
    @CsvSource({
        "199.49 ul/min, 11969.4", "1 ml/min, 60000", "84 ml/hr, 84000", "25.0404 nl/min, 1.502424",
        "26.0035 ml/min, 1560210", "750 ul/hr, 750", ".5 ml/hr, 500", "2 ul/sec, 7200", "3 ml/h, 3000"})
    void rates(String text, String microlitresPerHour) throws Exception {
        assertEquals(0, new BigDecimal(microlitresPerHour).compareTo(UltraQuantity.parseRateMicrolitresPerHour(text)));
    }

    @Test
    @DisplayName("rate and volume arguments are floored, never rounded up, in ul or ml units")
    void arguments() throws Exception {
        assertEquals("750 ul/hr", UltraQuantity.rateArgument(new FlowRate(750)));
        assertEquals("9999 ul/hr", UltraQuantity.rateArgument(new FlowRate(9_999)));
        assertEquals("84 ml/hr", UltraQuantity.rateArgument(new FlowRate(84_000)));
        assertEquals("12.34 ml/hr", UltraQuantity.rateArgument(new FlowRate(12_345)), "floored to four digits");
        assertEquals(12_340, UltraQuantity.rateArgumentMicrolitresPerHour(new FlowRate(12_345)));
        assertEquals("999.9 ml/hr", UltraQuantity.rateArgument(new FlowRate(999_999)));
        assertThrows(IllegalArgumentException.class, () -> UltraQuantity.rateArgument(FlowRate.ZERO));
        assertEquals("750 ul", UltraQuantity.volumeArgument(Volume.ofMicrolitres(750)));
        assertEquals("12.34 ml", UltraQuantity.volumeArgument(Volume.ofMicrolitres(12_345)));
        assertEquals("26.59", UltraQuantity.diameterArgument(new BigDecimal("26.590")));
        assertEquals("4.6999", UltraQuantity.diameterArgument(new BigDecimal("4.69999")));
        assertEquals(0, new BigDecimal("8628.4").compareTo(UltraQuantity.parseVolumeMicrolitres("8.6284 ml")));
        assertEquals(0, new BigDecimal("7.262").compareTo(UltraQuantity.parseMillimetres("7.2620 mm")));
        assertThrows(UltraFormatException.class, () -> UltraQuantity.parseVolumeMicrolitres("8.6 ml/min"));
        assertThrows(UltraFormatException.class, () -> UltraQuantity.parseRateMicrolitresPerHour("8.6 ml"));
        assertThrows(UltraFormatException.class, () -> UltraQuantity.parseRateMicrolitresPerHour("8.6 ml/fortnight"));
        assertThrows(UltraFormatException.class, () -> UltraQuantity.parseVolumeMicrolitres("-1 ml"));
        assertThrows(UltraFormatException.class, () -> UltraQuantity.parseVolumeMicrolitres("Target volume not set"));
    }
}
