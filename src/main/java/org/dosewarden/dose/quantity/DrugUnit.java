package org.dosewarden.dose.quantity;

/** A unit built on a drug amount unit (mg, mcg, units): dose, dose-rate and concentration units. */
public interface DrugUnit {

    /** Mass or drug units. */
    AmountKind kind();

    /** UCUM wire code, e.g. {@code ug/kg/min}. */
    String code();

    /** Screen text, e.g. "mcg/kg/min". */
    String display();
}
