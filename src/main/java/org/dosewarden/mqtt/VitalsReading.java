package org.dosewarden.mqtt;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.dosewarden.dose.library.VitalSign;

/**
 * One vitals message received for a channel, parsed but not judged: the safety core decides what a value
 * means. Values that could not be used are not dropped; they are listed in {@code invalid} so the core can
 * raise a technical alarm (clinical.md "Data quality": a 0 or NaN value is never silently ignored). A
 * message that could not be read at all arrives with no values and one {@code invalid} entry for
 * {@link Field#MESSAGE}.
 *
 * @param channel                 the channel whose vitals topic carried the message
 * @param measuredAt              the message's {@code ts}, or {@code receivedAt} when it had none
 * @param receivedAt              wall time the daemon received the message
 * @param timestampFromReceipt    true when the message carried no {@code ts} and {@code measuredAt} is the
 *                                receipt time
 * @param values                  valid readings in the sign's clinical integer unit (mmHg, /min, %)
 * @param invalid                 readings or parts that were present but unusable, with the reason
 */
public record VitalsReading(
        String channel,
        Instant measuredAt,
        Instant receivedAt,
        boolean timestampFromReceipt,
        Map<VitalSign, Integer> values,
        List<Invalid> invalid) {

    /** A part of a vitals message: one of the five signs, the timestamp or the message as a whole. */
    public enum Field {
        SBP("sbp", VitalSign.SYSTOLIC_BP),
        DBP("dbp", VitalSign.DIASTOLIC_BP),
        HR("hr", VitalSign.HEART_RATE),
        SPO2("spo2", VitalSign.SPO2),
        RR("rr", VitalSign.RESPIRATORY_RATE),
        TS("ts", null),
        MESSAGE("message", null);

        private final String jsonName;
        private final VitalSign sign;

        Field(String jsonName, VitalSign sign) {
            this.jsonName = jsonName;
            this.sign = sign;
        }

        /** The JSON member name on the wire. */
        public String jsonName() {
            return jsonName;
        }

        /** The vital sign of this field; empty for {@code ts} and the message as a whole. */
        public Optional<VitalSign> sign() {
            return Optional.ofNullable(sign);
        }
    }

    /**
     * A part of the message that could not be used.
     *
     * @param field  which part
     * @param raw    the received text of that part (at most 64 characters)
     * @param reason why it was not used, naming the limit that applied
     */
    public record Invalid(Field field, String raw, String reason) {
        public Invalid {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public VitalsReading {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(measuredAt, "measuredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        values = values.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(values));
        invalid = List.copyOf(invalid);
    }

    /** True when something in the message was unusable: the core must raise a technical alarm. */
    public boolean hasInvalidData() {
        return !invalid.isEmpty();
    }

    /** The valid reading of {@code sign}, if the message carried one. */
    public Optional<Integer> value(VitalSign sign) {
        return Optional.ofNullable(values.get(sign));
    }
}
