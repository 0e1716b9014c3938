package org.dosewarden.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SR-U1: failed sign-ins are slowed down per user and per address, and nobody is locked out for good. */
class SignInThrottleTest {

    private static final long S = 1_000_000_000L;

    @Test
    @DisplayName("SR-U1: three failures are free, then each further one doubles the wait (1 s, 2 s, 4 s ...) up to 15 min")
    void doublingWaitPerUserAndAddress() {
        SignInThrottle t = new SignInThrottle();
        long now = 0;
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), t.waitBefore("nurse", "10.0.0.9", now));
            t.failed("nurse", "10.0.0.9", now);
        }
        assertEquals(Optional.empty(), t.waitBefore("nurse", "10.0.0.9", now), "after three failures: no wait yet");
        t.failed("nurse", "10.0.0.9", now);
        assertEquals(Optional.of(Duration.ofSeconds(1)), t.waitBefore("nurse", "10.0.0.9", now));
        now += S;
        t.failed("nurse", "10.0.0.9", now);
        assertEquals(Optional.of(Duration.ofSeconds(2)), t.waitBefore("nurse", "10.0.0.9", now));
        assertEquals(Duration.ofMinutes(15), SignInThrottle.wait(40, SignInThrottle.PAIR_CAP));
        assertEquals(Duration.ofSeconds(64), SignInThrottle.wait(7, SignInThrottle.PAIR_CAP));
    }

    @Test
    @DisplayName("SR-U1: a sustained attack on one account from many addresses delays the clinician at most 60 s")
    void distributedAttackNeverLocksTheClinicianOut() {
        SignInThrottle t = new SignInThrottle();
        long now = 0;
        long worst = 0;
        for (int i = 0; i < 2000; i++) {
            String attacker = "198.51.100." + (i % 250);
            Optional<Duration> w = t.waitBefore("nurse", attacker, now);
            if (w.isEmpty()) {
                t.failed("nurse", attacker, now);
            }
            Optional<Duration> clinician = t.waitBefore("nurse", "10.0.0.5", now);
            worst = Math.max(worst, clinician.map(Duration::toNanos).orElse(0L));
            now += S / 2;
        }
        assertTrue(worst > 0, "the attack does slow the account down");
        assertTrue(worst <= SignInThrottle.USER_CAP.toNanos(), "worst wait " + worst / S + " s");
    }

    @Test
    @DisplayName("SR-U1: one address trying many users is slowed; success clears the user's counters; the window forgets")
    void addressSprayAndForgetting() {
        SignInThrottle t = new SignInThrottle();
        for (int i = 0; i < 11; i++) {
            t.failed("user" + i, "203.0.113.7", 0);
        }
        assertEquals(Optional.of(Duration.ofSeconds(1)), t.waitBefore("someone-else", "203.0.113.7", 0));
        assertEquals(Optional.empty(), t.waitBefore("someone-else", "10.0.0.5", 0), "other addresses unaffected");

        for (int i = 0; i < 5; i++) {
            t.failed("nurse", "10.0.0.5", 0);
        }
        assertTrue(t.waitBefore("nurse", "10.0.0.5", 0).isPresent());
        t.succeeded("nurse", "10.0.0.5");
        assertEquals(Optional.empty(), t.waitBefore("nurse", "10.0.0.5", 0));

        long later = SignInThrottle.WINDOW.toNanos() + 1;
        assertEquals(Optional.empty(), t.waitBefore("someone-else", "203.0.113.7", later),
                "failures older than the window are forgotten");
    }
}
