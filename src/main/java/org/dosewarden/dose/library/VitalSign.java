package org.dosewarden.dose.library;

/** The vital signs a vitals profile can limit, each in its clinical integer unit. */
public enum VitalSign {
    SYSTOLIC_BP("systolic blood pressure", "mmHg"),
    DIASTOLIC_BP("diastolic blood pressure", "mmHg"),
    HEART_RATE("heart rate", "/min"),
    SPO2("SpO2", "%"),
    RESPIRATORY_RATE("respiratory rate", "/min");

    private final String displayName;
    private final String unit;

    VitalSign(String displayName, String unit) {
        this.displayName = displayName;
        this.unit = unit;
    }

    public String displayName() {
        return displayName;
    }

    /** Display unit: mmHg, /min or %. */
    public String unit() {
        return unit;
    }
}
