package org.dosewarden.dose.quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * A pump flow rate, held exactly in whole microlitres per hour (µL/h). Never negative.
 *
 * @param microlitresPerHour the rate in µL/h, {@code >= 0}
 */
public record FlowRate(long microlitresPerHour) implements Comparable<FlowRate> {

    public static final FlowRate ZERO = new FlowRate(0);

    private static final BigDecimal NANOS_PER_HOUR = BigDecimal.valueOf(3_600_000_000_000L);

    public FlowRate {
        if (microlitresPerHour < 0) {
            throw new IllegalArgumentException("flow rate must not be negative: " + microlitresPerHour + " uL/h");
        }
    }

    public static FlowRate ofMicrolitresPerHour(long microlitresPerHour) {
        return new FlowRate(microlitresPerHour);
    }

    /** mL/h rounded with the named mode (use {@link RoundingMode#DOWN} for anything sent to a pump). */
    public static FlowRate ofMillilitresPerHour(BigDecimal mlPerHour, RoundingMode rounding) {
        return new FlowRate(mlPerHour.movePointRight(3).setScale(0, rounding).longValueExact());
    }

    /** The rate in mL/h, exact, without trailing zeros. */
    public BigDecimal millilitresPerHour() {
        return BigDecimal.valueOf(microlitresPerHour, 3).stripTrailingZeros();
    }

    /** Volume delivered at this rate over {@code elapsed}, rounded with the named mode. */
    public Volume over(Duration elapsed, RoundingMode rounding) {
        BigDecimal ul = BigDecimal.valueOf(microlitresPerHour)
                .multiply(BigDecimal.valueOf(elapsed.toNanos()))
                .divide(NANOS_PER_HOUR, 0, rounding);
        return new Volume(ul.longValueExact());
    }

    /** Time needed to deliver {@code volume} at this rate, rounded up to the nanosecond; throws at zero rate. */
    public Duration timeFor(Volume volume) {
        if (microlitresPerHour == 0) {
            throw new ArithmeticException("a zero rate never delivers " + volume);
        }
        BigDecimal nanos = BigDecimal.valueOf(volume.microlitres())
                .multiply(NANOS_PER_HOUR)
                .divide(BigDecimal.valueOf(microlitresPerHour), 0, RoundingMode.CEILING);
        return Duration.ofNanos(nanos.longValueExact());
    }

    public boolean isZero() {
        return microlitresPerHour == 0;
    }

    public static FlowRate min(FlowRate a, FlowRate b) {
        return a.microlitresPerHour <= b.microlitresPerHour ? a : b;
    }

    @Override
    public int compareTo(FlowRate o) {
        return Long.compare(microlitresPerHour, o.microlitresPerHour);
    }

    @Override
    public String toString() {
        return millilitresPerHour().toPlainString() + " mL/h";
    }
}
