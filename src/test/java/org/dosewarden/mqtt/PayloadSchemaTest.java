package org.dosewarden.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.dosewarden.channel.ChannelLinkState;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.channel.ProgramOrder;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.mqtt.wiring.DashboardViews;
import org.dosewarden.testing.Orders;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every document the daemon publishes validates against its JSON Schema in docs/mqtt/ (the contract). */
class PayloadSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    private static void assertValid(String schemaFile, byte[] payload) throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("docs", "mqtt", schemaFile)));
        JsonNode doc = JSON.readTree(payload);
        Set<ValidationMessage> errors = schema.validate(doc);
        assertTrue(errors.isEmpty(), schemaFile + ": " + errors + " in " + doc);
    }

    @Test
    @DisplayName("status documents (running and idle) match status.schema.json")
    void status() throws IOException {
        assertValid("status.schema.json", Payloads.status(Fixtures.running(12, T)));
        assertValid("status.schema.json", Payloads.status(StatusSnapshot.idle(T, 0, "Bed 1", "CONNECTED")));
    }

    @Test
    @DisplayName("SR-C5: a running status with program progress, preparation, near end and breached vitals matches "
            + "status.schema.json, every new field as documented")
    void statusWithProgressAndVitals() throws IOException {
        PumpCapability pump = new PumpCapability(FlowRate.ofMicrolitresPerHour(100),
                FlowRate.ofMicrolitresPerHour(1_000_000), FlowRate.ofMicrolitresPerHour(10), Volume.ofMicrolitres(10),
                Volume.ofMicrolitres(60_000));
        ProgramOrder order = Orders.ketamineRate(pump, "0.75", "0.5");   // 52.5 mL/h until 35 mL
        ChannelSnapshot.LoadedProgram loaded = new ChannelSnapshot.LoadedProgram(order, "dr-a", T, null, T,
                T.plusSeconds(2400));
        ChannelSnapshot snap = new ChannelSnapshot("a", true, "", "sim-ne1000", "sim:a", ChannelLinkState.CONNECTED, "RUNNING", false,
                loaded, 0, Volume.ofMicrolitres(31_000), FlowRate.ofMicrolitresPerHour(52_500), List.of(),
                T.plusSeconds(2126),
                new ChannelSnapshot.Progress(Volume.ofMicrolitres(35_000), Volume.ofMicrolitres(4_000),
                        Duration.ofNanos(274_285_714_286L), true),
                List.of(new ChannelSnapshot.VitalReading(VitalSign.SYSTOLIC_BP, 185, T.plusSeconds(2000), "hard"),
                        new ChannelSnapshot.VitalReading(VitalSign.HEART_RATE, 76, T.plusSeconds(2120), null)));
        byte[] payload = Payloads.status(DashboardViews.status(snap, 90, "bay-1", null, null, null));
        assertValid("status.schema.json", payload);
        JsonNode doc = JSON.readTree(payload);
        assertEquals("35", doc.get("vtbiMl").asText());
        assertEquals("4", doc.get("remainingMl").asText());
        assertEquals(275, doc.get("remainingSeconds").asLong(), "rounded up");
        assertEquals("88.5", doc.get("percentComplete").asText(), "31/35 = 88.57 % rounded down");
        assertEquals("{\"value\":1,\"unit\":\"mg/mL\"}", doc.get("concentration").toString());
        assertEquals("{\"value\":70,\"unit\":\"kg\"}", doc.get("weight").toString());
        assertTrue(doc.get("nearEnd").asBoolean());
        JsonNode v = doc.get("vitals");
        assertEquals(185, v.get("sbp").asInt());
        assertTrue(v.get("dbp").isNull());
        assertEquals(76, v.get("hr").asInt());
        assertEquals("2026-03-02T09:33:20Z", v.get("ts").asText(), "the oldest value's time");
        assertEquals(126, v.get("ageSeconds").asLong());
        assertEquals("[{\"sign\":\"sbp\",\"level\":\"hard\"}]", v.get("breach").toString());
        for (String name : List.of("patientId", "patient", "prescriber")) {
            assertTrue(!new String(payload, StandardCharsets.UTF_8).contains(name), "no patient identifier: " + name);
        }
        assertTrue(!new String(payload, StandardCharsets.UTF_8).contains("P-001"), "no patient identifier in " + doc);
    }

    @Test
    @DisplayName("an idle status has the new fields null or false")
    void idleStatusNewFields() throws IOException {
        JsonNode doc = JSON.readTree(Payloads.status(StatusSnapshot.idle(T, 0, "Bed 1", "CONNECTED")));
        for (String f : List.of("vtbiMl", "remainingMl", "remainingSeconds", "percentComplete", "concentration",
                "weight", "vitals")) {
            assertTrue(doc.get(f).isNull(), f);
        }
        assertFalse(doc.get("nearEnd").asBoolean());
    }

    @Test
    @DisplayName("alarm sets, empty and not, match alarms.schema.json; empty is [] never an empty payload")
    void alarms() throws IOException {
        assertEquals("[]", new String(Payloads.alarms(List.of()), StandardCharsets.UTF_8));
        assertValid("alarms.schema.json", Payloads.alarms(List.of()));
        AlarmView acked = new AlarmView("al-2", "NO_PROGRESS", AlarmView.Priority.MEDIUM, T, "nurse1",
                T.plusSeconds(30), "no progress", AlarmView.PumpAction.CONTINUE);
        assertValid("alarms.schema.json", Payloads.alarms(List.of(Fixtures.alarm("al-1", T), acked)));
    }

    @Test
    @DisplayName("events, device events and a non-JSON payload match event.schema.json")
    void events() throws IOException {
        assertValid("event.schema.json", Payloads.event(new OutboxEvent(7, "a", "STATE_CHANGED", T,
                "{\"summary\":\"RUNNING -> PAUSED\",\"reasons\":[\"clinician paused\"]}")));
        assertValid("event.schema.json", Payloads.event(new OutboxEvent(8, null, "RECOVERED", T, "{}")));
        byte[] odd = Payloads.event(new OutboxEvent(9, "a", "X", T, "not json"));
        assertValid("event.schema.json", odd);
        assertEquals("not json", JSON.readTree(odd).get("data").asText());
    }

    @Test
    void connectionReportAndPauseReply() throws IOException {
        assertValid("connection.schema.json", Payloads.connectionRestored(T, T.plus(Duration.ofSeconds(31)),
                "Connection lost"));
        assertValid("pause-response.schema.json", Payloads.pauseReply("a", "r-1",
                PauseOutcome.accepted("channel a is PAUSED"), T));
        assertValid("pause-response.schema.json", Payloads.pauseReply("a", null,
                new PauseOutcome(PauseOutcome.Result.INVALID, "requestId must be a non-empty string"), T));
    }

    @Test
    @DisplayName("the documented vitals and pause-request examples are what the parsers accept")
    void inputExamples() throws IOException {
        String vitals = "{\"ts\":\"2026-03-02T08:59:30Z\",\"sbp\":132,\"dbp\":84,\"hr\":76,\"spo2\":97,\"rr\":14}";
        assertValid("vitals.schema.json", vitals.getBytes(StandardCharsets.UTF_8));
        VitalsReading r = VitalsParser.parse("a", vitals.getBytes(StandardCharsets.UTF_8), T);
        assertEquals(5, r.values().size());
        String pause = "{\"requestId\":\"r-1\",\"expiresAt\":\"2026-03-02T09:00:30Z\",\"requestedBy\":\"station 3\"}";
        assertValid("pause-request.schema.json", pause.getBytes(StandardCharsets.UTF_8));
        assertTrue(Payloads.pauseRequest("a", pause.getBytes(StandardCharsets.UTF_8), T, Duration.ofSeconds(60))
                instanceof Payloads.PauseParse.Valid);
    }
}
