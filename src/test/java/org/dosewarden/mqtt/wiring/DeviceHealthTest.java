package org.dosewarden.mqtt.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.mqtt.OutboxBacklog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SR-D6: the device health document, made from the daemon's own counters. */
class DeviceHealthTest {

    @Test
    @DisplayName("SR-D6: the health document matches health.schema.json and moves: ts, uptime, journal seq, outbox backlog")
    void documentMatchesSchemaAndMoves() throws Exception {
        ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-03-02T09:00:00Z"));
        AtomicLong seq = new AtomicLong(120);
        AtomicLong relayed = new AtomicLong(117);
        DeviceHealth.Document doc = new DeviceHealth.Document(time, time.monotonicNanos(), seq::get,
                () -> new OutboxBacklog(seq.get(), relayed.get()), 2, Duration.ofSeconds(5), true);
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("docs", "mqtt", "health.schema.json")));
        ObjectMapper json = new ObjectMapper();

        JsonNode first = json.readTree(doc.make());
        Set<ValidationMessage> errors = schema.validate(first);
        assertTrue(errors.isEmpty(), errors + " in " + first);
        assertEquals("2026-03-02T09:00:00Z", first.get("ts").asText());
        assertEquals(0, first.get("uptimeSeconds").asLong());
        assertEquals(120, first.get("journalSeq").asLong());
        assertEquals(3, first.get("outboxPending").asLong());
        assertEquals(2, first.get("channels").asInt());
        assertEquals(5, first.get("heartbeatSeconds").asInt());
        assertEquals(30, first.get("healthIntervalSeconds").asInt());
        assertTrue(first.get("pauseEnabled").asBoolean());

        time.advance(DeviceHealth.INTERVAL);
        seq.set(130);
        relayed.set(130);
        JsonNode second = json.readTree(doc.make());
        assertTrue(schema.validate(second).isEmpty());
        assertEquals("2026-03-02T09:00:30Z", second.get("ts").asText());
        assertEquals(30, second.get("uptimeSeconds").asLong());
        assertEquals(130, second.get("journalSeq").asLong());
        assertEquals(0, second.get("outboxPending").asLong());
    }
}
