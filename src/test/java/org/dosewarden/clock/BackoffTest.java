package org.dosewarden.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BackoffTest {

    private final ManualTimeSource time = new ManualTimeSource();

    @Test
    @DisplayName("SR-D4: the wait doubles after each failure up to the maximum and starts over after a success")
    void doublesUpToTheMaximumAndResets() {
        Backoff backoff = Backoff.doubling(time, ms(500), Duration.ofSeconds(3));

        assertEquals(List.of(ms(500), ms(1000), ms(2000), ms(3000), ms(3000)), waits(backoff, 5));
        assertEquals(5, backoff.failures());

        backoff.succeeded();
        assertEquals(0, backoff.failures());
        assertEquals(ms(500), backoff.failed());
    }

    @Test
    @DisplayName("SR-D4: due only once the wait after the last failure has passed on the monotonic clock")
    void dueFollowsTheInjectedClock() {
        Backoff backoff = Backoff.doubling(time, ms(250), Duration.ofSeconds(5));
        assertTrue(backoff.due());
        assertEquals(Duration.ZERO, backoff.remaining());

        backoff.failed();
        assertFalse(backoff.due());
        time.advance(ms(100));
        assertEquals(ms(150), backoff.remaining());
        time.advance(ms(149));
        assertFalse(backoff.due());
        time.advance(ms(1));
        assertTrue(backoff.due());
        assertEquals(Duration.ZERO, backoff.remaining());

        backoff.failed();
        time.advance(ms(499));
        assertFalse(backoff.due());
        backoff.succeeded();
        assertTrue(backoff.due(), "a success makes the link due at once");
    }

    @Test
    @DisplayName("SR-D4: a zero first wait retries once at once, then waits the maximum")
    void zeroFirstWaitThenMaximum() {
        Backoff backoff = Backoff.doubling(time, Duration.ZERO, Duration.ofSeconds(5));
        assertEquals(List.of(Duration.ZERO, ms(5000), ms(5000)), waits(backoff, 3));
    }

    @Test
    @DisplayName("SR-D4: a maximum of a year does not overflow while doubling from one nanosecond")
    void longMaximumDoesNotOverflow() {
        Backoff backoff = Backoff.doubling(time, Duration.ofNanos(1), Duration.ofDays(365));
        Duration last = Duration.ZERO;
        for (int i = 0; i < 200; i++) {
            last = backoff.failed();
        }
        assertEquals(Duration.ofDays(365), last);
    }

    @Test
    @DisplayName("SR-D4: seeded jitter shortens each wait by at most its share, the same way for the same seed")
    void seededJitterIsBoundedAndRepeatable() {
        List<Duration> plain = waits(standard(), 12);
        List<Duration> a = waits(standard().withJitter(42, 25), 12);
        List<Duration> b = waits(standard().withJitter(42, 25), 12);
        List<Duration> other = waits(standard().withJitter(43, 25), 12);

        assertEquals(a, b, "the same seed gives the same waits");
        assertNotEquals(plain, a, "jitter changed nothing");
        assertNotEquals(a, other, "a different seed gave the same waits");
        for (int i = 0; i < a.size(); i++) {
            Duration full = plain.get(i);
            Duration jittered = a.get(i);
            assertTrue(jittered.compareTo(full) <= 0, "wait " + i + " lengthened: " + jittered + " > " + full);
            assertTrue(jittered.compareTo(full.multipliedBy(75).dividedBy(100)) >= 0,
                    "wait " + i + " shortened by more than 25 %: " + jittered + " of " + full);
        }
    }

    @Test
    @DisplayName("SR-D4: nonsensical backoff settings are refused with the limit they break")
    void refusesBadSettings() {
        assertRefused("0 <= first <= max", () -> Backoff.doubling(time, ms(2000), ms(1000)));
        assertRefused("0 <= first <= max", () -> Backoff.doubling(time, ms(-1), ms(1000)));
        assertRefused("maximum must be positive", () -> Backoff.doubling(time, Duration.ZERO, Duration.ZERO));
        assertRefused("1-50 %", () -> Backoff.doubling(time, Duration.ZERO, ms(1000)).withJitter(1, 60));
        assertRefused("1-50 %", () -> Backoff.doubling(time, Duration.ZERO, ms(1000)).withJitter(1, 0));
    }

    private Backoff standard() {
        return Backoff.doubling(time, ms(500), Duration.ofSeconds(10));
    }

    private static void assertRefused(String expected, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static List<Duration> waits(Backoff backoff, int n) {
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(backoff.failed());
        }
        return out;
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
