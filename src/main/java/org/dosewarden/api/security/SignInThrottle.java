package org.dosewarden.api.security;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing at the console's sign-in (SR-U1) without letting anyone lock a clinician out.
 * Failed sign-ins are counted over a sliding {@link #WINDOW} under three keys, each with a number of free
 * attempts and then a wait that doubles from 1 s per further failure up to a cap:
 *
 * <table>
 *   <tr><th>key</th><th>free</th><th>cap</th><th>stops</th></tr>
 *   <tr><td>user at one address</td><td>{@value #PAIR_FREE}</td><td>15 min</td><td>guessing one password from one place</td></tr>
 *   <tr><td>address, any user</td><td>{@value #ADDRESS_FREE}</td><td>15 min</td><td>trying many users from one place</td></tr>
 *   <tr><td>user, any address</td><td>{@value #USER_FREE}</td><td>{@link #USER_CAP}</td><td>a spread-out attack on one account</td></tr>
 * </table>
 *
 * <p>Only the last key can touch a clinician who signs in from another station, and its cap keeps that to
 * one short wait: a sign-in is slowed, never refused for good. An attempt before its time is refused
 * without checking the password. A successful sign-in clears the user's counters. Time is the caller's
 * monotonic nanoseconds, so the class is deterministic and tested without a clock.
 *
 * <p>Thread-safe; bounded: keys without failures in the window are dropped.
 */
final class SignInThrottle {

    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int PAIR_FREE = 3;
    static final int ADDRESS_FREE = 10;
    static final int USER_FREE = 10;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration PAIR_CAP = Duration.ofMinutes(15);
    static final Duration ADDRESS_CAP = Duration.ofMinutes(15);
    static final Duration USER_CAP = Duration.ofSeconds(60);

    /** Keys kept at most; past it the oldest failures are forgotten first (a flood cannot exhaust memory). */
    static final int MAX_KEYS = 10_000;

    private final Map<String, Deque<Long>> failures = new HashMap<>();

    /** How many failures, and what the caller must be told. */
    record Count(int pair, int address, int user) {
    }

    /** How long {@code user} at {@code address} must still wait before the next attempt; empty when it may try now. */
    synchronized Optional<Duration> waitBefore(String user, String address, long nowNanos) {
        long until = Math.max(Math.max(
                allowedAt(pairKey(user, address), PAIR_FREE, PAIR_CAP, nowNanos),
                allowedAt(addressKey(address), ADDRESS_FREE, ADDRESS_CAP, nowNanos)),
                allowedAt(userKey(user), USER_FREE, USER_CAP, nowNanos));
        return until > nowNanos ? Optional.of(Duration.ofNanos(until - nowNanos)) : Optional.empty();
    }

    /** Records a failed sign-in and returns the failures now counted in the window. */
    synchronized Count failed(String user, String address, long nowNanos) {
        if (failures.size() > MAX_KEYS) {
            failures.values().removeIf(d -> d.isEmpty() || d.peekLast() < nowNanos - WINDOW.toNanos());
            while (failures.size() > MAX_KEYS) {
                failures.remove(failures.keySet().iterator().next());
            }
        }
        return new Count(add(pairKey(user, address), nowNanos), add(addressKey(address), nowNanos),
                add(userKey(user), nowNanos));
    }

    /** A successful sign-in: the user's counters start again (the address keeps its own). */
    synchronized void succeeded(String user, String address) {
        failures.remove(pairKey(user, address));
        failures.remove(userKey(user));
    }

    private int add(String key, long now) {
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        prune(times, now);
        times.addLast(now);
        // Only the newest failures decide a wait; older ones need not be kept past the largest useful count.
        while (times.size() > 64) {
            times.removeFirst();
        }
        return times.size();
    }

    /** The earliest time the next attempt under {@code key} is allowed. */
    private long allowedAt(String key, int free, Duration cap, long now) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return now;
        }
        prune(times, now);
        if (times.isEmpty()) {
            failures.remove(key);
            return now;
        }
        int over = times.size() - free;
        if (over <= 0) {
            return now;
        }
        return times.peekLast() + wait(over, cap).toNanos();
    }

    /** 1 s, 2 s, 4 s ... for the 1st, 2nd, 3rd ... failure past the free ones, at most {@code cap}. */
    static Duration wait(int overFree, Duration cap) {
        if (overFree <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(overFree - 1, 30);
        Duration d = FIRST_WAIT.multipliedBy(1L << shift);
        return d.compareTo(cap) > 0 ? cap : d;
    }

    private static void prune(Deque<Long> times, long now) {
        long oldest = now - WINDOW.toNanos();
        while (!times.isEmpty() && times.peekFirst() <= oldest) {
            times.removeFirst();
        }
    }

    private static String pairKey(String user, String address) {
        return "p\u0000" + user + "\u0000" + address;
    }

    private static String addressKey(String address) {
        return "a\u0000" + address;
    }

    private static String userKey(String user) {
        return "u\u0000" + user;
    }
}
