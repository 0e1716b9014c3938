package org.dosewarden.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;

/**
 * A session and its records for the patient's chart, as JSON or CSV. Both carry each record's hash so a
 * charted copy can be matched against the journal later.
 */
public final class SessionExport {

    /** Identifies the JSON layout; bump when it changes. */
    public static final String JSON_FORMAT = "dosewarden-session-export/1";
    public static final String CSV_HEADER = "seq,wall_time,monotonic_nanos,channel,type,payload,previous_hash,hash";

    private SessionExport() {
    }

    /**
     * The first record whose stored hash does not match its content, if any: an export never carries
     * altered data.
     */
    public static Optional<JournalEntry> firstAltered(List<JournalEntry> records) {
        ChainHash chain = new ChainHash();
        for (JournalEntry r : records) {
            if (!r.hashMatchesContent(chain)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code {"format", "session": {...}, "records": [{"seq", "wallTime", "monotonicNanos", "channel", "type",
     * "payload": <the payload object>, "previousHash", "hash"}]}}; times are ISO-8601 UTC.
     */
    public static void writeJson(Session session, List<JournalEntry> records, Writer out) throws IOException {
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("format", JSON_FORMAT);
            json.writeObjectFieldStart("session");
            json.writeStringField("sessionId", session.sessionId());
            json.writeStringField("channel", session.channel());
            json.writeStringField("patientId", session.patientId());
            json.writeStringField("drugId", session.drugId());
            json.writeStringField("startedAt", session.startedAt().toString());
            json.writeNumberField("openedSequence", session.openedSequence());
            switch (session) {
                case Session.Open open -> {
                    json.writeStringField("status", "open");
                    json.writeNullField("endedAt");
                    json.writeNullField("delivered");
                }
                case Session.Closed closed -> {
                    json.writeStringField("status", "closed");
                    json.writeStringField("endedAt", closed.endedAt().toString());
                    json.writeNumberField("closedSequence", closed.closedSequence());
                    json.writeObjectFieldStart("delivered");
                    json.writeNumberField("value", closed.deliveredValue());
                    json.writeStringField("unit", closed.deliveredUnit());
                    json.writeEndObject();
                }
            }
            json.writeEndObject();
            json.writeArrayFieldStart("records");
            for (JournalEntry r : records) {
                json.writeStartObject();
                json.writeNumberField("seq", r.sequence());
                json.writeStringField("wallTime", r.wallTime().toString());
                json.writeNumberField("monotonicNanos", r.monotonicNanos());
                json.writeStringField("channel", r.channel());
                json.writeStringField("type", r.type());
                json.writeFieldName("payload");
                json.writeRawValue(r.payload());  // stored payloads are checked JSON objects
                json.writeStringField("previousHash", r.previousHash());
                json.writeStringField("hash", r.hash());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write(System.lineSeparator());
        out.flush();
    }

    /** RFC 4180 CSV, one line per record under {@link #CSV_HEADER}; the payload is the JSON text. */
    public static void writeCsv(List<JournalEntry> records, Writer out) throws IOException {
        out.write(CSV_HEADER);
        out.write("\r\n");
        for (JournalEntry r : records) {
            out.write(r.sequence() + "," + r.wallTime() + "," + r.monotonicNanos() + "," + csv(r.channel()) + ","
                    + csv(r.type()) + "," + csv(r.payload()) + "," + r.previousHash() + "," + r.hash() + "\r\n");
        }
        out.flush();
    }

    private static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
