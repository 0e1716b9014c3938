package org.dosewarden.library;

import static org.dosewarden.library.LibraryLintTest.assertError;
import static org.dosewarden.library.LibraryLintTest.broken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.dosewarden.dose.library.AfterCare;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.ObservationPrompt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The library side of observations and after-care (SR-O1, SR-O2, SR-O3): schema, reading, lint, value checks. */
class AfterCareLibraryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AFTER_CARE = "        observations: [cadss, moaas, nausea, emergence, rescue-medication, note]\n"
            + "        observationPrompts: [PT40M, end]\n        monitoringAfter: PT2H\n";

    @BeforeAll
    static void shippedLibrary() throws java.io.IOException {
        LibraryLintTest.readShipped();
    }

    private static List<ValueRule.Problem> check(String id, String valueJson) throws Exception {
        return ObservationCatalogue.shipped().find(id).orElseThrow().check(JSON.readTree(valueJson));
    }

    @Test
    @DisplayName("SR-O1, SR-O3: the shipped ketamine-psych entry names six observations, prompts at PT40M and end, monitors 2 h")
    void shippedEntry() {
        DrugEntry entry = DrugLibraryReader.readDefault().library().orElseThrow().entry("psychiatry", "ketamine-psych")
                .orElseThrow();
        AfterCare care = entry.afterCare();
        assertEquals(List.of("cadss", "moaas", "nausea", "emergence", "rescue-medication", "note"), care.observations());
        assertEquals(List.of(ObservationPrompt.parse("PT40M"), ObservationPrompt.parse("end")), care.prompts());
        assertEquals(Duration.ofHours(2), care.monitoringAfter());
        assertTrue(care.monitors());
        DrugEntry other = DrugLibraryReader.readDefault().library().orElseThrow().entry("anaesthesia", "propofol")
                .orElseThrow();
        assertEquals(AfterCare.NONE, other.afterCare(), "an entry without the fields has no after-care");
    }

    @Test
    @DisplayName("SR-O1: recorded values are checked against the schema's definitions, each refusal naming field and range")
    void valuesAreRangeChecked() throws Exception {
        assertEquals(List.of(), check("cadss", "92"));
        assertEquals(List.of(), check("cadss", "0"));
        assertEquals(List.of(new ValueRule.Problem("value", "cadss must be a whole number from 0 to 92; got 93")),
                check("cadss", "93"));
        assertEquals("cadss must be a whole number from 0 to 92; got -1", check("cadss", "-1").getFirst().message());
        assertEquals("cadss must be a whole number from 0 to 92; got 12.5", check("cadss", "12.5").getFirst().message());
        assertEquals("cadss must be a whole number from 0 to 92; got \"high\"", check("cadss", "\"high\"").getFirst().message());
        assertEquals("moaas must be a whole number from 0 to 5; got 6", check("moaas", "6").getFirst().message());
        assertEquals(List.of(), check("nausea", "3"));
        assertEquals(List.of(), check("rescue-medication", "{\"drug\":\"ondansetron\",\"dose\":\"4 mg\",\"route\":\"iv\"}"));
        List<ValueRule.Problem> rescue = check("rescue-medication", "{\"drug\":\"ondansetron\",\"dose\":\"four\",\"route\":\"oral\",\"when\":1}");
        assertEquals(List.of("value.when", "value.dose", "value.route"), rescue.stream().map(ValueRule.Problem::field).toList());
        assertTrue(rescue.get(2).message().contains("must be one of iv, im, po, sl, in, sc, pr; got \"oral\""), rescue.toString());
        assertTrue(rescue.get(1).message().contains("amount with unit, e.g. 2 mg"), rescue.toString());
        assertEquals("value.route", check("rescue-medication", "{\"drug\":\"x\",\"dose\":\"1 mg\"}").getFirst().field());
        assertEquals("note must be 1 to 2000 characters; got 2001",
                check("note", JSON.writeValueAsString("x".repeat(2001))).getFirst().message());
        assertEquals(List.of(), check("note", "\"calm, talking\""));
    }

    @Test
    @DisplayName("SR-O1: the catalogue refuses a definition the daemon could not enforce, and a name list that disagrees")
    void catalogueFailsClosed() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream(DrugLibraryReader.SCHEMA_RESOURCE)) {
            schema = JSON.readTree(in);
        }
        assertEquals(List.of("cadss", "moaas", "nausea", "emergence", "rescue-medication", "note"),
                ObservationCatalogue.of(schema).ids());
        ObjectNode unsupported = schema.deepCopy();
        ((ObjectNode) unsupported.at("/$defs/observations/$defs/cadss")).put("multipleOf", 2);
        assertTrue(assertThrows(IllegalStateException.class, () -> ObservationCatalogue.of(unsupported)).getMessage()
                .contains("keyword 'multipleOf'"));
        ObjectNode extra = schema.deepCopy();
        ((ObjectNode) extra.at("/$defs/observations/$defs")).putObject("pain").put("type", "integer")
                .put("minimum", 0).put("maximum", 10);
        assertTrue(assertThrows(IllegalStateException.class, () -> ObservationCatalogue.of(extra)).getMessage()
                .contains("defines"));
    }

    @Test
    @DisplayName("SR-O1: an observation the schema does not define is a schema error")
    void unknownObservationIsASchemaError() {
        LibraryReport r = broken(AFTER_CARE, AFTER_CARE.replace("note]", "note, mood-ring]"));
        assertFalse(r.valid());
        assertTrue(r.errors().stream().anyMatch(f -> f.where().startsWith("$.careAreas[0].entries[0].observations")),
                r.findings().toString());
    }

    @Test
    @DisplayName("SR-O2, SR-O3: lint refuses prompts without observations, a prompt written twice, monitoring over 24 h")
    void lint() {
        assertError(broken(AFTER_CARE, "        observationPrompts: [PT40M, end]\n"),
                "psychiatry/ketamine-psych observationPrompts", "names no observations");
        assertError(broken(AFTER_CARE, AFTER_CARE.replace("[PT40M, end]", "[PT40M, 40min, end]")),
                "psychiatry/ketamine-psych observationPrompts", "PT40M is listed twice");
        assertError(broken(AFTER_CARE, AFTER_CARE.replace("monitoringAfter: PT2H", "monitoringAfter: P2D")),
                "psychiatry/ketamine-psych monitoringAfter", "longer than 24 h");
        LibraryReport badPrompt = broken(AFTER_CARE, AFTER_CARE.replace("[PT40M, end]", "[PT40M, later]"));
        assertFalse(badPrompt.valid());
        assertTrue(DrugLibraryReader.readDefault().valid(), "the shipped library lints clean");
    }
}
