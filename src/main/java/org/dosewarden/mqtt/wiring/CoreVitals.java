package org.dosewarden.mqtt.wiring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.mqtt.VitalsReading;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.Moment;
import org.dosewarden.safety.VitalValue;

/**
 * Turns a vitals message into the safety core's {@link Event.VitalsReading}. Nothing unusable disappears:
 * an invalid value becomes {@link VitalValue#invalid}, and when the message as a whole or its timestamp
 * could not be read, every sign is marked invalid, so the core raises its technical alarm (clinical.md
 * "Data quality").
 */
public final class CoreVitals {

    private CoreVitals() {
    }

    /**
     * The core event for {@code reading}. Its moment is the measurement time: the wall time from the
     * message, and a monotonic time placed the reading's age before now, so the core's staleness rules see
     * how old the reading really is (a timestamp in the future counts as now).
     */
    public static Event.VitalsReading toEvent(VitalsReading reading, TimeSource time) {
        return toEvent(reading, new Moment(time.wallTime(), time.monotonicNanos()));
    }

    /**
     * As {@link #toEvent(VitalsReading, TimeSource)}, with "now" given by the channel: fits
     * {@code supervisor.post(now -> CoreVitals.toEvent(reading, now))}.
     */
    public static Event.VitalsReading toEvent(VitalsReading reading, Moment now) {
        long nowMono = now.monotonicNanos();
        Duration age = Duration.between(reading.measuredAt(), now.wall());
        long ageNanos = age.isNegative() ? 0 : saturatedNanos(age);
        Moment at = new Moment(reading.measuredAt(), nowMono - ageNanos);
        boolean whole = reading.invalid().stream().anyMatch(i -> i.field() == VitalsReading.Field.MESSAGE
                || i.field() == VitalsReading.Field.TS);
        List<VitalValue> values = new ArrayList<>();
        if (whole) {
            for (VitalSign sign : VitalSign.values()) {
                values.add(VitalValue.invalid(sign));
            }
            return new Event.VitalsReading(at, values);
        }
        Set<VitalSign> invalid = EnumSet.noneOf(VitalSign.class);
        reading.invalid().forEach(i -> i.field().sign().ifPresent(invalid::add));
        for (VitalSign sign : VitalSign.values()) {
            if (invalid.contains(sign)) {
                values.add(VitalValue.invalid(sign));
            } else {
                reading.value(sign).ifPresent(v -> values.add(VitalValue.of(sign, v)));
            }
        }
        return new Event.VitalsReading(at, values);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooOld) {
            return Long.MAX_VALUE / 2;
        }
    }
}
