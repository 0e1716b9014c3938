package org.dosewarden.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.json.JsonMappers;

/**
 * Reads a vitals message {@code {"ts":..,"sbp":..,"dbp":..,"hr":..,"spo2":..,"rr":..}} (any subset). The
 * timestamp is an ISO-8601 instant string or epoch milliseconds. Each value must be a whole number within
 * a plausible range; anything else (0, negative, NaN, a fraction, text, null, out of range) is passed on as
 * invalid with its reason, never dropped. Unknown members are ignored so gateways may add their own.
 */
public final class VitalsParser {

    /** Largest message read; a monitor gateway sends well under 1 KiB. */
    public static final int MAX_MESSAGE_BYTES = 4096;

    /**
     * Plausible ranges; a value outside is a sensor or gateway fault, not a reading. The upper bounds are
     * wide on purpose: a real extreme reading must reach the interlock, not be filtered here.
     */
    private static final Map<VitalSign, int[]> PLAUSIBLE = new EnumMap<>(Map.of(
            VitalSign.SYSTOLIC_BP, new int[] {1, 350},
            VitalSign.DIASTOLIC_BP, new int[] {1, 300},
            VitalSign.HEART_RATE, new int[] {1, 350},
            VitalSign.SPO2, new int[] {1, 100},
            VitalSign.RESPIRATORY_RATE, new int[] {1, 150}));

    // NaN and Infinity appear from real gateways; reading them lets us name them instead of failing the
    // message. A repeated member ({"sbp":120,"sbp":190}) is ambiguous, so it makes the message unreadable.
    private static final ObjectMapper JSON = JsonMappers.jsonBuilder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private VitalsParser() {
    }

    /** Parses {@code payload} received on {@code channel}'s vitals topic at {@code receivedAt}. */
    public static VitalsReading parse(String channel, byte[] payload, Instant receivedAt) {
        if (payload.length > MAX_MESSAGE_BYTES) {
            return unreadable(channel, receivedAt, payload,
                    "message is " + payload.length + " bytes, more than the limit of " + MAX_MESSAGE_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            return unreadable(channel, receivedAt, payload, "not JSON: " + firstLine(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            return unreadable(channel, receivedAt, payload, "not readable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return unreadable(channel, receivedAt, payload, "not a JSON object");
        }
        List<VitalsReading.Invalid> invalid = new ArrayList<>();
        Map<VitalSign, Integer> values = new EnumMap<>(VitalSign.class);
        Instant measuredAt = receivedAt;
        boolean fromReceipt = true;
        JsonNode ts = root.get("ts");
        if (ts != null) {
            try {
                measuredAt = timestamp(ts);
                fromReceipt = false;
            } catch (IllegalArgumentException e) {
                invalid.add(new VitalsReading.Invalid(VitalsReading.Field.TS, excerpt(ts.toString()), e.getMessage()));
            }
        }
        for (VitalsReading.Field field : VitalsReading.Field.values()) {
            VitalSign sign = field.sign().orElse(null);
            if (sign == null) {
                continue;
            }
            JsonNode node = root.get(field.jsonName());
            if (node == null) {
                continue; // not measured in this message: staleness is the core's business
            }
            String problem = problem(sign, node);
            if (problem == null) {
                values.put(sign, node.decimalValue().intValueExact());
            } else {
                invalid.add(new VitalsReading.Invalid(field, excerpt(node.toString()), problem));
            }
        }
        return new VitalsReading(channel, measuredAt, receivedAt, fromReceipt, values, invalid);
    }

    /** Why {@code node} is not a usable reading of {@code sign}, or null when it is. */
    private static String problem(VitalSign sign, JsonNode node) {
        String name = sign.displayName();
        if (node.isNull()) {
            return name + " is null";
        }
        if (!node.isNumber()) {
            return name + " is not a number";
        }
        if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
            // NaN or Infinity (finite decimals are BigDecimal here)
            return name + " is " + node.asText() + ", not a reading";
        }
        BigDecimal value = node.decimalValue();
        if (value.stripTrailingZeros().scale() > 0) {
            return name + " " + value.toPlainString() + " is not a whole number of " + sign.unit();
        }
        int[] range = PLAUSIBLE.get(sign);
        if (value.compareTo(BigDecimal.valueOf(range[0])) < 0 || value.compareTo(BigDecimal.valueOf(range[1])) > 0) {
            return name + " " + value.toPlainString() + " " + sign.unit() + " is outside the plausible range "
                    + range[0] + "-" + range[1] + " " + sign.unit();
        }
        return null;
    }

    private static Instant timestamp(JsonNode ts) {
        if (ts.isIntegralNumber() && ts.canConvertToLong()) {
            long millis = ts.longValue();
            if (millis <= 0) {
                throw new IllegalArgumentException("ts " + millis + " is not a time (epoch milliseconds must be > 0)");
            }
            return Instant.ofEpochMilli(millis);
        }
        if (ts.isTextual()) {
            try {
                return Instant.parse(ts.textValue());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("ts '" + excerpt(ts.textValue())
                        + "' is not an ISO-8601 instant such as 2026-01-01T08:00:00Z");
            }
        }
        throw new IllegalArgumentException("ts must be an ISO-8601 instant string or epoch milliseconds");
    }

    private static VitalsReading unreadable(String channel, Instant receivedAt, byte[] payload, String reason) {
        String raw = excerpt(new String(payload, 0, Math.min(payload.length, 256), StandardCharsets.UTF_8));
        return new VitalsReading(channel, receivedAt, receivedAt, true, Map.of(),
                List.of(new VitalsReading.Invalid(VitalsReading.Field.MESSAGE, raw, "vitals message " + reason)));
    }

    static String excerpt(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
