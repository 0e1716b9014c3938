package org.dosewarden.dose.library;

/** The three ways a prescription can say how much drug to give; a library entry lists those it allows. */
public enum DosingForm {
    /** A dose over a duration ("0.5 mg/kg over 40 min"). */
    DOSE_OVER_TIME("doseOverTime"),
    /** Several doses over durations run in order ("0.11 mg/kg over 2 min, then 0.60 mg/kg over 50 min"). */
    STEPS("steps"),
    /** A continuous dose rate with a total dose or a duration. */
    DOSE_RATE("doseRate");

    private final String key;

    DosingForm(String key) {
        this.key = key;
    }

    /** Library-file key: {@code doseOverTime}, {@code steps}, {@code doseRate}. */
    public String key() {
        return key;
    }

    /** @throws UnitException naming the text when it is no form */
    public static DosingForm ofKey(String key) {
        for (DosingForm f : values()) {
            if (f.key.equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown dosing form '" + key + "'; expected doseOverTime, steps or doseRate");
    }
}
