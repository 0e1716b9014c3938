package org.dosewarden.api;

import static org.dosewarden.api.ApiUsers.CLIN_A;
import static org.dosewarden.api.ProgramTest.ketamine;
import static org.dosewarden.api.ProgramTest.program;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import org.dosewarden.clock.ManualTimeSource;
import org.dosewarden.journal.Journal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/channels/{channel}/program/check} (SR-U4): the daemon's own check before anything is
 * loaded, with the real dosing domain and the shipped library, against the in-memory channel double.
 */
@MicronautTest(environments = "apitest")
class ProgramCheckTest extends ApiTestBase {

    @Inject
    ManualTimeSource time;

    @Inject
    Journal journal;

    private JsonNode check(String channel, String body) {
        return http.send(ApiUsers.post(CLIN_A, "/api/channels/" + channel + "/program/check", body)).ok();
    }

    private static void assertNumber(String expected, JsonNode actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual.decimalValue()), actual.toString());
    }

    @Test
    @DisplayName("SR-U4: the check shows the plan (52.5 mL/h, 35 mL, 40 min, 35 mg) and the course, and loads nothing")
    void goldenCheckLoadsNothing() throws Exception {
        int executed = channels.fake("a").executed();
        long journaled = journal.lastSequence();
        JsonNode c = check("a", ketamine("70", "0.5", "PT40M", ""));
        assertEquals("ALLOWED", c.path("outcome").asText(), c.toString());
        assertTrue(c.path("loadable").asBoolean());
        assertFalse(c.path("secondClinicianRequired").asBoolean());
        assertEquals(0, c.path("violations").size());
        JsonNode plan = c.path("plan");
        assertEquals("ketamine — psychiatric session", plan.path("drugName").asText());
        JsonNode step = plan.path("steps").get(0);
        assertNumber("52.5", step.path("rateMlPerH"));
        assertNumber("35", step.path("vtbiMl"));
        assertNumber("40", step.path("durationMin"));
        assertNumber("35", step.path("dose").path("value"));
        assertEquals("prescription", step.path("rateCap").asText());
        assertNumber("35", plan.path("totalDose").path("value"));
        assertEquals("mg", plan.path("totalDose").path("unit").asText());
        assertNumber("35", plan.path("totalVolumeMl"));
        JsonNode course = c.path("course");
        assertEquals(1, course.path("sessionNumber").asInt());
        assertEquals(8, course.path("sessionsLimit").path("hardMax").asInt());
        assertNumber("0", course.path("earlier7Days").path("value"));
        assertNumber("35", course.path("total7Days").path("value"));
        assertEquals("3 mg/kg", course.path("dosePer7DaysLimit").path("hardMaxAsWritten").asText());
        assertNumber("210", course.path("dosePer7DaysLimit").path("hardMax").path("value"));
        assertNumber("168", course.path("dosePer7DaysLimit").path("softMax").path("value"));
        assertTrue(course.path("lastEndedAt").isNull());

        assertEquals("IDLE", channels.fake("a").snapshot().infusionState());
        assertEquals(executed, channels.fake("a").executed(), "nothing reached the channel");
        assertEquals(journaled, journal.lastSequence(), "a check that loads nothing is not journaled");
    }

    @Test
    @DisplayName("SR-U4, SR-A1: a soft violation says it needs a reason; with the reason the check says loadable; "
            + "programming without the reason is refused")
    void softViolationNeedsItsReason() {
        JsonNode c = check("a", ketamine("70", "0.5", "PT35M", ""));
        assertEquals("NEEDS_OVERRIDE", c.path("outcome").asText());
        assertFalse(c.path("loadable").asBoolean());
        assertTrue(c.path("overridable").asBoolean());
        JsonNode v = c.path("violations").get(0);
        assertEquals("doseOverTime.duration.softMin", v.path("limit").asText());
        assertEquals("soft", v.path("severity").asText());
        assertTrue(v.path("needsReason").asBoolean());
        assertEquals("40 min", v.path("limitValue").asText(), v.toString());
        assertEquals("35 min", v.path("requested").asText(), v.toString());
        assertEquals(1, c.path("plan").path("steps").size(), "the plan is shown alongside");

        http.send(program(CLIN_A, "a", ketamine("70", "0.5", "PT35M", ""))).problem(422);
        http.send(program(CLIN_A, "a", ketamine("70", "0.5", "PT35M",
                ",\"overrides\":[{\"limit\":\"doseOverTime.duration.softMin\",\"reason\":\" \"}]"))).problem(400);
        assertEquals("IDLE", channels.fake("a").snapshot().infusionState(), "not loaded without its reason");

        String withReason = ketamine("70", "0.5", "PT35M",
                ",\"overrides\":[{\"limit\":\"doseOverTime.duration.softMin\",\"reason\":\"transport at 11:00\"}]");
        JsonNode ok = check("a", withReason);
        assertTrue(ok.path("loadable").asBoolean(), ok.toString());
        assertFalse(ok.path("violations").get(0).path("needsReason").asBoolean());
        assertEquals("transport at 11:00", ok.path("violations").get(0).path("reason").asText());
        assertEquals("PROGRAMMED", http.send(program(CLIN_A, "a", withReason)).ok().path("channel")
                .path("infusionState").asText());
    }

    @Test
    @DisplayName("SR-U4, SR-A1: a hard violation shows the limit and the requested value and cannot be loaded at all")
    void hardViolationCannotBeLoaded() {
        String body = ketamine("70", "1.2", "PT40M",
                ",\"overrides\":[{\"limit\":\"doseOverTime.dose.hardMax\",\"reason\":\"I insist\"}]");
        JsonNode c = check("a", body);
        assertEquals("REFUSED", c.path("outcome").asText());
        assertFalse(c.path("loadable").asBoolean());
        assertFalse(c.path("overridable").asBoolean());
        assertEquals("hard", c.path("mostLimiting").path("severity").asText(), c.toString());
        JsonNode hard = null;
        for (JsonNode v : c.path("violations")) {
            if (v.path("limit").asText().equals("doseOverTime.dose.hardMax")) {
                hard = v;
            }
        }
        assertTrue(hard != null, c.toString());
        assertEquals("hard", hard.path("severity").asText());
        assertEquals("1 mg/kg", hard.path("limitValue").asText(), hard.toString());
        assertEquals("1.2 mg/kg", hard.path("requested").asText(), hard.toString());
        assertFalse(hard.path("needsReason").asBoolean(), "a reason cannot lift a hard limit");
        assertTrue(hard.path("reason").isNull());

        int executed = channels.fake("a").executed();
        JsonNode refused = http.send(program(CLIN_A, "a", body)).problem(422);
        assertFalse(refused.path("overridable").asBoolean());
        assertEquals("IDLE", channels.fake("a").snapshot().infusionState());
        assertEquals(executed, channels.fake("a").executed());
    }

    @Test
    @DisplayName("SR-K1, SR-U4: the course shows the earlier session and the 7-day dose against the limit")
    void coursePicture() {
        http.send(program(CLIN_A, "a", ketamine("70", "0.5", "PT40M", ""))).ok();
        http.send(ApiUsers.post(CLIN_A, "/api/channels/a/start", "{}")).ok();
        JsonNode tooSoon = check("b", ketamine("70", "0.5", "PT40M", ""));
        assertEquals(1, tooSoon.path("course").path("openSessions").asInt(), tooSoon.toString());
        assertTrue(tooSoon.path("violations").toString().contains("course.interval.hardMin"));

        channels.fake("a").complete();
        http.send(ApiUsers.post(CLIN_A, "/api/channels/a/end", "{}")).ok();
        time.advance(Duration.ofHours(48));
        JsonNode c = check("b", ketamine("70", "0.5", "PT40M", ""));
        JsonNode course = c.path("course");
        assertEquals(1, course.path("sessions").size(), course.toString());
        assertEquals("a", course.path("sessions").get(0).path("channel").asText());
        assertEquals(2, course.path("sessionNumber").asInt());
        assertEquals("PT48H", course.path("sinceLastEnd").asText(), course.toString());
        assertEquals("PT44H", course.path("intervalLimit").path("softMin").asText());
        assertNumber("35", course.path("earlier7Days").path("value"));
        assertNumber("70", course.path("total7Days").path("value"));
        assertEquals("ALLOWED", c.path("outcome").asText(), c.toString());
    }

    @Test
    @DisplayName("SR-I2, SR-U2: the check says a high-alert entry needs a second clinician; a viewer may not check (403)")
    void highAlertAndRoles() {
        JsonNode c = check("b", ProgramTest.insulin("5"));
        assertTrue(c.path("secondClinicianRequired").asBoolean(), c.toString());
        assertTrue(c.path("plan").path("highAlert").asBoolean());
        http.send(ApiUsers.post(ApiUsers.VIEWER, "/api/channels/a/program/check", ketamine("70", "0.5", "PT40M", "")))
                .problem(403);
        assertEquals("patientId", http.send(ApiUsers.post(CLIN_A, "/api/channels/a/program/check", "{}"))
                .problem(400).path("field").asText());
        http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/channels/a"))).ok();
    }

    @Test
    @DisplayName("SR-U4: the generated OpenAPI document describes program/check, its answer and the console sign-in")
    void openApiDocument() {
        String doc = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/swagger/dosewarden-api-v1.yml"))).body();
        for (String fragment : new String[] {"/api/channels/{channel}/program/check:", "ProgramCheck:",
                "CheckedViolation:", "needsReason:", "CoursePicture:", "/api/session:", "SignInRequest:",
                "ConfirmRequest:"}) {
            assertTrue(doc.contains(fragment), fragment);
        }
    }

    @Test
    @DisplayName("SR-U4, SR-O1, SR-O2: the library tells the form its choices and observations; a protocol's prescription fields pre-fill a program "
            + "that checks to the protocol's plan (two steps: 231 and 50.4 mL/h for 70 kg)")
    void libraryDrivenProgramming() throws Exception {
        JsonNode lib = http.send(ApiUsers.VIEWER.on(HttpRequest.GET("/api/drug-library"))).ok();
        JsonNode psychiatry = null;
        for (JsonNode area : lib.path("programming").path("careAreas")) {
            if (area.path("id").asText().equals("psychiatry")) {
                psychiatry = area;
            }
        }
        assertTrue(psychiatry != null, lib.path("programming").toString());
        assertEquals("kg", psychiatry.path("weight").path("unit").asText());
        assertNumber("500", psychiatry.path("weight").path("hardMax"));
        JsonNode entry = psychiatry.path("entries").get(0);
        assertEquals("ketamine-psych", entry.path("id").asText());
        assertEquals("[\"doseOverTime\",\"steps\",\"doseRate\"]", entry.path("forms").toString());
        assertEquals("mg/kg", entry.path("doseUnit").asText());
        assertEquals("mg/mL", entry.path("concentration").path("unit").asText());
        assertEquals(2, entry.path("concentration").path("standard").size());
        assertEquals(2, entry.path("maxSteps").asInt());
        assertEquals("designed-default", entry.path("vitals").path("profile").asText());
        assertTrue(entry.path("vitals").path("hardLimits").toString().contains("\"sign\":\"sbp\""));
        JsonNode afterCare = entry.path("afterCare");
        assertEquals("PT2H", afterCare.path("monitoringAfter").asText(), afterCare.toString());
        assertEquals("[\"PT40M\",\"end\"]", afterCare.path("prompts").toString());
        JsonNode cadss = afterCare.path("observations").get(0);
        assertEquals("cadss", cadss.path("id").asText());
        assertEquals(92, cadss.path("maximum").asInt());
        assertEquals(6, afterCare.path("observations").get(1).path("levels").size(), "MOAA/S levels 0-5 named");
        assertEquals("route", afterCare.path("observations").get(4).path("fields").get(2).path("name").asText());
        JsonNode twoStep = null;
        for (JsonNode p : entry.path("protocols")) {
            if (p.path("id").asText().equals("sud-two-step")) {
                twoStep = p;
            }
        }
        assertTrue(twoStep != null, entry.toString());
        assertEquals("steps", twoStep.path("form").asText());

        var body = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"patientId\":\"P-009\",\"weight\":{\"value\":70,\"unit\":\"kg\"},"
                        + "\"drug\":\"ketamine-psych\",\"careArea\":\"psychiatry\",\"prescriber\":\"dr-a\"}");
        body.set("concentration", entry.path("concentration").path("standard").get(0));
        body.setAll((com.fasterxml.jackson.databind.node.ObjectNode) twoStep.path("prescription"));
        JsonNode c = check("a", body.toString());
        assertEquals("ALLOWED", c.path("outcome").asText(), c.toString());
        assertNumber("231", c.path("plan").path("steps").get(0).path("rateMlPerH"));
        assertNumber("7.7", c.path("plan").path("steps").get(0).path("dose").path("value"));
        assertNumber("50.4", c.path("plan").path("steps").get(1).path("rateMlPerH"));
        assertNumber("42", c.path("plan").path("steps").get(1).path("dose").path("value"));
    }
}
