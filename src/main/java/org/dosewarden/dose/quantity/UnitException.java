package org.dosewarden.dose.quantity;

/**
 * A quantity or unit could not be understood, or two quantities of incompatible units met (mass
 * against drug units, weight-based against absolute). The message names the unit and what was expected.
 */
public class UnitException extends IllegalArgumentException {

    public UnitException(String message) {
        super(message);
    }
}
