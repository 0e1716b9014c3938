package org.dosewarden.safety;

import java.util.Objects;
import org.dosewarden.dose.library.VitalSign;

/**
 * One vital sign inside a {@link Event.VitalsReading}.
 *
 * @param sign  which sign
 * @param value the value in the sign's integer unit (mmHg, /min, %); ignored when {@code valid} is false
 * @param valid false when the monitor sent NaN, an unparseable value or an invalid marker; a 0 is also
 *              treated as invalid by the core. Invalid values raise a technical alarm, never silence.
 */
public record VitalValue(VitalSign sign, int value, boolean valid) {

    public VitalValue {
        Objects.requireNonNull(sign, "sign");
    }

    public static VitalValue of(VitalSign sign, int value) {
        return new VitalValue(sign, value, true);
    }

    public static VitalValue invalid(VitalSign sign) {
        return new VitalValue(sign, 0, false);
    }

    /** Usable for rules: marked valid and above zero. */
    public boolean usable() {
        return valid && value > 0;
    }
}
