package org.dosewarden.mqtt.wiring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.mqtt.AlarmView;
import org.dosewarden.mqtt.Quantity;
import org.dosewarden.mqtt.StatusSnapshot;
import org.dosewarden.safety.AlarmType;

/**
 * The channel layer's {@link ChannelSnapshot} as the documents dashboards read. The drug amounts
 * ({@code doseRate}, {@code deliveredDose}, {@code totalDose}) are not part of the snapshot; the caller
 * passes them (null when it has none).
 */
public final class DashboardViews {

    private DashboardViews() {
    }

    /**
     * The status document of {@code s}.
     *
     * @param seq           journal sequence of the newest record the snapshot reflects (never decreasing)
     * @param bed           the channel's configured bed label
     * @param doseRate      current dose rate in the library's unit; nullable
     * @param deliveredDose drug delivered in this session; nullable
     * @param totalDose     prescribed session total; nullable
     */
    public static StatusSnapshot status(ChannelSnapshot s, long seq, String bed, Quantity doseRate,
            Quantity deliveredDose, Quantity totalDose) {
        ChannelSnapshot.LoadedProgram p = s.program();
        ChannelSnapshot.Progress progress = s.progress();
        boolean running = "RUNNING".equals(s.infusionState());
        BigDecimal vtbi = null;
        BigDecimal remaining = null;
        Long remainingSeconds = null;
        BigDecimal percent = null;
        boolean nearEnd = false;
        if (progress != null) {
            vtbi = progress.planVolume().millilitres();
            remaining = progress.remainingVolume().millilitres();
            Duration left = progress.remainingTime();
            remainingSeconds = left.isZero() ? null : left.plusNanos(999_999_999L).toSeconds();
            percent = percentOf(s.delivered(), progress.planVolume());
            nearEnd = progress.nearEnd();
        }
        Quantity concentration = null;
        Quantity weight = null;
        if (p != null) {
            Concentration c = p.order().infusion().concentration();
            concentration = new Quantity(c.value().stripTrailingZeros(), c.unit().code());
            weight = new Quantity(p.order().infusion().prescription().weight().kilograms().stripTrailingZeros(), "kg");
        }
        return new StatusSnapshot(s.asOf(), seq, s.infusionState(), p == null ? null : p.order().drugId(), bed,
                s.pumpRate().millilitresPerHour(), doseRate, s.delivered().millilitres(), deliveredDose, totalDose,
                running ? Integer.valueOf(s.currentStep() + 1) : null, p == null ? null : p.startedAt(),
                p == null ? null : p.expectedEnd(), s.linkState().name(), s.activeAlarms().size(), vtbi, remaining,
                remainingSeconds, percent, concentration, weight, nearEnd, vitals(s.vitals(), s.asOf()));
    }

    /** Delivered as a part of the plan volume, 0-100, rounded down to 0.1 (never shows more done than is). */
    static BigDecimal percentOf(Volume delivered, Volume plan) {
        if (plan.isZero()) {
            return BigDecimal.ZERO;
        }
        BigDecimal p = BigDecimal.valueOf(delivered.microlitres()).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(plan.microlitres()), 1, RoundingMode.FLOOR);
        return p.min(BigDecimal.valueOf(100)).stripTrailingZeros();
    }

    /** The latest vital signs, or {@code null} when none has arrived; the age is that of the oldest value. */
    static StatusSnapshot.Vitals vitals(List<ChannelSnapshot.VitalReading> readings, Instant now) {
        if (readings.isEmpty()) {
            return null;
        }
        Map<VitalSign, Integer> values = new EnumMap<>(VitalSign.class);
        List<StatusSnapshot.Breach> breach = new ArrayList<>();
        Instant oldest = readings.getFirst().at();
        for (ChannelSnapshot.VitalReading r : readings) {
            values.put(r.sign(), r.value());
            oldest = r.at().isBefore(oldest) ? r.at() : oldest;
            if (r.breach() != null) {
                breach.add(new StatusSnapshot.Breach(wireName(r.sign()), r.breach()));
            }
        }
        long age = Math.max(0, Duration.between(oldest, now).toSeconds());
        return new StatusSnapshot.Vitals(values.get(VitalSign.SYSTOLIC_BP), values.get(VitalSign.DIASTOLIC_BP),
                values.get(VitalSign.HEART_RATE), values.get(VitalSign.SPO2), values.get(VitalSign.RESPIRATORY_RATE),
                oldest, age, breach);
    }

    /** The vitals topic's member name of a sign (docs/mqtt.md "Vitals in"). */
    static String wireName(VitalSign sign) {
        return switch (sign) {
            case SYSTOLIC_BP -> "sbp";
            case DIASTOLIC_BP -> "dbp";
            case HEART_RATE -> "hr";
            case SPO2 -> "spo2";
            case RESPIRATORY_RATE -> "rr";
        };
    }

    /**
     * The alarm set of {@code s}. Priority and pump action come from the safety core's alarm table (SR-C1);
     * an alarm type the table does not know keeps the snapshot's priority and is shown with pump action
     * {@code stop}, the most conservative reading.
     */
    public static List<AlarmView> alarms(ChannelSnapshot s) {
        List<AlarmView> out = new ArrayList<>();
        for (ChannelSnapshot.AlarmView a : s.activeAlarms()) {
            AlarmView.Priority priority = AlarmView.Priority.valueOf(a.priority().toUpperCase(Locale.ROOT));
            AlarmView.PumpAction action = AlarmView.PumpAction.STOP;
            try {
                AlarmType type = AlarmType.valueOf(a.type());
                action = AlarmView.PumpAction.valueOf(type.action().name());
            } catch (IllegalArgumentException unknownType) {
                // keep STOP
            }
            out.add(new AlarmView(a.id(), a.type(), priority, a.raisedAt(), a.acknowledgedBy(), null, a.message(),
                    action));
        }
        return out;
    }
}
