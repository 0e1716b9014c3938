package org.dosewarden.dose.quantity;

import java.math.BigDecimal;

/**
 * A value held exactly as written with its {@link DrugUnit} (a dose, dose rate or concentration): the text
 * forms and the kind of drug amount are the same for all of them.
 */
public interface DrugQuantity extends Measure {

    /** The value as written, normalised. */
    BigDecimal value();

    DrugUnit unit();

    default AmountKind kind() {
        return unit().kind();
    }

    /** Clinician text, e.g. "0.5 mcg/kg/min". */
    @Override
    default String display() {
        return Decimals.format(value()) + " " + unit().display();
    }

    /** Wire text, e.g. "0.5 ug/kg/min". */
    default String wire() {
        return Decimals.format(value()) + " " + unit().code();
    }
}
