package org.dosewarden.mqtt;

import java.math.BigDecimal;
import java.time.Instant;
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
        int activeAlarms) {

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
        if (activeAlarms < 0) {
            throw new IllegalArgumentException("activeAlarms must not be negative: " + activeAlarms);
        }
    }

    /** A channel with nothing programmed. */
    public static StatusSnapshot idle(Instant ts, long seq, String bed, String link) {
        return new StatusSnapshot(ts, seq, "IDLE", null, bed, BigDecimal.ZERO, null, BigDecimal.ZERO, null, null,
                null, null, null, link, 0);
    }

    /** The same document stamped with another time (heartbeat republish). */
    public StatusSnapshot withTs(Instant newTs) {
        return new StatusSnapshot(newTs, seq, state, drug, bed, rateMlPerH, doseRate, deliveredMl, deliveredDose,
                totalDose, step, startedAt, expectedEndAt, link, activeAlarms);
    }
}
