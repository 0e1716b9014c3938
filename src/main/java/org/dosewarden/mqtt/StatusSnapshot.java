package org.dosewarden.mqtt;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a dashboard sees of one channel: the retained document on {@code .../{channel}/status}. The
 * channel layer fills one on every change; {@link DashboardLink} publishes it and republishes the latest
 * at least every heartbeat (5 s by default) with a fresh {@code ts}. No patient identifiers: the bed
 * label is the only location.
 *
 * <p>Fields documented as nullable are null when nothing is programmed; all others are required.
 *
 * @param ts            wall time of this document (replaced by the publish time on heartbeats)
 * @param seq           journal sequence of the newest record this status reflects; never decreases per
 *                      channel, so a dashboard can order status documents and relate them to events
 * @param state         infusion state name, e.g. {@code IDLE}, {@code RUNNING}, {@code TRIPPED}
 * @param drug          drug library name; nullable
 * @param bed           bed label from configuration ({@code dosewarden.channels.<name>.bed})
 * @param rateMlPerH    current pump rate in mL/h (0 when not running)
 * @param doseRate      current dose rate in the library's dosing unit; nullable
 * @param deliveredMl   volume delivered in this session, mL
 * @param deliveredDose drug delivered in this session; nullable
 * @param totalDose     prescribed session total; nullable
 * @param step          1-based number of the running plan step; nullable
 * @param startedAt     when the infusion started; nullable
 * @param expectedEndAt when the infusion is expected to end at the current rate; nullable
 * @param link          pump link state, e.g. {@code CONNECTED}, {@code LOST}
 * @param activeAlarms  number of active (not yet cleared) alarms, {@code >= 0}
 * @param vtbiMl        the program's total volume to be infused, mL; nullable
 * @param remainingMl   program volume not yet delivered, mL; nullable
 * @param remainingSeconds the rest of the plan at its planned rates, whole seconds rounded up; null when no
 *                      program is loaded or its volume is delivered
 * @param percentComplete delivered part of the program volume, 0-100, rounded down to 0.1; nullable
 * @param concentration the preparation's concentration, e.g. 1 mg/mL; nullable
 * @param weight        the patient's body weight the dose was calculated for, kg; nullable
 * @param nearEnd       the near-end advisory was raised and the plan is not yet delivered (SR-C5)
 * @param vitals        the latest vital signs; null when none has arrived
 */
public record StatusSnapshot(
        Instant ts,
        long seq,
        String state,
        String drug,
        String bed,
        BigDecimal rateMlPerH,
        Quantity doseRate,
        BigDecimal deliveredMl,
        Quantity deliveredDose,
        Quantity totalDose,
        Integer step,
        Instant startedAt,
        Instant expectedEndAt,
        String link,
        int activeAlarms,
        BigDecimal vtbiMl,
        BigDecimal remainingMl,
        Long remainingSeconds,
        BigDecimal percentComplete,
        Quantity concentration,
        Quantity weight,
        boolean nearEnd,
        Vitals vitals) {

    public StatusSnapshot {
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(bed, "bed");
        Objects.requireNonNull(rateMlPerH, "rateMlPerH");
        Objects.requireNonNull(deliveredMl, "deliveredMl");
        Objects.requireNonNull(link, "link");
        if (seq < 0) {
            throw new IllegalArgumentException("status seq must not be negative: " + seq);
        }
        if (rateMlPerH.signum() < 0) {
            throw new IllegalArgumentException("rateMlPerH must not be negative: " + rateMlPerH.toPlainString());
        }
        if (deliveredMl.signum() < 0) {
            throw new IllegalArgumentException("deliveredMl must not be negative: " + deliveredMl.toPlainString());
        }
        if (step != null && step < 1) {
            throw new IllegalArgumentException("step is 1-based: " + step);
        }
        if (percentComplete != null && (percentComplete.signum() < 0 || percentComplete.compareTo(BigDecimal.valueOf(100)) > 0)) {
            throw new IllegalArgumentException("percentComplete must be 0..100: " + percentComplete.toPlainString());
        }
        if (remainingSeconds != null && remainingSeconds < 0) {
            throw new IllegalArgumentException("remainingSeconds must not be negative: " + remainingSeconds);
        }
        if (activeAlarms < 0) {
            throw new IllegalArgumentException("activeAlarms must not be negative: " + activeAlarms);
        }
    }

    /** A status without the program's progress, preparation and vitals (all absent). */
    public StatusSnapshot(Instant ts, long seq, String state, String drug, String bed, BigDecimal rateMlPerH,
            Quantity doseRate, BigDecimal deliveredMl, Quantity deliveredDose, Quantity totalDose, Integer step,
            Instant startedAt, Instant expectedEndAt, String link, int activeAlarms) {
        this(ts, seq, state, drug, bed, rateMlPerH, doseRate, deliveredMl, deliveredDose, totalDose, step, startedAt,
                expectedEndAt, link, activeAlarms, null, null, null, null, null, null, false, null);
    }

    /** A channel with nothing programmed. */
    public static StatusSnapshot idle(Instant ts, long seq, String bed, String link) {
        return new StatusSnapshot(ts, seq, "IDLE", null, bed, BigDecimal.ZERO, null, BigDecimal.ZERO, null, null,
                null, null, null, link, 0);
    }

    /** The same document stamped with another time (heartbeat republish). */
    public StatusSnapshot withTs(Instant newTs) {
        return new StatusSnapshot(newTs, seq, state, drug, bed, rateMlPerH, doseRate, deliveredMl, deliveredDose,
                totalDose, step, startedAt, expectedEndAt, link, activeAlarms, vtbiMl, remainingMl, remainingSeconds,
                percentComplete, concentration, weight, nearEnd, vitals);
    }

    /** The same document with the latest vital signs. */
    public StatusSnapshot withVitals(Vitals latest) {
        return new StatusSnapshot(ts, seq, state, drug, bed, rateMlPerH, doseRate, deliveredMl, deliveredDose,
                totalDose, step, startedAt, expectedEndAt, link, activeAlarms, vtbiMl, remainingMl, remainingSeconds,
                percentComplete, concentration, weight, nearEnd, latest);
    }

    /**
     * The latest vital signs of the channel's bed, as the safety core judged them; values are whole mmHg, /min
     * and %, {@code null} when that sign has not arrived.
     *
     * @param ts         wall time of the oldest value shown (every value is at least this recent)
     * @param ageSeconds age of that oldest value when the status was made, whole seconds
     * @param breach     every value past a soft (alert) or hard limit of the program's vitals profile
     */
    public record Vitals(Integer sbp, Integer dbp, Integer hr, Integer spo2, Integer rr, Instant ts, long ageSeconds,
                         List<Breach> breach) {
        public Vitals {
            Objects.requireNonNull(ts, "ts");
            breach = List.copyOf(breach);
            if (ageSeconds < 0) {
                throw new IllegalArgumentException("vitals ageSeconds must not be negative: " + ageSeconds);
            }
        }
    }

    /**
     * One value past a limit.
     *
     * @param sign  {@code sbp}, {@code dbp}, {@code hr}, {@code spo2} or {@code rr}
     * @param level {@code soft} (alert limit) or {@code hard}
     */
    public record Breach(String sign, String level) {
        public Breach {
            Objects.requireNonNull(sign, "sign");
            Objects.requireNonNull(level, "level");
        }
    }
}
