package org.dosewarden.pump.newera;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.dosewarden.pump.line.PumpExchange;

/**
 * Incremental decoder of a New Era byte stream, in one direction. Feed it whatever the transport
 * delivered ({@link #feed}), then take events with {@link #next()} until it is empty. It never throws on
 * input: junk between frames is dropped (and counted), frames that fail a check are reported as
 * {@link NeFrameEvent.Corrupt} and scanning resumes at the byte after the bad frame's start, so a good
 * frame hidden behind garbage is still found.
 *
 * <p>Safe frames are parsed by their length byte, never by scanning for ETX: the CRC bytes may
 * legally be 0x02 or 0x03. A frame whose length promises more bytes than have arrived stays pending;
 * call {@link #discardPartial()} when the line has been quiet for longer than the inter-byte timeout
 * (the pump discards a partial packet after 0.5 s, and so should its peer).
 *
 * <p>Not thread-safe: one owner feeds and drains it.
 */
public final class NeFrameDecoder implements PumpExchange.Decoder<NeFrameEvent> {

    /** Longest basic payload accepted before the candidate is declared corrupt. */
    public static final int MAX_BASIC_PAYLOAD = 250;

    /**
     * In a reply stream both framings start with STX: a basic reply continues with an address digit
     * ('0'..'9' = 0x30..0x39), a safe reply with its length byte. New Era replies are short (the longest,
     * {@code 00SI9999.W9999.ML}, is 17 bytes), so lengths below 0x30 are safe and digits are basic.
     */
    public static final int MAX_SAFE_REPLY_PAYLOAD = 0x30 - 1 - 4;

    private enum Direction { REQUESTS, REPLIES }

    private final Direction direction;
    private byte[] buf = new byte[256];
    private int start;
    private int end;
    private long discarded;

    private NeFrameDecoder(Direction direction) {
        this.direction = direction;
    }

    /** Decodes what a pump sends: basic {@code STX payload ETX} and safe packets, told apart per frame. */
    public static NeFrameDecoder forReplies() {
        return new NeFrameDecoder(Direction.REPLIES);
    }

    /** Decodes what a host sends: basic lines ending in CR, and safe packets starting with STX. */
    public static NeFrameDecoder forRequests() {
        return new NeFrameDecoder(Direction.REQUESTS);
    }

    /** Appends bytes received from the line. */
    public void feed(byte[] data, int offset, int length) {
        if (end + length > buf.length) {
            int live = end - start;
            if (live + length <= buf.length) {
                System.arraycopy(buf, start, buf, 0, live);
            } else {
                byte[] bigger = new byte[Math.max(buf.length * 2, live + length)];
                System.arraycopy(buf, start, bigger, 0, live);
                buf = bigger;
            }
            start = 0;
            end = live;
        }
        System.arraycopy(data, offset, buf, end, length);
        end += length;
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /** The next frame or corrupt frame, or empty when more bytes are needed. */
    public Optional<NeFrameEvent> next() {
        while (start < end) {
            Scan scan = direction == Direction.REPLIES ? scanReply() : scanRequest();
            if (scan == NEED_MORE) {
                return Optional.empty();
            }
            if (scan.event != null) {
                return Optional.of(scan.event);
            }
        }
        return Optional.empty();
    }

    /**
     * Drops a pending partial frame, as the pump does after a 0.5 s gap inside a packet. Bytes after the
     * partial frame's start byte are kept and rescanned, so a frame that began inside it is not lost.
     *
     * @return true when something was dropped
     */
    public boolean discardPartial() {
        if (start >= end) {
            return false;
        }
        if (direction == Direction.REQUESTS && buf[start] != NeFrames.STX) {
            discarded += end - start;
            start = end;
            return true;
        }
        start++;
        discarded++;
        return true;
    }

    /** Bytes buffered but not yet part of a complete frame. */
    public int pending() {
        return end - start;
    }

    /** Bytes dropped as junk so far (outside any frame, or the start byte of a corrupt frame). */
    public long discardedBytes() {
        return discarded;
    }

    /** Drops everything buffered (after reopening a link). */
    public void reset() {
        discarded += end - start;
        start = 0;
        end = 0;
    }

    // --- scanning ---------------------------------------------------------------------------------

    private record Scan(NeFrameEvent event) {}

    private static final Scan NEED_MORE = new Scan(null);
    private static final Scan CONTINUE = new Scan(null);

    private Scan scanReply() {
        int stx = indexOf(NeFrames.STX, start);
        if (stx < 0) {
            skipTo(end);
            return CONTINUE;
        }
        skipTo(stx);
        if (end - start < 2) {
            return NEED_MORE;
        }
        int second = buf[start + 1] & 0xFF;
        if (second >= '0' && second <= '9') {
            return scanBasicReply();
        }
        if (second >= 4 && second <= MAX_SAFE_REPLY_PAYLOAD + 4) {
            return scanSafe();
        }
        // A lone STX followed by something that starts neither framing: line noise.
        skipTo(start + 1);
        return CONTINUE;
    }

    private Scan scanRequest() {
        if (buf[start] == NeFrames.STX) {
            if (end - start < 2) {
                return NEED_MORE;
            }
            int length = buf[start + 1] & 0xFF;
            if (length < 4) {
                return corruptAndSkipStart(NeFraming.SAFE, "safe length byte " + length + " is below the minimum 4", 2);
            }
            return scanSafe();
        }
        for (int i = start; i < end; i++) {
            byte b = buf[i];
            if (b == NeFrames.CR) {
                String line = text(start, i - start);
                start = i + 1;
                return new Scan(new NeFrameEvent.Frame(NeFraming.BASIC, line));
            }
            if (b == NeFrames.STX) {
                // A safe packet interrupts an unfinished line: the line was noise.
                skipTo(i);
                return CONTINUE;
            }
            if (i - start >= MAX_BASIC_PAYLOAD) {
                String seen = NeFrames.printable(buf, start, Math.min(32, i - start)) + "...";
                skipTo(i);
                return new Scan(new NeFrameEvent.Corrupt(NeFraming.BASIC,
                        "request line longer than " + MAX_BASIC_PAYLOAD + " bytes without CR", seen));
            }
        }
        return NEED_MORE;
    }

    private Scan scanBasicReply() {
        for (int i = start + 1; i < end; i++) {
            int b = buf[i] & 0xFF;
            if (b == NeFrames.ETX) {
                String payload = text(start + 1, i - start - 1);
                start = i + 1;
                return new Scan(new NeFrameEvent.Frame(NeFraming.BASIC, payload));
            }
            if (b == NeFrames.STX) {
                return corruptAndSkipStart(NeFraming.BASIC, "STX inside a basic reply before its ETX", i - start);
            }
            if (b < 0x20 || b > 0x7E) {
                return corruptAndSkipStart(NeFraming.BASIC,
                        "non-printable byte 0x" + hex(b) + " inside a basic reply", i - start + 1);
            }
            if (i - start > MAX_BASIC_PAYLOAD) {
                return corruptAndSkipStart(NeFraming.BASIC,
                        "basic reply longer than " + MAX_BASIC_PAYLOAD + " bytes without ETX", 32);
            }
        }
        return NEED_MORE;
    }

    private Scan scanSafe() {
        int length = buf[start + 1] & 0xFF;
        int total = length + 1; // STX is not counted by the length byte
        if (end - start < total) {
            return NEED_MORE;
        }
        int payloadLength = length - 4;
        int payloadAt = start + 2;
        int crcAt = payloadAt + payloadLength;
        if (buf[start + total - 1] != NeFrames.ETX) {
            return corruptAndSkipStart(NeFraming.SAFE, "safe packet of length " + length
                    + " does not end in ETX (found 0x" + hex(buf[start + total - 1] & 0xFF) + ")", total);
        }
        int received = ((buf[crcAt] & 0xFF) << 8) | (buf[crcAt + 1] & 0xFF);
        int computed = Crc16Xmodem.of(buf, payloadAt, payloadLength);
        if (received != computed) {
            return corruptAndSkipStart(NeFraming.SAFE, "CRC mismatch: packet says 0x" + hex4(received)
                    + ", payload gives 0x" + hex4(computed), total);
        }
        String payload = text(payloadAt, payloadLength);
        start += total;
        return new Scan(new NeFrameEvent.Frame(NeFraming.SAFE, payload));
    }

    /** Reports the candidate at {@code start} as corrupt and resumes scanning at the byte after its start. */
    private Scan corruptAndSkipStart(NeFraming framing, String reason, int shown) {
        String seen = NeFrames.printable(buf, start, Math.min(Math.max(shown, 1), end - start));
        skipTo(start + 1);
        return new Scan(new NeFrameEvent.Corrupt(framing, reason, seen));
    }

    private int indexOf(byte b, int from) {
        for (int i = from; i < end; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void skipTo(int index) {
        discarded += index - start;
        start = index;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    private String text(int offset, int length) {
        return new String(buf, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static String hex(int b) {
        return String.format("%02X", b);
    }

    private static String hex4(int v) {
        return String.format("%04X", v);
    }
}
