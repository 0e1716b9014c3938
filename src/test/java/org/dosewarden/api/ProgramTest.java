package org.dosewarden.api;

import static org.dosewarden.api.ApiUsers.CLIN_A;
import static org.dosewarden.api.ApiUsers.CLIN_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code PUT /api/channels/{channel}/program} with the real dosing domain (parser, programming check, the
 * shipped drug library) against the in-memory channel double.
 */
@MicronautTest(environments = "apitest")
class ProgramTest extends ApiTestBase {

    /** clinical.md: 70 kg, 0.5 mg/kg over 40 min at 1 mg/mL. */
    static String ketamine(String weightKg, String doseMgPerKg, String duration, String extra) {
        return "{\"patientId\":\"P-001\",\"bed\":\"bay-3\",\"weight\":{\"value\":" + weightKg + ",\"unit\":\"kg\"},"
                + "\"drug\":\"ketamine-psych\",\"careArea\":\"psychiatry\","
                + "\"concentration\":{\"value\":1,\"unit\":\"mg/mL\"},\"prescriber\":\"dr-a\","
                + "\"dose\":{\"value\":" + doseMgPerKg + ",\"unit\":\"mg/kg\"},\"duration\":\"" + duration + "\"" + extra + "}";
    }

    static String insulin(String unitsPerHour) {
        return "{\"patientId\":\"P-077\",\"weight\":{\"value\":80,\"unit\":\"kg\"},\"drug\":\"insulin\","
                + "\"careArea\":\"adult-critical-care\",\"concentration\":{\"value\":1,\"unit\":\"[iU]/mL\"},"
                + "\"prescriber\":\"dr-b\",\"doseRate\":{\"value\":" + unitsPerHour + ",\"unit\":\"[iU]/h\"},"
                + "\"duration\":\"PT2H\"}";
    }

    static MutableHttpRequest<String> program(ApiUsers user, String channel, String body) {
        return user.on(HttpRequest.PUT("/api/channels/" + channel + "/program", body).contentType("application/json"));
    }

    @Test
    @DisplayName("golden: 70 kg, 0.5 mg/kg over 40 min at 1 mg/mL → 52.5 mL/h, 35 mL, allowed and loaded")
    void goldenKetamineProgram() {
        JsonNode r = http.send(program(CLIN_A, "a", ketamine("70", "0.5", "PT40M", ""))).ok();
        assertEquals("ALLOWED", r.path("decision").path("outcome").asText(), r.toString());
        JsonNode step = r.path("plan").path("steps").get(0);
        assertEquals(0, new BigDecimal("52.5").compareTo(step.path("rateMlPerH").decimalValue()), r.toString());
        assertEquals(0, new BigDecimal("35").compareTo(step.path("vtbiMl").decimalValue()), r.toString());
        assertEquals(0, new BigDecimal("35").compareTo(r.path("plan").path("totalDose").path("value").decimalValue()));
        assertEquals("mg", r.path("plan").path("totalDose").path("unit").asText());
        assertEquals("PROGRAMMED", r.path("channel").path("infusionState").asText());
        assertEquals("clin-a", r.path("channel").path("program").path("programmedBy").asText());
        assertEquals("P-001", channels.fake("a").snapshot().loadedProgram().orElseThrow().order().patientId());
    }

    @Test
    @DisplayName("SR-A1 soft limit: 422 overridable naming the limit; the same program with an override and reason loads")
    void softOverrideWithReason() {
        JsonNode p = http.send(program(CLIN_A, "a", ketamine("70", "0.5", "PT35M", ""))).problem(422);
        assertTrue(p.path("overridable").asBoolean(), p.toString());
        assertEquals("NEEDS_OVERRIDE", p.path("outcome").asText());
        JsonNode v = p.path("violations").get(0);
        assertEquals("doseOverTime.duration.softMin", v.path("limit").asText(), p.toString());
        assertEquals("soft", v.path("severity").asText());
        assertFalse(v.path("limitValue").asText().isEmpty());
        assertFalse(v.path("requested").asText().isEmpty());
        assertFalse(v.path("message").asText().isEmpty());
        assertEquals("doseOverTime.duration.softMin", p.path("pendingOverrides").get(0).asText());
        assertTrue(p.path("plan").path("steps").size() == 1, "the numbers are shown even when refused: " + p);
        assertEquals("IDLE", channels.fake("a").snapshot().infusionState());

        JsonNode noReason = http.send(program(CLIN_A, "a", ketamine("70", "0.5", "PT35M",
                ",\"overrides\":[{\"limit\":\"doseOverTime.duration.softMin\"}]"))).problem(400);
        assertEquals("overrides[0].reason", noReason.path("field").asText());

        JsonNode ok = http.send(program(CLIN_A, "a", ketamine("70", "0.5", "PT35M",
                ",\"overrides\":[{\"limit\":\"doseOverTime.duration.softMin\",\"reason\":\"patient must leave early\"}]")))
                .ok();
        assertEquals("ALLOWED", ok.path("decision").path("outcome").asText());
        assertEquals("patient must leave early", ok.path("decision").path("overrides").get(0).path("reason").asText());
        assertEquals("doseOverTime.duration.softMin",
                ok.path("channel").path("program").path("overrides").get(0).path("limit").asText());
    }

    @Test
    @DisplayName("SR-A1 hard limit: 422 not overridable, nothing loaded, even with an override of that limit")
    void hardRefusal() {
        int before = channels.fake("a").executed();
        JsonNode weight = http.send(program(CLIN_A, "a", ketamine("5523", "0.5", "PT40M", ""))).problem(422);
        assertFalse(weight.path("overridable").asBoolean());
        assertEquals("REFUSED", weight.path("outcome").asText());
        assertTrue(weight.path("violations").toString().contains("weight.hardMax"), weight.toString());
        assertEquals("hard", weight.path("mostLimiting").path("severity").asText());

        JsonNode dose = http.send(program(CLIN_A, "a", ketamine("70", "1.2", "PT40M",
                ",\"overrides\":[{\"limit\":\"doseOverTime.dose.hardMax\",\"reason\":\"I insist\"}]"))).problem(422);
        assertFalse(dose.path("overridable").asBoolean());
        assertTrue(dose.path("violations").toString().contains("doseOverTime.dose.hardMax"), dose.toString());
        assertEquals("IDLE", channels.fake("a").snapshot().infusionState());
        assertEquals(before, channels.fake("a").executed());
    }

    @Test
    @DisplayName("SR-I2: a high-alert program waits for a second, different clinician")
    void highAlertWithRealProgram() {
        JsonNode r = http.send(program(CLIN_A, "b", insulin("5"))).ok();
        assertEquals("AWAITING_CONFIRMATION", r.path("channel").path("infusionState").asText(), r.toString());
        assertTrue(r.path("plan").path("highAlert").asBoolean());
        http.send(ApiUsers.post(CLIN_A, "/api/channels/b/start", "{}")).problem(409);
        http.send(ApiUsers.post(CLIN_A, "/api/channels/b/confirm", "{}")).problem(403);
        JsonNode confirmed = http.send(ApiUsers.post(CLIN_B, "/api/channels/b/confirm", "{}")).ok();
        assertEquals("PROGRAMMED", confirmed.path("infusionState").asText());
        assertEquals("clin-b", confirmed.path("program").path("confirmedBy").asText());
    }

    @Test
    @DisplayName("programming a channel that already has a program is 409 naming the state")
    void programTwiceIs409() {
        http.send(program(CLIN_A, "a", ketamine("70", "0.5", "PT40M", ""))).ok();
        JsonNode p = http.send(program(CLIN_B, "a", ketamine("70", "0.5", "PT40M", ""))).problem(409);
        assertEquals("PROGRAMMED", p.path("currentState").asText());
    }

    @Test
    @DisplayName("an idempotent program repeat returns the first answer and loads once")
    void idempotentProgram() {
        String body = ketamine("70", "0.5", "PT40M", "");
        int before = channels.fake("a").executed();
        Http.Answer first = http.send(program(CLIN_A, "a", body).header("Idempotency-Key", "rx-1"));
        Http.Answer second = http.send(program(CLIN_A, "a", body).header("Idempotency-Key", "rx-1"));
        first.ok();
        second.ok();
        assertEquals(first.body(), second.body());
        assertEquals("true", second.header("Idempotency-Replayed"));
        assertEquals(before + 1, channels.fake("a").executed());
    }

    @Test
    @DisplayName("malformed prescriptions are 400 naming the field; unknown and missing fields never default")
    void malformedPrescriptions() {
        assertEquals("colour", http.send(program(CLIN_A, "a", ketamine("70", "0.5", "PT40M", ",\"colour\":\"red\"")))
                .problem(400).path("field").asText());
        String noPatient = ketamine("70", "0.5", "PT40M", "").replace("\"patientId\":\"P-001\",", "");
        assertEquals("patientId", http.send(program(CLIN_A, "a", noPatient)).problem(400).path("field").asText());
        String badUnit = ketamine("70", "0.5", "PT40M", "").replace("\"unit\":\"kg\"", "\"unit\":\"stone\"");
        assertTrue(http.send(program(CLIN_A, "a", badUnit)).problem(400).path("field").asText().startsWith("weight"));
        String textWeight = ketamine("\"seventy\"", "0.5", "PT40M", "");
        assertTrue(http.send(program(CLIN_A, "a", textWeight)).problem(400).path("field").asText().startsWith("weight"));
        http.send(program(CLIN_A, "a", "")).problem(400);
        http.send(program(CLIN_A, "a", "{\"patientId\":")).problem(400);
        assertEquals("IDLE", channels.fake("a").snapshot().infusionState());
    }

    @Test
    @DisplayName("walk-through on the channel double: program, start, pause, resume, complete, end; session listed")
    void walkThroughOnTheDouble() {
        http.send(program(CLIN_A, "a", ketamine("70", "0.5", "PT40M", ""))).ok();
        List<String> states = new ArrayList<>();
        for (String action : List.of("start", "pause", "resume")) {
            states.add(http.send(ApiUsers.post(CLIN_A, "/api/channels/a/" + action, "{}")).ok().path("infusionState").asText());
        }
        assertEquals(List.of("RUNNING", "PAUSED", "RUNNING"), states);
        channels.fake("a").complete();
        assertEquals("COMPLETED", http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/a"))).ok()
                .path("infusionState").asText());
        assertEquals("IDLE", http.send(ApiUsers.post(CLIN_A, "/api/channels/a/end", "{}")).ok().path("infusionState").asText());
        JsonNode sessions = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/patients/P-001/sessions"))).ok();
        assertEquals(1, sessions.path("sessions").size(), sessions.toString());
        assertEquals("ketamine-psych", sessions.path("sessions").get(0).path("drugId").asText());
        assertEquals(0, new BigDecimal("35").compareTo(
                sessions.path("sessions").get(0).path("delivered").path("value").decimalValue()), sessions.toString());
    }

    @Test
    @DisplayName("SR-K1: a session still open on another channel counts for the course (interval) check")
    void openSessionCountsForCourse() {
        http.send(program(CLIN_A, "a", ketamine("70", "0.5", "PT40M", ""))).ok();
        http.send(ApiUsers.post(CLIN_A, "/api/channels/a/start", "{}")).ok();
        JsonNode p = http.send(program(CLIN_B, "b", ketamine("70", "0.5", "PT40M", ""))).problem(422);
        assertTrue(p.path("violations").toString().contains("course.interval.hardMin"), p.toString());
        assertEquals("IDLE", channels.fake("b").snapshot().infusionState());
    }
}
