package org.dosewarden.dose.library;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How vitals gate and supervise an infusion of a drug. A drug library entry names its profile; the
 * safety core applies it. Any list may leave a sign out (no limit for it); the defaults are the
 * *designed* values of clinical.md, which a clinic must approve.
 *
 * @param id                      profile name referenced from the drug library
 * @param required                vitals must be flowing while infusing; missing data pauses the infusion
 * @param startGate               a start is refused while the latest reading breaches any of these
 * @param startGateMaxAge         a start is refused when the latest reading is older than this
 * @param softLimits              breached on {@code softConsecutiveReadings} readings in a row → alert,
 *                                acknowledgement required
 * @param softConsecutiveReadings how many consecutive breaching readings raise the soft alert (≥ 1)
 * @param hardLimits              one breaching reading pauses the infusion (rate 0)
 * @param spo2HardHold            SpO2 hard limits must be breached this long before they pause
 * @param bloodPressureMaxAge     a blood pressure older than this is stale (1.5 × the cuff cycle)
 * @param continuousMaxGap        SpO2/HR/RR missing longer than this is stale
 */
public record VitalsProfile(
        String id,
        boolean required,
        List<VitalLimit> startGate,
        Duration startGateMaxAge,
        List<VitalLimit> softLimits,
        int softConsecutiveReadings,
        List<VitalLimit> hardLimits,
        Duration spo2HardHold,
        Duration bloodPressureMaxAge,
        Duration continuousMaxGap) {

    public VitalsProfile {
        Objects.requireNonNull(id, "id");
        startGate = List.copyOf(startGate);
        softLimits = List.copyOf(softLimits);
        hardLimits = List.copyOf(hardLimits);
        Objects.requireNonNull(startGateMaxAge, "startGateMaxAge");
        Objects.requireNonNull(spo2HardHold, "spo2HardHold");
        Objects.requireNonNull(bloodPressureMaxAge, "bloodPressureMaxAge");
        Objects.requireNonNull(continuousMaxGap, "continuousMaxGap");
        if (softConsecutiveReadings < 1) {
            throw new IllegalArgumentException("softConsecutiveReadings must be at least 1: " + softConsecutiveReadings);
        }
    }

    /**
     * The designed defaults of clinical.md ("Vitals interlock"): start gate > 160/100, HR > 110,
     * SpO2 < 94, data older than 10 min; soft ≥ 160/100 or HR ≥ 110 twice; hard ≥ 180/110, HR ≥ 130,
     * SpO2 < 90 for 30 s, RR < 8; BP stale after 15 min (1.5 × a 10 min cuff cycle), SpO2 after 30 s.
     */
    public static VitalsProfile designedDefault(String id, boolean required) {
        return new VitalsProfile(
                id,
                required,
                List.of(
                        new VitalLimit(VitalSign.SYSTOLIC_BP, VitalLimit.Trip.ABOVE, 160),
                        new VitalLimit(VitalSign.DIASTOLIC_BP, VitalLimit.Trip.ABOVE, 100),
                        new VitalLimit(VitalSign.HEART_RATE, VitalLimit.Trip.ABOVE, 110),
                        new VitalLimit(VitalSign.SPO2, VitalLimit.Trip.BELOW, 94)),
                Duration.ofMinutes(10),
                List.of(
                        new VitalLimit(VitalSign.SYSTOLIC_BP, VitalLimit.Trip.AT_OR_ABOVE, 160),
                        new VitalLimit(VitalSign.DIASTOLIC_BP, VitalLimit.Trip.AT_OR_ABOVE, 100),
                        new VitalLimit(VitalSign.HEART_RATE, VitalLimit.Trip.AT_OR_ABOVE, 110)),
                2,
                List.of(
                        new VitalLimit(VitalSign.SYSTOLIC_BP, VitalLimit.Trip.AT_OR_ABOVE, 180),
                        new VitalLimit(VitalSign.DIASTOLIC_BP, VitalLimit.Trip.AT_OR_ABOVE, 110),
                        new VitalLimit(VitalSign.HEART_RATE, VitalLimit.Trip.AT_OR_ABOVE, 130),
                        new VitalLimit(VitalSign.SPO2, VitalLimit.Trip.BELOW, 90),
                        new VitalLimit(VitalSign.RESPIRATORY_RATE, VitalLimit.Trip.BELOW, 8)),
                Duration.ofSeconds(30),
                Duration.ofMinutes(15),
                Duration.ofSeconds(30));
    }
}
