package org.dosewarden.dose.library;

import java.util.List;
import java.util.Objects;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.ConcentrationUnit;

/**
 * Which preparations of a drug the library allows.
 *
 * @param unit     the unit every value of this group is written in
 * @param standard the clinic's standard preparations (e.g. 1 and 2 mg/mL); informative, offered first
 * @param bounds   hard/soft limits; a concentration outside the hard limits is refused
 */
public record ConcentrationLimits(ConcentrationUnit unit, List<Concentration> standard, Bounds<Concentration> bounds) {

    public ConcentrationLimits {
        Objects.requireNonNull(unit, "unit");
        standard = List.copyOf(standard);
        Objects.requireNonNull(bounds, "bounds");
    }
}
