package org.dosewarden.api.security;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2 password hash in a self-describing text form, so the iteration count can be raised later
 * without breaking existing users:
 *
 * <pre>pbkdf2-sha256:ITERATIONS:SALT:HASH</pre>
 *
 * where {@code SALT} and {@code HASH} are unpadded base64url, the algorithm is PBKDF2WithHmacSHA256, the salt
 * at least {@value #MIN_SALT_BYTES} bytes and the hash {@value #HASH_BYTES} bytes. The form contains no
 * {@code $} or spaces, so it survives YAML, environment variables and shells unquoted.
 *
 * @param iterations PBKDF2 iteration count, {@code >= MIN_ITERATIONS}
 * @param salt       random salt, {@code >= MIN_SALT_BYTES} bytes
 * @param hash       derived key, {@code HASH_BYTES} bytes
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {

    public static final String PREFIX = "pbkdf2-sha256";

    /**
     * New hashes use OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. On a Raspberry Pi class board one
     * check costs about a second, which is why successful checks are cached (see ConfiguredUserAuthentication).
     */
    public static final int DEFAULT_ITERATIONS = 600_000;

    /** Below this a hash is too cheap to brute-force-resist; configuration with fewer is refused. */
    public static final int MIN_ITERATIONS = 100_000;

    /** Bounds the cost an attacker-supplied configuration can impose at start-up or per login. */
    public static final int MAX_ITERATIONS = 10_000_000;

    public static final int MIN_SALT_BYTES = 16;
    public static final int HASH_BYTES = 32;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    public PasswordHash {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hash, "hash");
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iteration count " + iterations + " is outside "
                    + MIN_ITERATIONS + ".." + MAX_ITERATIONS);
        }
        if (salt.length < MIN_SALT_BYTES) {
            throw new IllegalArgumentException("salt of " + salt.length + " bytes is shorter than " + MIN_SALT_BYTES);
        }
        if (hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("hash of " + hash.length + " bytes, expected " + HASH_BYTES);
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    /** Hashes {@code password} with a fresh random salt. The caller clears its own copy of the password. */
    public static PasswordHash create(char[] password, int iterations, SecureRandom random) {
        if (password.length == 0) {
            throw new IllegalArgumentException("an empty password cannot be hashed");
        }
        byte[] salt = new byte[MIN_SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /**
     * Parses the encoded form; throws {@link IllegalArgumentException} with a message naming what is wrong
     * (never echoing the value, which is a secret-derived string).
     */
    public static PasswordHash parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        String[] parts = encoded.strip().split(":", -1);
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            throw new IllegalArgumentException("not a password hash of the form " + PREFIX
                    + ":ITERATIONS:SALT:HASH (make one with 'dosewarden hash-password')");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count of the password hash is not a number");
        }
        try {
            return new PasswordHash(iterations, B64D.decode(parts[2]), B64D.decode(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("password hash is malformed: " + e.getMessage());
        }
    }

    /** The text form {@code pbkdf2-sha256:ITERATIONS:SALT:HASH}. */
    public String encode() {
        return PREFIX + ":" + iterations + ":" + B64.encodeToString(salt) + ":" + B64.encodeToString(hash);
    }

    /**
     * True when {@code password} hashes to this hash. Costs {@link #iterations()} HMAC rounds; the final
     * comparison takes the same time wherever the bytes differ.
     */
    public boolean matches(char[] password) {
        if (password.length == 0) {
            // HMAC refuses an empty key, and no configured hash can stand for an empty password.
            return false;
        }
        byte[] candidate = derive(password, salt, iterations);
        try {
            return MessageDigest.isEqual(candidate, hash);
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash other && iterations == other.iterations
                && Arrays.equals(salt, other.salt) && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * iterations + Arrays.hashCode(salt)) + Arrays.hashCode(hash);
    }

    /** Never prints the hash: it is offline-attackable material. */
    @Override
    public String toString() {
        return PREFIX + ":" + iterations + ":<salt>:<hash>";
    }

    static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // Every Java SE 8+ runtime provides PBKDF2WithHmacSHA256.
            throw new IllegalStateException("this Java runtime has no " + ALGORITHM, e);
        } finally {
            spec.clearPassword();
        }
    }

    /** UTF-8 bytes of a password held as chars, for keyed digests; the caller clears the result. */
    static byte[] utf8(char[] password) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }
}
