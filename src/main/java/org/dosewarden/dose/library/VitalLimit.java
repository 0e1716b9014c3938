package org.dosewarden.dose.library;

import java.util.Objects;

/**
 * One vital-sign threshold with explicit semantics, so "≥ 180" and "> 160" cannot be confused.
 *
 * @param sign  which vital sign
 * @param trip  how a reading compares to {@code value} to breach the limit
 * @param value the threshold in the sign's unit (mmHg, /min, %)
 */
public record VitalLimit(VitalSign sign, Trip trip, int value) {

    /** When a reading breaches the limit. */
    public enum Trip {
        AT_OR_ABOVE("≥"), ABOVE(">"), AT_OR_BELOW("≤"), BELOW("<");

        private final String symbol;

        Trip(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public VitalLimit {
        Objects.requireNonNull(sign, "sign");
        Objects.requireNonNull(trip, "trip");
        if (value <= 0) {
            throw new IllegalArgumentException(sign.displayName() + " limit must be positive: " + value);
        }
    }

    /** True when {@code reading} (in the sign's unit) is beyond this limit. */
    public boolean breachedBy(int reading) {
        return switch (trip) {
            case AT_OR_ABOVE -> reading >= value;
            case ABOVE -> reading > value;
            case AT_OR_BELOW -> reading <= value;
            case BELOW -> reading < value;
        };
    }

    /** "systolic blood pressure ≥ 180 mmHg". */
    public String describe() {
        return sign.displayName() + " " + trip.symbol() + " " + value + " " + sign.unit();
    }
}
