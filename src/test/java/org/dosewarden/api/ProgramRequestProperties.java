package org.dosewarden.api;

import static org.dosewarden.testing.Theories.qt;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dosewarden.testing.Choices;
import org.dosewarden.testing.Tally;
import org.dosewarden.testing.Theories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.dosewarden.testing.TempDirs;

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

    /** Each case is an HTTP round trip (tens of ms): a failure is shrunk with fewer re-runs than the default. */
    private static final int SHRINKS = 600;

    @BeforeAll
    static void start() throws IOException {
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "dosewarden.data-dir", TempDirs.create("dw-api-prop").toString()), "test", "apitest");
        context = server.getApplicationContext();
        http = new Http(context.createBean(HttpClient.class, server.getURL()));
        channels = context.getBean(InMemoryChannels.class);
    }

    @AfterAll
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

    static final List<String> PATHS = List.of("patientId", "bed", "weight", "weight.value", "weight.unit", "drug",
            "careArea", "concentration", "concentration.value", "concentration.unit", "prescriber", "dose", "dose.value",
            "dose.unit", "duration");

    static Gen<Breakage> breakages() {
        return Choices.gen(ProgramRequestProperties::breakage);
    }

    /** One way of breaking the valid body: remove, replace or add a field, bad overrides, cut short, or garbage. */
    static Breakage breakage(Choices r) {
        switch (r.nextInt(6)) {
            case 0 -> {
                String p = r.pick(PATHS.stream().filter(x -> !x.equals("bed")).toList());
                ObjectNode doc = valid();
                remove(doc, p);
                return new Breakage(doc.toString(), p);
            }
            case 1 -> {
                String p = r.pick(PATHS);
                ObjectNode doc = valid();
                set(doc, p, junk(r));
                return new Breakage(doc.toString(), p);
            }
            case 2 -> {
                String p = r.pick("", "weight.", "dose.", "concentration.") + "x" + letters(r, 1, 8);
                ObjectNode doc = valid();
                set(doc, p, JsonNodeFactory.instance.numberNode(1));
                return new Breakage(doc.toString(), p);
            }
            case 3 -> {
                return r.pick(
                        new Breakage(valid().put("overrides", "none").toString(), "overrides"),
                        new Breakage(valid().set("overrides", JSON.createArrayNode().add(1)).toString(), "overrides[0]"),
                        new Breakage(valid().set("overrides", JSON.createArrayNode().add(JSON.createObjectNode()
                                .put("limit", "doseRate.softMax"))).toString(), "overrides[0].reason"),
                        new Breakage(valid().set("overrides", JSON.createArrayNode().add(JSON.createObjectNode()
                                .put("limit", "x").put("reason", "y").put("by", "z"))).toString(), "overrides[0].by"));
            }
            case 4 -> {
                String body = valid().toString();
                return new Breakage(body.substring(0, (int) r.between(1, body.length() - 1)), "");
            }
            default -> {
                return new Breakage(text(r, 40), "");
            }
        }
    }

    private static JsonNode junk(Choices r) {
        return switch (r.nextInt(3)) {
            case 0 -> JsonNodeFactory.instance.textNode(text(r, 12));
            case 1 -> JsonNodeFactory.instance.numberNode(r.between(-1_000_000, 1_000_000));
            default -> r.pick(JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.booleanNode(true),
                    JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(),
                    JsonNodeFactory.instance.numberNode(new BigDecimal("1e400")),
                    JsonNodeFactory.instance.numberNode(new BigDecimal("-0.5")),
                    JsonNodeFactory.instance.numberNode(new BigDecimal("0.0000001")));
        };
    }

    /** Up to {@code max} chars: half printable ASCII (JSON's own quotes, braces, backslashes), half any UTF-16 unit. */
    private static String text(Choices r, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = (int) r.between(0, max); i > 0; i--) {
            s.append((char) (r.nextBoolean() ? r.between(0, 0xFFFF) : r.between(0x20, 0x7E)));
        }
        return s.toString();
    }

    private static String letters(Choices r, int min, int max) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder s = new StringBuilder();
        for (int i = (int) r.between(min, max); i > 0; i--) {
            s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    @Test
    @DisplayName("malformed program bodies are always 4xx problem+json naming the field, never 5xx, never loaded")
    void malformedBodiesAreNamed4xx() {
        Tally tally = new Tally("malformed program bodies");
        qt(200, SHRINKS).forAll(breakages()).checkAssert(b -> malformedBodyIsNamed4xx(b, tally));
        tally.print();
    }

    private static void malformedBodyIsNamed4xx(Breakage b, Tally tally) {
        channels.reset();
        Http.Answer a = put(b.body());
        tally.collect("status", a.status());
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

    /** Mostly near the clinical range (so programs are accepted often enough to test acceptance), with a tail far outside it. */
    static Gen<Order> orders() {
        return Choices.gen(r -> {
            BigDecimal weight = r.nextInt(5) < 4 ? BigDecimal.valueOf(r.between(250, 1300), 1)
                    : BigDecimal.valueOf(r.between(10, 60_000), 1);
            BigDecimal dose = r.nextInt(5) < 4 ? BigDecimal.valueOf(r.between(20, 110), 2)
                    : BigDecimal.valueOf(r.between(1, 300), 2);
            int minutes = (int) (r.nextInt(5) < 4 ? r.between(25, 190) : r.between(1, 300));
            BigDecimal conc = new BigDecimal(r.pick("0.1", "0.5", "1", "1", "2", "2", "3", "5", "10"));
            Set<String> overrides = new HashSet<>();
            if (r.nextInt(3) < 2) {
                overrides.addAll(SOFT_LIMITS);
            } else {
                for (int i = r.nextInt(SOFT_LIMITS.size() + 1); i > 0; i--) {
                    overrides.add(r.pick(SOFT_LIMITS));
                }
            }
            return new Order(weight, dose, minutes, conc, Set.copyOf(overrides));
        });
    }

    @Test
    @DisplayName("SR-A1: a random program is loaded only within every hard limit with every soft violation overridden; never 5xx")
    void neverAnAcceptedProgramOutsideLimits() {
        Tally tally = new Tally("random programs");
        qt(150, SHRINKS).forAll(orders()).checkAssert(o -> acceptedOnlyWithinLimits(o, tally));
        tally.print();
        // Observed: about one program in six is loaded; without loaded ones the acceptance checks test nothing.
        tally.requireShare("status", 200, 5, Theories.tries(150) * 9 / 10);
    }

    private static void acceptedOnlyWithinLimits(Order o, Tally tally) {
        channels.reset();
        Http.Answer a = put(o.body());
        tally.collect("status", a.status());
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
