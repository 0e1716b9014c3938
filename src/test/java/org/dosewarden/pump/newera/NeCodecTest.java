package org.dosewarden.pump.newera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Framing, CRC and reply/request grammar against the vectors of pump-protocols.md §1.5. */
class NeCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void crcCheckValueOfXmodem() {
        assertEquals(0x31C3, Crc16Xmodem.of("123456789".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0x5543, Crc16Xmodem.of("SAF0".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0, Crc16Xmodem.of(new byte[0]));
    }

    @ParameterizedTest(name = "safe packet of ''{0}'' is {1}")
    @CsvSource({
        "SAF0,    020853414630554303",
        "0SAF10,  020a305341463130 63be03",
        "00RUN,   020930305255 4e48e903",
        "00S,     0207303053aaa603",
        "00A?T,   020930304 13f54054003",
        "'',      0204000003",
    })
    void safeFramesMatchTheReferenceVectors(String payload, String hex) {
        byte[] expected = HEX.parseHex(hex.replace(" ", ""));
        assertArrayEquals(expected, NeFrames.safe(payload));

        NeFrameDecoder replies = NeFrameDecoder.forReplies();
        NeFrameDecoder requests = NeFrameDecoder.forRequests();
        replies.feed(expected);
        requests.feed(expected);
        assertEquals(Optional.of(new NeFrameEvent.Frame(NeFraming.SAFE, payload)), requests.next());
        assertEquals(Optional.of(new NeFrameEvent.Frame(NeFraming.SAFE, payload)), replies.next());
        assertEquals(Optional.empty(), replies.next());
        assertEquals(0, replies.pending());
    }

    @Test
    void basicFramesBothDirections() {
        assertArrayEquals("0DIA26.59\r".getBytes(StandardCharsets.US_ASCII), NeFrames.basicRequest("0DIA26.59"));
        assertArrayEquals(new byte[] {2, '0', '0', 'S', 3}, NeFrames.basicReply("00S"));
        NeFrameDecoder d = NeFrameDecoder.forReplies();
        d.feed(NeFrames.basicReply("00S26.59"));
        assertEquals(Optional.of(new NeFrameEvent.Frame(NeFraming.BASIC, "00S26.59")), d.next());

        NeFrameDecoder r = NeFrameDecoder.forRequests();
        r.feed("0DIA26.59\r1RUN\r".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Optional.of(new NeFrameEvent.Frame(NeFraming.BASIC, "0DIA26.59")), r.next());
        assertEquals(Optional.of(new NeFrameEvent.Frame(NeFraming.BASIC, "1RUN")), r.next());
        assertEquals(Optional.empty(), r.next());
    }

    @Test
    void framesArriveOneByteAtATime() {
        byte[] stream = concat(NeFrames.safe("00S"), NeFrames.basicReply("01P"), NeFrames.safe("00A?S"));
        NeFrameDecoder d = NeFrameDecoder.forReplies();
        List<NeFrameEvent> events = new ArrayList<>();
        for (byte b : stream) {
            d.feed(new byte[] {b});
            d.next().ifPresent(events::add);
        }
        assertEquals(List.of(
                new NeFrameEvent.Frame(NeFraming.SAFE, "00S"),
                new NeFrameEvent.Frame(NeFraming.BASIC, "01P"),
                new NeFrameEvent.Frame(NeFraming.SAFE, "00A?S")), events);
    }

    @Test
    @DisplayName("safe frames are parsed by length: CRC bytes equal to STX/ETX do not end or restart a frame")
    void crcBytesThatLookLikeFramingBytes() {
        // Search for payloads whose CRC contains 0x02 or 0x03 and check they decode whole.
        int found = 0;
        for (int i = 0; i < 20_000 && found < 20; i++) {
            String payload = "00S" + i;
            int crc = Crc16Xmodem.of(payload.getBytes(StandardCharsets.US_ASCII));
            int hi = crc >>> 8;
            int lo = crc & 0xFF;
            if (hi == 2 || hi == 3 || lo == 2 || lo == 3) {
                found++;
                NeFrameDecoder d = NeFrameDecoder.forReplies();
                d.feed(NeFrames.safe(payload));
                assertEquals(Optional.of(new NeFrameEvent.Frame(NeFraming.SAFE, payload)), d.next(), payload);
                NeFrameDecoder r = NeFrameDecoder.forRequests();
                r.feed(NeFrames.safe(payload));
                assertEquals(Optional.of(new NeFrameEvent.Frame(NeFraming.SAFE, payload)), r.next(), payload);
            }
        }
        assertEquals(20, found);
    }

    @Test
    void crcMismatchIsReportedAndTheNextFrameStillFound() {
        byte[] bad = NeFrames.safe("00S");
        bad[bad.length - 2] ^= 0x01;
        NeFrameDecoder d = NeFrameDecoder.forReplies();
        d.feed(concat(bad, NeFrames.safe("00I")));
        NeFrameEvent first = d.next().orElseThrow();
        NeFrameEvent.Corrupt corrupt = assertInstanceOf(NeFrameEvent.Corrupt.class, first);
        assertEquals(NeFraming.SAFE, corrupt.framing());
        assertTrue(corrupt.reason().startsWith("CRC mismatch"), corrupt.reason());
        assertEquals(Optional.of(new NeFrameEvent.Frame(NeFraming.SAFE, "00I")), d.next());
    }

    @Test
    void junkBeforeBetweenAndInsideIsSkipped() {
        byte[] stream = concat("garbage\r\n".getBytes(StandardCharsets.US_ASCII), new byte[] {3, 3, 2, (byte) 0xFF},
                NeFrames.basicReply("00S"), new byte[] {0x02, '0', '0', 0x01, 0x03}, NeFrames.safe("00P"));
        NeFrameDecoder d = NeFrameDecoder.forReplies();
        d.feed(stream);
        assertEquals(Optional.of(new NeFrameEvent.Frame(NeFraming.BASIC, "00S")), d.next());
        assertInstanceOf(NeFrameEvent.Corrupt.class, d.next().orElseThrow());
        assertEquals(Optional.of(new NeFrameEvent.Frame(NeFraming.SAFE, "00P")), d.next());
        assertEquals(Optional.empty(), d.next());
        assertTrue(d.discardedBytes() > 10);
    }

    @Test
    @DisplayName("a partial frame waits for more bytes; discardPartial drops it like the pump's 0.5 s rule")
    void partialFrameAndInterByteTimeout() {
        NeFrameDecoder d = NeFrameDecoder.forReplies();
        byte[] full = NeFrames.safe("00S");
        d.feed(full, 0, 4);
        assertEquals(Optional.empty(), d.next());
        assertEquals(4, d.pending());
        assertTrue(d.discardPartial());
        assertEquals(Optional.empty(), d.next());
        d.feed(full);
        assertEquals(Optional.of(new NeFrameEvent.Frame(NeFraming.SAFE, "00S")), d.next());

        // A junk STX + big length in the request direction would swallow the next packet: discarding recovers it.
        NeFrameDecoder r = NeFrameDecoder.forRequests();
        r.feed(new byte[] {2, (byte) 200});
        r.feed(NeFrames.safe("00RUN"));
        assertEquals(Optional.empty(), r.next());
        assertTrue(r.discardPartial());
        assertEquals(Optional.of(new NeFrameEvent.Frame(NeFraming.SAFE, "00RUN")), r.next());
    }

    @Test
    void safeRequestWithBadLengthIsCorrupt() {
        NeFrameDecoder r = NeFrameDecoder.forRequests();
        r.feed(new byte[] {2, 3});
        r.feed(NeFrames.basicRequest("0RUN"));
        assertInstanceOf(NeFrameEvent.Corrupt.class, r.next().orElseThrow());
        // The length byte 3 is then an unterminated basic line start followed by "0RUN\r".
        assertEquals(Optional.of(new NeFrameEvent.Frame(NeFraming.BASIC, "\u00030RUN")), r.next());
    }

    @ParameterizedTest
    @EnumSource(NeStatus.class)
    void everyPromptRoundTrips(NeStatus status) throws Exception {
        NeReply reply = new NeReply.Prompt(7, status, "26.59");
        assertEquals("07" + status.code() + "26.59", reply.payload());
        assertEquals(reply, NeReply.parse(reply.payload()));
        for (NeFraming f : NeFraming.values()) {
            NeFrameDecoder d = NeFrameDecoder.forReplies();
            d.feed(NeFrames.reply(f, reply.payload()));
            NeFrameEvent.Frame frame = assertInstanceOf(NeFrameEvent.Frame.class, d.next().orElseThrow());
            assertEquals(reply, NeReply.parse(frame.payload()));
        }
    }

    @ParameterizedTest
    @EnumSource(NeAlarm.class)
    void everyAlarmRoundTrips(NeAlarm alarm) throws Exception {
        NeReply reply = new NeReply.Alarm(0, alarm);
        assertEquals("00A?" + alarm.code(), reply.payload());
        assertEquals(reply, NeReply.parse(reply.payload()));
    }

    @ParameterizedTest
    @EnumSource(NeError.class)
    void everyCommandErrorRoundTrips(NeError error) throws Exception {
        NeReply reply = new NeReply.Refused(99, NeStatus.INFUSING, error);
        assertEquals("99I" + error.wire(), reply.payload());
        assertEquals(reply, NeReply.parse(reply.payload()));
    }

    @Test
    void errorRepliesFromTheReference() throws Exception {
        assertEquals(new NeReply.Refused(0, NeStatus.STOPPED, NeError.NOT_RECOGNIZED), NeReply.parse("00S?"));
        assertEquals(new NeReply.Refused(0, NeStatus.INFUSING, NeError.NOT_APPLICABLE), NeReply.parse("00I?NA"));
        assertEquals(new NeReply.Refused(0, NeStatus.STOPPED, NeError.OUT_OF_RANGE), NeReply.parse("00S?OOR"));
        assertEquals(new NeReply.Refused(0, NeStatus.STOPPED, NeError.BAD_PACKET), NeReply.parse("00S?COM"));
        assertEquals(new NeReply.Refused(0, NeStatus.PAUSED, NeError.IGNORED), NeReply.parse("00P?IGN"));
        assertTrue(NeError.BAD_PACKET.retryable());
        assertTrue(NeError.IGNORED.retryable());
        assertFalse(NeError.OUT_OF_RANGE.retryable());
        assertEquals(new NeReply.Alarm(12, NeAlarm.RESET), NeReply.parse("12A?R"));
        assertEquals(new NeReply.Prompt(0, NeStatus.STOPPED, ""), NeReply.parse("00S"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0S|shorter than address + status",
        "A0S|2-digit address",
        "00Z|unknown status 'Z'",
        "00A?|truncated alarm",
        "00A?Q|unknown alarm code 'Q'",
        "00S?XYZ|unknown command error '?XYZ'",
        "00S1 2|non-printable byte at 4",
    })
    void malformedRepliesNameWhatIsWrong(String payload, String message) {
        NeFormatException e = assertThrows(NeFormatException.class, () -> NeReply.parse(payload));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(Optional.empty(), NeReply.tryParse(payload));
    }

    @Test
    void requestsEncodeAndParse() throws Exception {
        assertEquals("0DIA26.59", NeRequest.of(0, "DIA", "26.59").payload());
        assertEquals("12", NeRequest.statusQuery(12).payload());
        assertEquals("*ADR5B9600", NeRequest.system("ADR", "5B9600").payload());

        assertEquals(NeRequest.of(0, "DIA", "26.59"), NeRequest.parse(NeFraming.BASIC, " 0 dia 26.59\n"));
        assertEquals(NeRequest.of(0, "VOL", "UL"), NeRequest.parse(NeFraming.SAFE, "00VOLUL"));
        assertEquals(NeRequest.of(3, "DIN", "1"), NeRequest.parse(NeFraming.SAFE, "3DIN1"));
        assertEquals(NeRequest.statusQuery(5), NeRequest.parse(NeFraming.SAFE, "05"));
        assertEquals(new NeRequest(new NeTarget.Unaddressed(), "SAF", "0"), NeRequest.parse(NeFraming.SAFE, "SAF0"));
        assertEquals(NeRequest.system("RESET", ""), NeRequest.parse(NeFraming.SAFE, "*RESET"));
        NeRequest unknown = NeRequest.parse(NeFraming.SAFE, "0XYZ12");
        assertFalse(unknown.isKnownCommand());
        assertEquals("XYZ", unknown.command());
        // Safe mode does not upper-case: lower-case is not a command word.
        assertThrows(NeFormatException.class, () -> NeRequest.parse(NeFraming.SAFE, "0dia"));
        assertThrows(NeFormatException.class, () -> NeRequest.parse(NeFraming.SAFE, "*"));
        assertThrows(NeFormatException.class, () -> NeRequest.parse(NeFraming.SAFE, "123"));
        assertThrows(IllegalArgumentException.class, () -> NeRequest.of(100, "RUN"));
    }

    @Test
    void basicRequestMustNotContainCr() {
        assertThrows(IllegalArgumentException.class, () -> NeFrames.basicRequest("0RUN\r"));
        assertThrows(IllegalArgumentException.class, () -> NeFrames.basicReply("00S\u0003"));
        assertThrows(IllegalArgumentException.class, () -> NeFrames.safe("x".repeat(252)));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
