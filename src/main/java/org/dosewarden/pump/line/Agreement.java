package org.dosewarden.pump.line;

import java.util.Optional;
import org.dosewarden.pump.PumpException;
import org.dosewarden.pump.PumpProtocolException;

/**
 * Reading a value from a pump over a line without checksums (SR-D7): one bit flipped on the way turns
 * {@code 84 ml/hr} into {@code 85 ml/hr}, a prompt {@code :} (idle) into {@code *} (stalled), and nothing in the
 * reply shows it. So a value is believed only when two consecutive answers agree; noise would have to damage both
 * the same way. Answers that disagree are read again, up to a limit.
 *
 * <p>"Agree" is the caller's rule: equal for a setting, and for a counter that may move between the two reads,
 * "the second is not below the first and not further above it than the pump can have moved" (the first is then
 * believed, so a reading is never above what the pump had counted by the second read).
 */
public final class Agreement {

    private Agreement() {}

    /** One read of the value. */
    @FunctionalInterface
    public interface Read<T> {
        T read() throws PumpException;
    }

    /** Whether two consecutive answers agree, and the value then believed. */
    @FunctionalInterface
    public interface Rule<T> {
        Optional<T> agreed(T earlier, T later);
    }

    /** Equal answers agree; the value is the answer. */
    public static <T> Rule<T> equal() {
        return (a, b) -> a.equals(b) ? Optional.of(a) : Optional.empty();
    }

    /**
     * Reads until two consecutive answers agree by {@code rule}.
     *
     * @param maxReads at least 2
     * @param what     what is read, for the message when no two answers agree
     * @throws PumpProtocolException when {@code maxReads} answers never agreed pairwise (an unreadable answer, itself
     *                               a {@link PumpProtocolException} from {@code read}, agrees with nothing)
     */
    public static <T> T read(Read<T> read, Rule<T> rule, int maxReads, String command, String what)
            throws PumpException {
        if (maxReads < 2) {
            throw new IllegalArgumentException("an agreement needs at least two reads: " + maxReads);
        }
        T earlier = null;
        PumpProtocolException unreadable = null;
        for (int i = 0; i < maxReads; i++) {
            T later;
            try {
                later = read.read();
            } catch (PumpProtocolException e) {
                // An answer damaged into something unreadable is one more answer that agrees with nothing.
                unreadable = e;
                earlier = null;
                continue;
            }
            if (earlier != null) {
                Optional<T> agreed = rule.agreed(earlier, later);
                if (agreed.isPresent()) {
                    return agreed.get();
                }
            }
            earlier = later;
        }
        throw new PumpProtocolException(command, what + ": " + maxReads + " answers, no two consecutive ones "
                + "agreeing (line noise?); last " + (earlier != null ? earlier
                : unreadable != null ? unreadable.getMessage() : "none"));
    }
}
