package org.dosewarden.gpio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A repeating on/off pattern (a flashing light, a buzzer burst), as a pure function of the time elapsed since
 * the pattern started: the same elapsed time always gives the same answer, so tests measure frequency and duty
 * on a virtual clock. A pattern always starts with its first segment at elapsed 0.
 *
 * @param segments consecutive segments; the pattern repeats after the last one. Never empty; every segment longer
 *                 than zero.
 */
public record SignalPattern(List<Segment> segments) {

    /** One stretch of the pattern: {@code on} for {@code length}. */
    public record Segment(Duration length, boolean on) {
        public Segment {
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("a signal segment must last longer than zero: " + length);
            }
        }
    }

    public SignalPattern {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a signal pattern needs at least one segment");
        }
        segments = List.copyOf(segments);
    }

    /** Always on (or always off). */
    public static SignalPattern steady(boolean on) {
        return new SignalPattern(List.of(new Segment(Duration.ofSeconds(1), on)));
    }

    /** A square wave: {@code on} then {@code off}, repeated. */
    public static SignalPattern flashing(Duration on, Duration off) {
        return new SignalPattern(List.of(new Segment(on, true), new Segment(off, false)));
    }

    /**
     * A burst: groups of pulses, each pulse {@code pulse} long, pulses inside a group {@code gap} apart, groups
     * {@code groupGap} apart; the burst starts again {@code period} after it started.
     *
     * @param groups pulses per group, e.g. {@code [3, 2, 3, 2]} for the IEC 60601-1-8 high-priority burst
     * @throws IllegalArgumentException when the burst does not fit into {@code period}
     */
    public static SignalPattern burst(List<Integer> groups, Duration pulse, Duration gap, Duration groupGap,
            Duration period) {
        List<Segment> segments = new ArrayList<>();
        Duration used = Duration.ZERO;
        for (int g = 0; g < groups.size(); g++) {
            int pulses = groups.get(g);
            if (pulses < 1) {
                throw new IllegalArgumentException("a pulse group needs at least one pulse: " + groups);
            }
            if (g > 0) {
                segments.add(new Segment(groupGap, false));
                used = used.plus(groupGap);
            }
            for (int p = 0; p < pulses; p++) {
                if (p > 0) {
                    segments.add(new Segment(gap, false));
                    used = used.plus(gap);
                }
                segments.add(new Segment(pulse, true));
                used = used.plus(pulse);
            }
        }
        Duration rest = period.minus(used);
        if (rest.isNegative() || rest.isZero()) {
            throw new IllegalArgumentException("burst of " + used.toMillis() + " ms does not fit into a period of "
                    + period.toMillis() + " ms");
        }
        segments.add(new Segment(rest, false));
        return new SignalPattern(segments);
    }

    /** Length of one repetition. */
    public Duration period() {
        Duration total = Duration.ZERO;
        for (Segment s : segments) {
            total = total.plus(s.length());
        }
        return total;
    }

    /**
     * Whether the signal is on {@code elapsedNanos} after the pattern started.
     *
     * @param elapsedNanos nanoseconds since the pattern started; negative values are treated as 0 (a clock read
     *                     before the start is the start)
     */
    public boolean isOn(long elapsedNanos) {
        long t = Math.floorMod(Math.max(0, elapsedNanos), period().toNanos());
        for (Segment s : segments) {
            long len = s.length().toNanos();
            if (t < len) {
                return s.on();
            }
            t -= len;
        }
        throw new IllegalStateException("unreachable: elapsed time beyond the pattern period");
    }
}
