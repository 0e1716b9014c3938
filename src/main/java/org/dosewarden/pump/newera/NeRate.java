package org.dosewarden.pump.newera;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.quantity.FlowRate;

/**
 * A rate as the pump reads and writes it: a New Era number and a unit ({@code 10MH}, {@code 166.6UM}).
 *
 * @param value representable New Era number (0..9999, at most 4 digits and 3 decimals)
 * @param unit  the rate unit
 */
public record NeRate(BigDecimal value, NeRateUnit unit) {

    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    /** Order of preference among equally good candidates with as many digits: the clinic reads mL/h first. */
    private static final List<NeRateUnit> PREFERENCE = List.of(NeRateUnit.MH, NeRateUnit.UH, NeRateUnit.MM, NeRateUnit.UM);

    public NeRate {
        if (!NeNumber.isRepresentable(value)) {
            throw new IllegalArgumentException("rate value " + value.toPlainString() + " is not a New Era number");
        }
    }

    /** The argument text of {@code RAT}, e.g. {@code 10MH}. */
    public String wire() {
        return NeNumber.format(value) + unit.name();
    }

    /** The rate in µL/h, exact (may have a fraction: 0.001 UM is 0.06 µL/h). */
    public BigDecimal microlitresPerHour() {
        return value.multiply(unit.microlitresPerHour());
    }

    /** The rate in whole µL/h, rounded down (toward less drug). */
    public FlowRate flowRateFloor() {
        return new FlowRate(microlitresPerHour().setScale(0, RoundingMode.DOWN).longValueExact());
    }

    /**
     * The closest rate not above {@code requested} in any unit; among exact ties the one with fewer
     * digits wins ({@code 1UH} over {@code 0.001MH}), then mL/h, µL/h, mL/min, µL/min ({@code 52.5MH} over {@code 875UM}).
     * Never rounds up: the result's {@link #microlitresPerHour()} is at most the requested rate.
     *
     * @return empty when no unit can express it: zero, or 10000 mL/min and more (clamp to the pump's
     *     capability first)
     */
    public static Optional<NeRate> floorOf(FlowRate requested) {
        NeRate best = null;
        for (NeRateUnit unit : PREFERENCE) {
            Optional<NeRate> candidate = floorOf(requested, unit);
            if (candidate.isEmpty()) {
                continue;
            }
            int closer = best == null ? 1 : candidate.get().microlitresPerHour().compareTo(best.microlitresPerHour());
            if (closer > 0 || (closer == 0 && digits(candidate.get()) < digits(best))) {
                best = candidate.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The closest positive rate not above {@code requested} in a fixed unit (needed while pumping: the NE
     * cannot change rate units then).
     *
     * @return empty when the rate floors to zero in that unit or is 10000 of it or more
     */
    public static Optional<NeRate> floorOf(FlowRate requested, NeRateUnit unit) {
        // 6 extra decimals are enough: the finest step, 0.001 UH, is 1e-3 µL/h, and DOWN never rounds up.
        BigDecimal inUnit = BigDecimal.valueOf(requested.microlitresPerHour())
                .divide(unit.microlitresPerHour(), 9, RoundingMode.DOWN);
        if (inUnit.compareTo(TEN_THOUSAND) >= 0) {
            return Optional.empty();
        }
        BigDecimal floored = NeNumber.floor(inUnit);
        if (floored.signum() == 0) {
            return Optional.empty();
        }
        return Optional.of(new NeRate(floored, unit));
    }

    private static int digits(NeRate rate) {
        String text = NeNumber.format(rate.value);
        return text.length() - (text.indexOf('.') >= 0 ? 1 : 0);
    }

    /** Parses a {@code RAT} query answer, e.g. {@code 10.00MH}. */
    public static NeRate parse(String data) throws NeFormatException {
        if (data.length() < 3) {
            throw new NeFormatException("rate '" + NeFrames.printable(data) + "' is too short (number + unit)");
        }
        NeRateUnit unit = NeRateUnit.ofWire(data.substring(data.length() - 2));
        BigDecimal value = NeNumber.parse(data.substring(0, data.length() - 2));
        if (!NeNumber.isRepresentable(value)) {
            throw new NeFormatException("rate '" + data + "' has a value outside the New Era number format");
        }
        return new NeRate(value, unit);
    }

    @Override
    public String toString() {
        return wire();
    }
}
