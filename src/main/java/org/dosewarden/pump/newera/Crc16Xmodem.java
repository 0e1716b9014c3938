package org.dosewarden.pump.newera;

/**
 * CRC-16/XMODEM (the "16 bit CCITT CRC" of New Era safe mode): polynomial 0x1021, initial value 0,
 * no reflection, no final XOR. Check value of {@code "123456789"} is 0x31C3.
 */
public final class Crc16Xmodem {

    private static final int[] TABLE = new int[256];

    static {
        for (int b = 0; b < 256; b++) {
            int crc = b << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[b] = crc & 0xFFFF;
        }
    }

    private Crc16Xmodem() {}

    /** The CRC of {@code length} bytes of {@code data} from {@code offset}, in 0..0xFFFF. */
    public static int of(byte[] data, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc = ((crc << 8) & 0xFFFF) ^ TABLE[((crc >>> 8) ^ data[i]) & 0xFF];
        }
        return crc;
    }

    public static int of(byte[] data) {
        return of(data, 0, data.length);
    }
}
