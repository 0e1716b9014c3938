package org.dosewarden.pump.newera;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import org.dosewarden.dose.quantity.Volume;

/**
 * A volume as the pump reads and writes it ({@code VOL}): a New Era number in a volume unit.
 *
 * @param value representable New Era number; 0 for VTBI means "no volume limit" (continuous)
 * @param unit  the volume unit
 */
public record NeVolume(BigDecimal value, NeVolumeUnit unit) {

    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    public NeVolume {
        if (!NeNumber.isRepresentable(value)) {
            throw new IllegalArgumentException("volume value " + value.toPlainString() + " is not a New Era number");
        }
    }

    /** The argument text of {@code VOL} (the unit is set separately with {@code VOLUL}/{@code VOLML}). */
    public String wireNumber() {
        return NeNumber.format(value);
    }

    /** Exact µL (may have a fraction: 0.001 UL). */
    public BigDecimal microlitres() {
        return value.multiply(unit.microlitres());
    }

    /** Whole µL with the named rounding. */
    public Volume volume(RoundingMode rounding) {
        return new Volume(microlitres().setScale(0, rounding).longValueExact());
    }

    /**
     * The largest volume not above {@code requested} expressible in {@code unit}.
     *
     * @return empty when 10000 of that unit or more
     */
    public static Optional<NeVolume> floorOf(Volume requested, NeVolumeUnit unit) {
        BigDecimal inUnit = BigDecimal.valueOf(requested.microlitres()).divide(unit.microlitres(), 3, RoundingMode.DOWN);
        if (inUnit.compareTo(TEN_THOUSAND) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new NeVolume(NeNumber.floor(inUnit), unit));
    }

    /** Parses a {@code VOL} query answer, e.g. {@code 5.000ML}. */
    public static NeVolume parse(String data) throws NeFormatException {
        if (data.length() < 3) {
            throw new NeFormatException("volume '" + NeFrames.printable(data) + "' is too short (number + unit)");
        }
        NeVolumeUnit unit = NeVolumeUnit.ofWire(data.substring(data.length() - 2));
        BigDecimal value = NeNumber.parse(data.substring(0, data.length() - 2));
        if (!NeNumber.isRepresentable(value)) {
            throw new NeFormatException("volume '" + data + "' has a value outside the New Era number format");
        }
        return new NeVolume(value, unit);
    }

    @Override
    public String toString() {
        return NeNumber.format(value) + unit.name();
    }
}
