package org.dosewarden.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dosewarden.api.console.SessionController;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.json.JsonMappers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Request bodies are parsed one way (issue 16): bound to the records the OpenAPI document shows. The document
 * generated at build time must list exactly the fields each record binds and mark required exactly the ones
 * the binding requires; bad values are 400s naming the field and what was expected.
 */
class RequestBindingTest {

    private static final String DOCUMENT = "/META-INF/swagger/dosewarden-api-v1.yml";

    /** Every request body the API binds, by its schema name in the document. */
    private static final Map<String, Class<? extends Record>> REQUESTS = Map.ofEntries(
            Map.entry("ProgramRequest", ProgramController.ProgramRequest.class),
            Map.entry("ProgramStep", ProgramController.StepRequest.class),
            Map.entry("StartRequest", ChannelController.StartRequest.class),
            Map.entry("ReasonRequest", ChannelController.ReasonRequest.class),
            Map.entry("EndRequest", ChannelController.EndRequest.class),
            Map.entry("Override", ChannelView.OverrideJson.class),
            Map.entry("Quantity", ChannelView.QuantityJson.class),
            Map.entry("ConfirmRequest", ChannelController.ConfirmRequest.class),
            Map.entry("SecondClinician", SecondClinician.class),
            Map.entry("ObservationRequest", AfterCareController.ObservationRequest.class),
            Map.entry("DischargeRequest", AfterCareController.DischargeRequest.class),
            Map.entry("SignInRequest", SessionController.SignInRequest.class));

    @TestFactory
    @DisplayName("issue 16: each request schema in the OpenAPI document lists exactly the fields and the required ones the binding uses")
    Stream<DynamicTest> documentDescribesWhatIsParsed() throws IOException {
        JsonNode schemas;
        try (InputStream in = RequestBindingTest.class.getResourceAsStream(DOCUMENT)) {
            assertNotNull(in, DOCUMENT + " is not on the classpath: the OpenAPI document was not generated");
            schemas = JsonMappers.yaml().readTree(in).path("components").path("schemas");
        }
        return REQUESTS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode schema = schemas.path(e.getKey());
            assertEquals(false, schema.isMissingNode(), e.getKey() + " is not in the document");
            RecordComponent[] components = e.getValue().getRecordComponents();
            for (RecordComponent c : components) {
                Schema declared = c.getAccessor().getAnnotation(Schema.class);
                assertNotNull(declared, e.getKey() + "." + c.getName() + " must say whether it is required");
                assertNotEquals(Schema.RequiredMode.AUTO, declared.requiredMode(),
                        e.getKey() + "." + c.getName() + " must say whether it is required");
            }
            assertEquals(names(Arrays.stream(components).map(RecordComponent::getName)),
                    names(stream(schema.path("properties").fieldNames())), e.getKey() + ": fields");
            assertEquals(names(Arrays.stream(components).filter(RequestBinding::required).map(RecordComponent::getName)),
                    names(stream(schema.path("required").elements()).map(JsonNode::asText)), e.getKey() + ": required");
            schema.path("properties").forEach(p -> assertEquals(false, p.path("nullable").asBoolean(false),
                    e.getKey() + ": null is refused, so no field may be documented as nullable"));
            for (RecordComponent c : components) {
                int limit = c.getAccessor().getAnnotation(Schema.class).maxLength();
                JsonNode documented = schema.path("properties").path(c.getName()).path("maxLength");
                assertEquals(limit == Integer.MAX_VALUE ? "none" : Integer.toString(limit),
                        documented.isMissingNode() ? "none" : documented.asText(),
                        e.getKey() + "." + c.getName() + ": the document states the length limit the binding enforces");
            }
        }));
    }

    @Test
    @DisplayName("issue 16: wrong JSON types, explicit nulls, blank text and unknown fields are 400s naming the field")
    void badValuesNameTheFieldAndWhatWasExpected() {
        assertProblem("reason", "must be a string, not a number",
                () -> RequestBinding.bind("{\"reason\": 5}", ChannelController.ReasonRequest.class));
        assertProblem("reason", "is required", () -> RequestBinding.bind("{}", ChannelController.ReasonRequest.class));
        assertProblem("reason", "must not be empty",
                () -> RequestBinding.bind("{\"reason\": \" \"}", ChannelController.ReasonRequest.class));
        assertProblem("overrides", "must not be null; leave the field out instead",
                () -> RequestBinding.bindOptional("{\"overrides\": null}", ChannelController.StartRequest.class));
        assertProblem("overrides", "must be an array, not an object",
                () -> RequestBinding.bindOptional("{\"overrides\": {}}", ChannelController.StartRequest.class));
        assertProblem("overrides[1].reason", "is required", () -> RequestBinding.bindOptional(
                "{\"overrides\": [{\"limit\": \"a\", \"reason\": \"b\"}, {\"limit\": \"c\"}]}",
                ChannelController.StartRequest.class));
        assertProblem("overrides[0].why", "unknown field; allowed here: [limit, reason]", () -> RequestBinding.bindOptional(
                "{\"overrides\": [{\"limit\": \"a\", \"reason\": \"b\", \"why\": 1}]}", ChannelController.StartRequest.class));
        assertProblem("force", "unknown field; allowed here: []",
                () -> RequestBinding.bindOptional("{\"force\": true}", ChannelController.EmptyRequest.class));
        assertProblem("weight.value", "must be a number, not a string", () -> RequestBinding.bind(
                "{\"patientId\":\"P\",\"weight\":{\"value\":\"70\",\"unit\":\"kg\"}}", ProgramController.ProgramRequest.class));
        assertEquals("line checked",
                RequestBinding.bind("{\"reason\": \"line checked\"}", ChannelController.ReasonRequest.class).reason());
        assertEquals(null, RequestBinding.bindOptional("", ChannelController.StartRequest.class).overrides());
    }

    @Test
    @DisplayName("issue 16, SR-U1: text over its documented maxLength is a 400 naming the field, its length and the "
            + "limit, counted in characters (code points), not UTF-16 units")
    void textOverItsLimitNamesTheLimit() {
        assertProblem("username", "has 65 characters; at most 64 are accepted", () -> RequestBinding.bind(
                "{\"username\":\"" + "a".repeat(65) + "\",\"password\":\"p\"}", SessionController.SignInRequest.class));
        String emoji = "\uD83D\uDE00".repeat(64);
        assertEquals(emoji, RequestBinding.bind("{\"username\":\"" + emoji + "\",\"password\":\"p\"}",
                SessionController.SignInRequest.class).username(), "64 characters of two UTF-16 units each fit");
        assertProblem("secondClinician.username", "has 65 characters; at most 64 are accepted", () -> RequestBinding.bind(
                "{\"secondClinician\":{\"username\":\"" + "a".repeat(65) + "\",\"password\":\"p\"}}",
                ChannelController.ConfirmRequest.class));
        assertProblem("body", "the body has " + (RequestBinding.MAX_CHARS + 1) + " characters; at most "
                + RequestBinding.MAX_CHARS + " are accepted", () -> RequestBinding.bind(
                " ".repeat(RequestBinding.MAX_CHARS - 1) + "{}", ChannelController.EmptyRequest.class));
    }

    @Test
    @DisplayName("issue 16, SR-O1: an observation's value is bound as the JSON value it is (an object keeps its "
            + "fields, a decimal its exact value, never a double), for the library schema's check; a missing value is named")
    void observationValueStaysJson() {
        var bound = RequestBinding.bind("{\"observation\":\"rescue-medication\",\"value\":{\"drug\":\"midazolam\","
                + "\"dose\":12345678901234567.891}}", AfterCareController.ObservationRequest.class);
        assertEquals("midazolam", bound.value().path("drug").textValue());
        assertEquals(new java.math.BigDecimal("12345678901234567.891"), bound.value().path("dose").decimalValue());
        assertEquals(null, bound.prompt());
        assertProblem("value", "is required", () -> RequestBinding.bind("{\"observation\":\"cadss\"}",
                AfterCareController.ObservationRequest.class));
    }

    private static void assertProblem(String field, String message, Runnable bind) {
        ApiProblem p = assertThrows(ApiProblem.class, bind::run);
        assertEquals(400, p.status());
        assertEquals(field + ": " + message, p.detail());
    }

    private static Set<String> names(Stream<String> names) {
        return names.collect(Collectors.toCollection(TreeSet::new));
    }

    private static <T> Stream<T> stream(java.util.Iterator<T> it) {
        Iterable<T> iterable = () -> it;
        return java.util.stream.StreamSupport.stream(iterable.spliterator(), false);
    }
}
