package org.dosewarden.dose.library;

import java.time.Duration;
import java.util.Objects;
import org.dosewarden.dose.quantity.DurationText;

/**
 * When the console asks for an entry's observations (SR-O2): a time after the session's first start
 * ({@code PT40M}), or when delivery has ended ({@code end}).
 *
 * @param afterStart time after the first start; {@code null} for {@link #atEnd()}
 * @param atEnd      the prompt comes when the infusion has ended (completed or stopped)
 */
public record ObservationPrompt(Duration afterStart, boolean atEnd) {

    /** The text form of {@link #atEnd()} in a library. */
    public static final String END = "end";

    public ObservationPrompt {
        if (atEnd != (afterStart == null)) {
            throw new IllegalArgumentException("an observation prompt is either a time after the start or 'end'");
        }
        if (afterStart != null && (afterStart.isNegative() || afterStart.isZero())) {
            throw new IllegalArgumentException("an observation prompt must come after the start: " + afterStart);
        }
    }

    /** {@code end}, or a duration as the library writes it ({@code PT40M}, {@code 40min}). */
    public static ObservationPrompt parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.strip().equals(END)) {
            return new ObservationPrompt(null, true);
        }
        return new ObservationPrompt(DurationText.parse(text.strip()), false);
    }

    /** The wire form: {@code PT40M} or {@code end}. */
    public String text() {
        return atEnd ? END : afterStart.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
