package org.dosewarden.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.dosewarden.json.JsonMappers;

/**
 * The JSON documents on the wire (docs/mqtt.md, schemas in docs/mqtt/). Written by hand, member by member,
 * so the contract does not change when a record gains a field. Instants are ISO-8601 UTC strings, amounts
 * are JSON numbers without trailing zeros, absent values are {@code null}.
 */
final class Payloads {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectMapper JSON = JsonMappers.json();

    /** Largest pause request read. */
    static final int MAX_PAUSE_REQUEST_BYTES = 2048;

    private Payloads() {
    }

    static byte[] status(StatusSnapshot s) {
        ObjectNode o = NODES.objectNode();
        o.put("ts", s.ts().toString());
        o.put("seq", s.seq());
        o.put("state", s.state());
        o.put("drug", s.drug());
        o.put("bed", s.bed());
        o.put("rateMlPerH", plain(s.rateMlPerH()));
        o.set("doseRate", quantity(s.doseRate()));
        o.put("deliveredMl", plain(s.deliveredMl()));
        o.set("deliveredDose", quantity(s.deliveredDose()));
        o.set("totalDose", quantity(s.totalDose()));
        o.put("step", s.step());
        o.put("startedAt", instant(s.startedAt()));
        o.put("expectedEndAt", instant(s.expectedEndAt()));
        o.put("link", s.link());
        o.put("activeAlarms", s.activeAlarms());
        o.put("vtbiMl", s.vtbiMl() == null ? null : plain(s.vtbiMl()));
        o.put("remainingMl", s.remainingMl() == null ? null : plain(s.remainingMl()));
        o.put("remainingSeconds", s.remainingSeconds());
        o.put("percentComplete", s.percentComplete() == null ? null : plain(s.percentComplete()));
        o.set("concentration", quantity(s.concentration()));
        o.set("weight", quantity(s.weight()));
        o.put("nearEnd", s.nearEnd());
        o.set("vitals", vitals(s.vitals()));
        return bytes(o);
    }

    private static ObjectNode vitals(StatusSnapshot.Vitals v) {
        if (v == null) {
            return null;
        }
        ObjectNode o = NODES.objectNode();
        o.put("sbp", v.sbp());
        o.put("dbp", v.dbp());
        o.put("hr", v.hr());
        o.put("spo2", v.spo2());
        o.put("rr", v.rr());
        o.put("ts", v.ts().toString());
        o.put("ageSeconds", v.ageSeconds());
        ArrayNode breach = o.putArray("breach");
        for (StatusSnapshot.Breach b : v.breach()) {
            breach.addObject().put("sign", b.sign()).put("level", b.level());
        }
        return o;
    }

    /** Always a JSON array, {@code []} when nothing is active: an empty payload would delete the retained message. */
    static byte[] alarms(List<AlarmView> alarms) {
        ArrayNode array = NODES.arrayNode();
        for (AlarmView a : alarms) {
            ObjectNode o = array.addObject();
            o.put("id", a.id());
            o.put("type", a.type());
            o.put("priority", lower(a.priority()));
            o.put("since", a.since().toString());
            o.put("acknowledgedBy", a.acknowledgedBy());
            o.put("acknowledgedAt", instant(a.acknowledgedAt()));
            o.put("message", a.message());
            o.put("pumpAction", lower(a.pumpAction()));
        }
        return bytes(array);
    }

    /** An event document; a payload that is not valid JSON is carried as a string so nothing is lost. */
    static byte[] event(OutboxEvent e) {
        ObjectNode o = NODES.objectNode();
        o.put("seq", e.seq());
        o.put("ts", e.ts().toString());
        o.put("channel", e.channel());
        o.put("type", e.type());
        JsonNode data;
        try {
            data = JSON.readTree(e.payloadJson());
        } catch (IOException notJson) {
            data = NODES.textNode(e.payloadJson());
        }
        o.set("data", data == null ? NODES.nullNode() : data);
        return bytes(o);
    }

    static byte[] connectionRestored(Instant lostAt, Instant restoredAt, String cause) {
        ObjectNode o = NODES.objectNode();
        o.put("state", "restored");
        o.put("lostAt", lostAt.toString());
        o.put("restoredAt", restoredAt.toString());
        o.put("outageSeconds", Math.max(0, Duration.between(lostAt, restoredAt).toSeconds()));
        o.put("cause", cause);
        return bytes(o);
    }

    static byte[] pauseReply(String channel, String requestId, PauseOutcome outcome, Instant ts) {
        ObjectNode o = NODES.objectNode();
        o.put("requestId", requestId);
        o.put("channel", channel);
        o.put("result", lower(outcome.result()));
        o.put("message", outcome.message());
        o.put("ts", ts.toString());
        return bytes(o);
    }

    /** A pause request read from the wire: either a request to hand on, or the reply it gets at once. */
    sealed interface PauseParse {
        record Valid(PauseRequest request) implements PauseParse {
        }

        record Refused(String requestId, PauseOutcome outcome) implements PauseParse {
        }
    }

    /**
     * Reads a pause request. Expired requests ({@code expiresAt <= now}) and requests that would stay valid
     * longer than {@code maxLifetime} are refused: a long-lived request could be replayed.
     */
    static PauseParse pauseRequest(String channel, byte[] payload, Instant now, Duration maxLifetime) {
        if (payload.length > MAX_PAUSE_REQUEST_BYTES) {
            return invalid(null, "pause request is " + payload.length + " bytes, more than the limit of "
                    + MAX_PAUSE_REQUEST_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            return invalid(null, "pause request is not JSON");
        }
        if (root == null || !root.isObject()) {
            return invalid(null, "pause request must be a JSON object");
        }
        JsonNode id = root.get("requestId");
        if (id == null || !id.isTextual() || id.textValue().isBlank() || id.textValue().length() > 128) {
            return invalid(null, "requestId must be a non-empty string of at most 128 characters");
        }
        String requestId = id.textValue();
        JsonNode expires = root.get("expiresAt");
        if (expires == null || !expires.isTextual()) {
            return invalid(requestId, "expiresAt must be an ISO-8601 instant such as 2026-01-01T08:00:30Z");
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(expires.textValue());
        } catch (DateTimeParseException e) {
            return invalid(requestId, "expiresAt '" + VitalsParser.excerpt(expires.textValue())
                    + "' is not an ISO-8601 instant such as 2026-01-01T08:00:30Z");
        }
        if (!expiresAt.isAfter(now)) {
            return new PauseParse.Refused(requestId, new PauseOutcome(PauseOutcome.Result.EXPIRED,
                    "request expired at " + expiresAt + ", received at " + now + "; not acted on"));
        }
        if (expiresAt.isAfter(now.plus(maxLifetime))) {
            return invalid(requestId, "expiresAt " + expiresAt + " is more than " + maxLifetime.toSeconds()
                    + " s after receipt (" + now + "); the limit is " + maxLifetime.toSeconds() + " s");
        }
        return new PauseParse.Valid(new PauseRequest(channel, requestId, expiresAt, text(root, "requestedBy"),
                text(root, "reason"), now));
    }

    private static PauseParse invalid(String requestId, String why) {
        return new PauseParse.Refused(requestId, new PauseOutcome(PauseOutcome.Result.INVALID, why));
    }

    private static String text(JsonNode root, String name) {
        JsonNode n = root.get(name);
        if (n == null || !n.isTextual()) {
            return null;
        }
        String s = n.textValue();
        return s.length() <= 200 ? s : s.substring(0, 200);
    }

    private static ObjectNode quantity(Quantity q) {
        if (q == null) {
            return null;
        }
        ObjectNode o = NODES.objectNode();
        o.put("value", plain(q.value()));
        o.put("unit", q.unit());
        return o;
    }

    private static BigDecimal plain(BigDecimal v) {
        // 0E-3 and 5.0E+1 would be written in exponent form; keep the plain, exact value.
        BigDecimal s = v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static String instant(Instant i) {
        return i == null ? null : i.toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
    }
}
