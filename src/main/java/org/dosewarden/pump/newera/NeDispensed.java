package org.dosewarden.pump.newera;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.dosewarden.dose.quantity.Volume;

/**
 * The answer to {@code DIS}: running totals infused and withdrawn since the last {@code CLD}, in one
 * unit, wire form {@code I<number>W<number><UL|ML>}.
 */
public record NeDispensed(BigDecimal infused, BigDecimal withdrawn, NeVolumeUnit unit) {

    public NeDispensed {
        if (!NeNumber.isRepresentable(infused) || !NeNumber.isRepresentable(withdrawn)) {
            throw new IllegalArgumentException("dispensed totals must be New Era numbers: I" + infused.toPlainString()
                    + " W" + withdrawn.toPlainString());
        }
    }

    /** Infused total in exact µL. */
    public BigDecimal infusedMicrolitres() {
        return infused.multiply(unit.microlitres());
    }

    /** Withdrawn total in exact µL. */
    public BigDecimal withdrawnMicrolitres() {
        return withdrawn.multiply(unit.microlitres());
    }

    /** Infused total in whole µL with the named rounding. */
    public Volume infusedVolume(RoundingMode rounding) {
        return new Volume(infusedMicrolitres().setScale(0, rounding).longValueExact());
    }

    /** Withdrawn total in whole µL with the named rounding. */
    public Volume withdrawnVolume(RoundingMode rounding) {
        return new Volume(withdrawnMicrolitres().setScale(0, rounding).longValueExact());
    }

    /** The data field as the pump sends it, five-character numbers: {@code I1.200W0.000ML}. */
    public String wire() {
        return "I" + NeNumber.formatFixed(infused) + "W" + NeNumber.formatFixed(withdrawn) + unit.name();
    }

    /** Parses the {@code DIS} data field. */
    public static NeDispensed parse(String data) throws NeFormatException {
        if (data.length() < 6 || data.charAt(0) != 'I') {
            throw new NeFormatException("dispensed '" + NeFrames.printable(data) + "' does not look like I<n>W<n><UL|ML>");
        }
        int w = data.indexOf('W', 1);
        if (w < 0) {
            throw new NeFormatException("dispensed '" + NeFrames.printable(data) + "' has no 'W' (withdrawn) field");
        }
        NeVolumeUnit unit = NeVolumeUnit.ofWire(data.substring(data.length() - 2));
        if (data.length() - 2 <= w + 1) {
            throw new NeFormatException("dispensed '" + data + "' has an empty withdrawn number");
        }
        BigDecimal infused = NeNumber.parse(data.substring(1, w));
        BigDecimal withdrawn = NeNumber.parse(data.substring(w + 1, data.length() - 2));
        if (!NeNumber.isRepresentable(infused) || !NeNumber.isRepresentable(withdrawn)) {
            throw new NeFormatException("dispensed '" + data + "' has a value outside the New Era number format");
        }
        return new NeDispensed(infused, withdrawn, unit);
    }
}
