package org.dosewarden.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random programs against the running API (real HTTP client, real parser and programming check, shipped
 * drug library, in-memory channel double):
 * <ul>
 *   <li>a malformed body is always a 4xx problem+json naming the field, never a 5xx, never a loaded program;</li>
 *   <li>random values, with random overrides, are either loaded within every hard limit of the library
 *       (checked by an independent BigDecimal oracle below) with each soft violation overridden, or refused
 *       with 422 listing violations; never a 5xx.</li>
 * </ul>
 */
class ProgramRequestProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DOSING_FORM = Set.of("dose", "duration", "steps", "doseRate", "totalDose");
    private static ApplicationContext context;
    private static Http http;
    private static InMemoryChannels channels;

    @BeforeContainer
    static void start() throws IOException {
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "dosewarden.data-dir", Files.createTempDirectory("dw-api-prop").toString()), "test", "apitest");
        context = server.getApplicationContext();
        http = new Http(context.createBean(HttpClient.class, server.getURL()));
        channels = context.getBean(InMemoryChannels.class);
    }

    @AfterContainer
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    private static Http.Answer put(String body) {
        return http.send(ApiUsers.CLIN_A.on(HttpRequest.PUT("/api/channels/a/program", body)
                .contentType("application/json")));
    }

    static ObjectNode valid() {
        try {
            return (ObjectNode) JSON.readTree(ProgramTest.ketamine("70", "0.5", "PT40M", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- malformed bodies ------------------------------------------------------------------------------

    /** Ways to break a valid prescription, each naming (a prefix of) the field it breaks. */
    record Breakage(String body, String field) {
    }

    @Provide
    Arbitrary<Breakage> breakages() {
        List<String> paths = List.of("patientId", "bed", "weight", "weight.value", "weight.unit", "drug", "careArea",
                "concentration", "concentration.value", "concentration.unit", "prescriber", "dose", "dose.value",
                "dose.unit", "duration");
        Arbitrary<String> path = Arbitraries.of(paths);
        Arbitrary<JsonNode> junk = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(JsonNodeFactory.instance::textNode),
                Arbitraries.integers().between(-1_000_000, 1_000_000).map(JsonNodeFactory.instance::numberNode),
                Arbitraries.of(JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.booleanNode(true),
                        JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(),
                        JsonNodeFactory.instance.numberNode(new BigDecimal("1e400")),
                        JsonNodeFactory.instance.numberNode(new BigDecimal("-0.5")),
                        JsonNodeFactory.instance.numberNode(new BigDecimal("0.0000001"))));
        Arbitrary<Breakage> remove = path.filter(p -> !p.equals("bed")).map(p -> {
            ObjectNode doc = valid();
            remove(doc, p);
            return new Breakage(doc.toString(), p);
        });
        Arbitrary<Breakage> replace = Combinators.combine(path, junk).as((p, value) -> {
            ObjectNode doc = valid();
            set(doc, p, value);
            return new Breakage(doc.toString(), p);
        });
        Arbitrary<Breakage> unknown = Combinators.combine(Arbitraries.of("", "weight.", "dose.", "concentration."),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)).as((prefix, name) -> {
            ObjectNode doc = valid();
            String p = prefix + "x" + name;
            set(doc, p, JsonNodeFactory.instance.numberNode(1));
            return new Breakage(doc.toString(), p);
        });
        Arbitrary<Breakage> overrides = Arbitraries.of(
                new Breakage(valid().put("overrides", "none").toString(), "overrides"),
                new Breakage(valid().set("overrides", JSON.createArrayNode().add(1)).toString(), "overrides[0]"),
                new Breakage(valid().set("overrides", JSON.createArrayNode().add(JSON.createObjectNode()
                        .put("limit", "doseRate.softMax"))).toString(), "overrides[0].reason"),
                new Breakage(valid().set("overrides", JSON.createArrayNode().add(JSON.createObjectNode()
                        .put("limit", "x").put("reason", "y").put("by", "z"))).toString(), "overrides[0].by"));
        Arbitrary<Breakage> truncated = Arbitraries.integers().between(1, valid().toString().length() - 1)
                .map(n -> new Breakage(valid().toString().substring(0, n), ""));
        Arbitrary<Breakage> garbage = Arbitraries.strings().ofMaxLength(40).map(s -> new Breakage(s, ""));
        return Arbitraries.oneOf(remove, replace, unknown, overrides, truncated, garbage);
    }

    @Property(tries = 150)
    @Label("malformed program bodies are always 4xx problem+json naming the field, never 5xx, never loaded")
    void malformedBodiesAreNamed4xx(@ForAll("breakages") Breakage b) {
        channels.reset();
        Http.Answer a = put(b.body());
        Statistics.label("status").collect(a.status());
        assertTrue(a.status() < 500, () -> "5xx for " + b + ": " + a.body());
        if (a.status() == 200) {
            // Some replacements are still valid (e.g. a different bed text): then it must be a real, allowed program.
            assertEquals("ALLOWED", a.json().path("decision").path("outcome").asText(), a.body());
            return;
        }
        assertTrue(a.status() == 400 || a.status() == 422, () -> b + " → " + a.status() + " " + a.body());
        JsonNode p = a.problem(a.status());
        if (a.status() == 400) {
            String field = p.path("field").asText();
            assertFalse(field.isEmpty(), a.body());
            if (!b.field().isEmpty()) {
                String top = b.field().split("[.\\[]")[0];
                // Breaking one field of the dosing form (dose+duration) may be reported on its partner.
                boolean sameForm = DOSING_FORM.contains(top) && DOSING_FORM.contains(field.split("[.\\[+]")[0]);
                assertTrue(field.startsWith(top) || sameForm,
                        () -> "expected the field " + b.field() + " named, got " + field + ": " + a.body());
            }
        } else {
            assertTrue(p.path("violations").size() > 0, a.body());
        }
        assertEquals("IDLE", channels.fake("a").snapshot().infusionState());
    }

    // ---- random values ---------------------------------------------------------------------------------

    record Order(BigDecimal weightKg, BigDecimal doseMgPerKg, int minutes, BigDecimal mgPerMl, Set<String> overrides) {
        String body() {
            ObjectNode doc = valid();
            ((ObjectNode) doc.get("weight")).put("value", weightKg);
            ((ObjectNode) doc.get("dose")).put("value", doseMgPerKg);
            ((ObjectNode) doc.get("concentration")).put("value", mgPerMl);
            doc.put("duration", Duration.ofMinutes(minutes).toString());
            ArrayNode o = doc.putArray("overrides");
            overrides.forEach(id -> o.addObject().put("limit", id).put("reason", "property test override"));
            return doc.toString();
        }
    }

    static final List<String> SOFT_LIMITS = List.of("weight.softMin", "weight.softMax", "concentration.softMin",
            "concentration.softMax", "doseRate.softMin", "doseRate.softMax", "doseOverTime.dose.softMin",
            "doseOverTime.dose.softMax", "doseOverTime.duration.softMin", "doseOverTime.duration.softMax");

    @Provide
    Arbitrary<Order> orders() {
        // Mostly near the clinical range (so programs are accepted often enough to test acceptance), with
        // a tail far outside it.
        Arbitrary<BigDecimal> weight = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.bigDecimals().between(new BigDecimal("25"), new BigDecimal("130")).ofScale(1)),
                Tuple.of(1, Arbitraries.bigDecimals().between(new BigDecimal("1"), new BigDecimal("6000")).ofScale(1)));
        Arbitrary<BigDecimal> dose = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.bigDecimals().between(new BigDecimal("0.2"), new BigDecimal("1.1")).ofScale(2)),
                Tuple.of(1, Arbitraries.bigDecimals().between(new BigDecimal("0.01"), new BigDecimal("3")).ofScale(2)));
        Arbitrary<Integer> minutes = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(25, 190)),
                Tuple.of(1, Arbitraries.integers().between(1, 300)));
        Arbitrary<BigDecimal> conc = Arbitraries.of(new BigDecimal("0.1"), new BigDecimal("0.5"), BigDecimal.ONE,
                BigDecimal.ONE, new BigDecimal("2"), new BigDecimal("2"), new BigDecimal("3"), new BigDecimal("5"),
                new BigDecimal("10"));
        Arbitrary<Set<String>> overrides = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Set.copyOf(SOFT_LIMITS))),
                Tuple.of(1, Arbitraries.of(SOFT_LIMITS).set().ofMaxSize(SOFT_LIMITS.size())));
        return Combinators.combine(weight, dose, minutes, conc, overrides).as(Order::new);
    }

    @Property(tries = 150)
    @Label("SR-A1: a random program is loaded only within every hard limit with every soft violation overridden; never 5xx")
    void neverAnAcceptedProgramOutsideLimits(@ForAll("orders") Order o) {
        channels.reset();
        Http.Answer a = put(o.body());
        Statistics.label("status").collect(a.status());
        assertTrue(a.status() == 200 || a.status() == 422, () -> o + " → " + a.status() + " " + a.body());
        Oracle oracle = new Oracle(o);
        if (a.status() == 200) {
            assertTrue(oracle.hard.isEmpty(), () -> "loaded despite hard limits " + oracle.hard + ": " + a.body());
            assertTrue(o.overrides().containsAll(oracle.soft),
                    () -> "loaded with soft violations not overridden " + oracle.soft + ": " + a.body());
            JsonNode step = a.json().path("plan").path("steps").get(0);
            BigDecimal rate = step.path("rateMlPerH").decimalValue();
            BigDecimal vtbi = step.path("vtbiMl").decimalValue();
            assertTrue(rate.compareTo(new BigDecimal("1200")) <= 0, a.body());
            assertTrue(vtbi.compareTo(new BigDecimal("60")) <= 0, a.body());
            // Never more drug than prescribed: VTBI × concentration ≤ dose × weight.
            assertTrue(vtbi.multiply(o.mgPerMl()).compareTo(o.doseMgPerKg().multiply(o.weightKg())) <= 0, a.body());
            assertEquals("PROGRAMMED", channels.fake("a").snapshot().infusionState());
        } else {
            JsonNode p = a.problem(422);
            Set<String> listed = new HashSet<>();
            p.path("violations").forEach(v -> {
                listed.add(v.path("limit").asText());
                for (String f : List.of("limit", "severity", "limitValue", "requested", "message")) {
                    assertTrue(v.has(f), () -> "violation without " + f + ": " + v);
                }
            });
            assertFalse(listed.isEmpty(), a.body());
            // Everything the oracle finds hard is named (the check may find more, e.g. pump limits).
            assertTrue(listed.containsAll(oracle.hard), () -> "oracle " + oracle.hard + " vs listed " + listed);
            assertEquals(!p.path("violations").toString().contains("\"hard\""), p.path("overridable").asBoolean());
            assertEquals("IDLE", channels.fake("a").snapshot().infusionState());
        }
    }

    /** Independent limits of ketamine-psych (drug-library.yaml) and the generic pump, in exact decimals. */
    static final class Oracle {
        final Set<String> hard = new HashSet<>();
        final Set<String> soft = new HashSet<>();

        Oracle(Order o) {
            range(o.weightKg(), "30", "40", "200", "500", "weight");
            range(o.mgPerMl(), "0.5", "1", "2", "5", "concentration");
            BigDecimal hours = BigDecimal.valueOf(o.minutes()).divide(BigDecimal.valueOf(60), 10, RoundingMode.HALF_EVEN);
            BigDecimal rate = o.doseMgPerKg().divide(hours, 10, RoundingMode.HALF_EVEN);
            range(rate, null, "0.3", "1.2", "1.6", "doseRate");
            range(o.doseMgPerKg(), null, "0.5", "0.8", "1.0", "doseOverTime.dose");
            range(BigDecimal.valueOf(o.minutes()), "30", "40", "100", "180", "doseOverTime.duration");
            if (o.doseMgPerKg().compareTo(BigDecimal.ONE) > 0) {
                hard.add("sessionTotal.hardMax");
            }
        }

        private void range(BigDecimal v, String hardMin, String softMin, String softMax, String hardMax, String id) {
            if (hardMin != null && v.compareTo(new BigDecimal(hardMin)) < 0) {
                hard.add(id + ".hardMin");
            } else if (v.compareTo(new BigDecimal(softMin)) < 0) {
                soft.add(id + ".softMin");
            }
            if (v.compareTo(new BigDecimal(hardMax)) > 0) {
                hard.add(id + ".hardMax");
            } else if (v.compareTo(new BigDecimal(softMax)) > 0) {
                soft.add(id + ".softMax");
            }
        }
    }

    // ---- JSON path helpers -----------------------------------------------------------------------------

    private static void remove(ObjectNode doc, String path) {
        String[] parts = path.split("\\.");
        ObjectNode parent = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) parent.get(parts[i]);
        }
        parent.remove(parts[parts.length - 1]);
    }

    private static void set(ObjectNode doc, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode parent = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) parent.get(parts[i]);
        }
        parent.set(parts[parts.length - 1], value);
    }

}
