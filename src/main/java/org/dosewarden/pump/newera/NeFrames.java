package org.dosewarden.pump.newera;

import java.nio.charset.StandardCharsets;

/** Encodes payloads into wire frames, both directions. Payloads are ASCII; ISO-8859-1 maps bytes 1:1. */
public final class NeFrames {

    public static final byte STX = 0x02;
    public static final byte ETX = 0x03;
    public static final byte CR = 0x0D;

    /** Largest payload a safe frame can carry: the length byte counts itself, the CRC and ETX (255 - 4). */
    public static final int MAX_SAFE_PAYLOAD = 251;

    private NeFrames() {}

    /** A basic-mode request: {@code payload CR}. The payload must not contain CR. */
    public static byte[] basicRequest(String payload) {
        byte[] p = bytes(payload);
        for (byte b : p) {
            if (b == CR) {
                throw new IllegalArgumentException("a basic request payload must not contain CR: " + printable(payload));
            }
        }
        byte[] frame = new byte[p.length + 1];
        System.arraycopy(p, 0, frame, 0, p.length);
        frame[p.length] = CR;
        return frame;
    }

    /** A basic-mode reply: {@code STX payload ETX}. The payload must not contain STX or ETX. */
    public static byte[] basicReply(String payload) {
        byte[] p = bytes(payload);
        for (byte b : p) {
            if (b == STX || b == ETX) {
                throw new IllegalArgumentException("a basic reply payload must not contain STX/ETX: " + printable(payload));
            }
        }
        byte[] frame = new byte[p.length + 2];
        frame[0] = STX;
        System.arraycopy(p, 0, frame, 1, p.length);
        frame[p.length + 1] = ETX;
        return frame;
    }

    /** A safe-mode packet (same shape both directions): {@code STX len payload CRChi CRClo ETX}. */
    public static byte[] safe(String payload) {
        byte[] p = bytes(payload);
        if (p.length > MAX_SAFE_PAYLOAD) {
            throw new IllegalArgumentException("safe payload is " + p.length + " bytes, the limit is " + MAX_SAFE_PAYLOAD);
        }
        int crc = Crc16Xmodem.of(p);
        byte[] frame = new byte[p.length + 5];
        frame[0] = STX;
        frame[1] = (byte) (p.length + 4);
        System.arraycopy(p, 0, frame, 2, p.length);
        frame[p.length + 2] = (byte) (crc >>> 8);
        frame[p.length + 3] = (byte) crc;
        frame[p.length + 4] = ETX;
        return frame;
    }

    /** A request in the given framing. */
    public static byte[] request(NeFraming framing, String payload) {
        return framing == NeFraming.SAFE ? safe(payload) : basicRequest(payload);
    }

    /** A reply in the given framing. */
    public static byte[] reply(NeFraming framing, String payload) {
        return framing == NeFraming.SAFE ? safe(payload) : basicReply(payload);
    }

    static byte[] bytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("payload has a non-byte character at " + i + ": " + printable(s));
            }
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Renders bytes for logs and error messages: printable ASCII as is, everything else as {@code <XX>}. */
    public static String printable(byte[] data, int offset, int length) {
        StringBuilder sb = new StringBuilder(length + 8);
        for (int i = offset; i < offset + length; i++) {
            int b = data[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '<') {
                sb.append((char) b);
            } else {
                sb.append('<').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16))).append('>');
            }
        }
        return sb.toString();
    }

    public static String printable(byte[] data) {
        return printable(data, 0, data.length);
    }

    public static String printable(String s) {
        return printable(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
