package org.dosewarden.dose.library;

/**
 * How much drug a prescription (or a library protocol) asks for, in one of the three forms of
 * {@link DosingForm}. Doses and rates are in the units the prescriber wrote; the programming check
 * compares them with the library entry's limits exactly.
 */
public sealed interface Dosing permits DoseOverTime, StepProgram, RateWithTotal, RateForDuration {

    DosingForm form();
}
