package org.dosewarden.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private static final int FAST = PasswordHash.MIN_ITERATIONS;

    @Test
    void aHashMatchesItsPasswordAndNothingElse() {
        PasswordHash h = PasswordHash.create("correct horse".toCharArray(), FAST, new SecureRandom());
        assertTrue(h.matches("correct horse".toCharArray()));
        assertFalse(h.matches("correct hors".toCharArray()));
        assertFalse(h.matches("Correct horse".toCharArray()));
        assertFalse(h.matches(new char[0]));
    }

    @Test
    void theEncodedFormIsSelfDescribingAndRoundTrips() {
        PasswordHash h = PasswordHash.create("pässwörd-ü".toCharArray(), FAST, new SecureRandom());
        String encoded = h.encode();
        String[] parts = encoded.split(":");
        assertEquals(4, parts.length, encoded);
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals(String.valueOf(FAST), parts[1]);
        assertEquals(16, Base64.getUrlDecoder().decode(parts[2]).length);
        assertEquals(32, Base64.getUrlDecoder().decode(parts[3]).length);
        assertFalse(encoded.contains("$") || encoded.contains(" ") || encoded.contains("="), encoded);
        PasswordHash parsed = PasswordHash.parse(encoded);
        assertEquals(h, parsed);
        assertTrue(parsed.matches("pässwörd-ü".toCharArray()));
    }

    @Test
    void twoHashesOfOnePasswordDifferBySalt() {
        PasswordHash a = PasswordHash.create("same password".toCharArray(), FAST, new SecureRandom());
        PasswordHash b = PasswordHash.create("same password".toCharArray(), FAST, new SecureRandom());
        assertNotEquals(a.encode(), b.encode());
    }

    @Test
    void theIterationCountInTheTextIsTheOneUsed() {
        PasswordHash h = PasswordHash.create("some password".toCharArray(), FAST, new SecureRandom());
        String[] parts = h.encode().split(":");
        String tampered = parts[0] + ":" + (FAST + 1) + ":" + parts[2] + ":" + parts[3];
        assertFalse(PasswordHash.parse(tampered).matches("some password".toCharArray()));
    }

    @Test
    void malformedOrWeakHashesAreRefusedWithAReason() {
        String salt = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
        String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(""));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("plaintext"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("md5:1000:" + salt + ":" + hash));
        IllegalArgumentException weak = assertThrows(IllegalArgumentException.class,
                () -> PasswordHash.parse("pbkdf2-sha256:1000:" + salt + ":" + hash));
        assertTrue(weak.getMessage().contains("1000"), weak.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2-sha256:x:" + salt + ":" + hash));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2-sha256:100000:AAAA:" + hash));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2-sha256:100000:" + salt + ":AAAA"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2-sha256:100000:" + salt + ":!!"));
    }

    @Test
    void toStringNeverShowsTheHash() {
        PasswordHash h = PasswordHash.create("secret-ish".toCharArray(), FAST, new SecureRandom());
        String[] parts = h.encode().split(":");
        assertFalse(h.toString().contains(parts[3]));
        assertFalse(h.toString().contains(parts[2]));
    }
}
