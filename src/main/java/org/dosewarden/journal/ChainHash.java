package org.dosewarden.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 chain of the journal (the file format is described on {@link JournalFile}). One instance per
 * thread: it reuses a digest and a buffer.
 *
 * <pre>
 * hash(n) = SHA-256( prev_hash(n)                       32 bytes; 32 zero bytes for the first record
 *                  || seq || wall_nanos || mono_nanos    each a signed 64-bit big-endian integer
 *                  || len(channel) || channel            len: unsigned 32-bit big-endian byte count,
 *                  || len(type)    || type                then the UTF-8 bytes
 *                  || len(payload) || payload )
 * </pre>
 */
final class ChainHash {

    /** The previous-hash of record 1. */
    static final byte[] GENESIS = new byte[32];

    static final int LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256;
    private final ByteBuffer numbers = ByteBuffer.allocate(3 * Long.BYTES);
    private final ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);

    ChainHash() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime must provide SHA-256.
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    byte[] hash(byte[] previousHash, long sequence, long wallNanos, long monotonicNanos,
            String channel, String type, String payload) {
        sha256.reset();
        sha256.update(previousHash);
        numbers.clear();
        numbers.putLong(sequence).putLong(wallNanos).putLong(monotonicNanos);
        sha256.update(numbers.array());
        field(channel);
        field(type);
        field(payload);
        return sha256.digest();
    }

    private void field(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        length.clear();
        length.putInt(utf8.length);
        sha256.update(length.array());
        sha256.update(utf8);
    }

    static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    static byte[] fromHex(String hex) {
        return HEX.parseHex(hex);
    }
}
