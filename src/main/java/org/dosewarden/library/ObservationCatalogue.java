package org.dosewarden.library;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.dosewarden.json.JsonMappers;

/**
 * Every observation a drug-library entry can name (SR-O1), as the library schema defines them under
 * {@code $defs/observations}: its title, what it means and the values it takes. The schema is the one
 * source: the daemon reads the definitions from it, checks recorded values against them, and shows them
 * to the console; nothing about any one scale is in code.
 *
 * <p>The definitions use a small part of JSON Schema, and reading refuses anything else, so a definition
 * the daemon could not enforce never ships: {@code type} integer (with {@code minimum}, {@code maximum}, and
 * {@code oneOf} of {@code const}+{@code title} naming each level), string ({@code minLength}, {@code maxLength},
 * {@code pattern}, {@code enum}) or object ({@code properties} of those, {@code required},
 * {@code additionalProperties: false}); {@code title} and {@code description} anywhere.
 */
public final class ObservationCatalogue {

    /** Keywords every definition may carry. */
    private static final Set<String> COMMON = Set.of("title", "description", "type");

    private static final ObservationCatalogue SHIPPED = load();

    private final Map<String, ObservationDefinition> byId;
    private final List<String> order;

    ObservationCatalogue(Map<String, ObservationDefinition> byId) {
        this.byId = Map.copyOf(byId);
        this.order = List.copyOf(byId.keySet());
    }

    /** The definitions of the schema shipped in the jar (the one every library is validated against). */
    public static ObservationCatalogue shipped() {
        return SHIPPED;
    }

    /** The definition of observation {@code id}, if the schema has one. */
    public Optional<ObservationDefinition> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Ids in schema order. */
    public List<String> ids() {
        return order;
    }

    private static ObservationCatalogue load() {
        try (InputStream in = ObservationCatalogue.class.getResourceAsStream(DrugLibraryReader.SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("drug-library schema " + DrugLibraryReader.SCHEMA_RESOURCE + " is missing");
            }
            return of(JsonMappers.json().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The catalogue of a schema document. Throws {@link IllegalStateException} naming the definition and the
     * keyword when a definition uses something the daemon does not enforce, or when the entries' list of
     * observation ids and the definitions disagree.
     */
    static ObservationCatalogue of(JsonNode schema) {
        JsonNode defs = schema.path("$defs").path("observations").path("$defs");
        Map<String, ObservationDefinition> byId = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = defs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode d = e.getValue();
            byId.put(e.getKey(), new ObservationDefinition(e.getKey(), d.path("title").asText(e.getKey()),
                    d.path("description").asText(""), rule(d, e.getKey())));
        }
        List<String> named = new ArrayList<>();
        schema.path("$defs").path("observationId").path("enum").forEach(n -> named.add(n.asText()));
        if (!named.equals(List.copyOf(byId.keySet()))) {
            throw new IllegalStateException("the drug-library schema names observations " + named
                    + " but defines " + byId.keySet() + " under $defs/observations");
        }
        return new ObservationCatalogue(byId);
    }

    private static ValueRule rule(JsonNode d, String where) {
        String type = d.path("type").asText("");
        return switch (type) {
            case "integer" -> {
                allowOnly(d, where, Set.of("minimum", "maximum", "oneOf"));
                if (!d.has("minimum") || !d.has("maximum")) {
                    throw new IllegalStateException("observation " + where + ": an integer needs minimum and maximum");
                }
                Map<BigInteger, String> levels = new LinkedHashMap<>();
                for (JsonNode level : d.path("oneOf")) {
                    levels.put(level.path("const").bigIntegerValue(), level.path("title").asText());
                }
                yield new ValueRule.Whole(d.get("minimum").bigIntegerValue(), d.get("maximum").bigIntegerValue(), levels);
            }
            case "string" -> {
                allowOnly(d, where, Set.of("minLength", "maxLength", "pattern", "enum"));
                List<String> choices = new ArrayList<>();
                d.path("enum").forEach(c -> choices.add(c.asText()));
                yield new ValueRule.Text(d.path("minLength").asInt(0), d.path("maxLength").asInt(Integer.MAX_VALUE),
                        d.has("pattern") ? Optional.of(Pattern.compile(d.get("pattern").asText())) : Optional.empty(),
                        choices, d.path("description").asText(""));
            }
            case "object" -> {
                allowOnly(d, where, Set.of("properties", "required", "additionalProperties"));
                if (!d.path("additionalProperties").isBoolean() || d.get("additionalProperties").asBoolean()) {
                    throw new IllegalStateException("observation " + where + ": an object must say additionalProperties: false");
                }
                Map<String, ValueRule.Field> fields = new LinkedHashMap<>();
                Set<String> required = new java.util.HashSet<>();
                d.path("required").forEach(r -> required.add(r.asText()));
                for (Iterator<Map.Entry<String, JsonNode>> it = d.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    ValueRule inner = rule(f.getValue(), where + "." + f.getKey());
                    if (inner instanceof ValueRule.Fields) {
                        throw new IllegalStateException("observation " + where + "." + f.getKey() + ": objects do not nest");
                    }
                    fields.put(f.getKey(), new ValueRule.Field(f.getValue().path("title").asText(f.getKey()), inner,
                            required.contains(f.getKey())));
                }
                yield new ValueRule.Fields(fields);
            }
            default -> throw new IllegalStateException("observation " + where + ": type '" + type
                    + "' is not one the daemon checks (integer, string, object)");
        };
    }

    private static void allowOnly(JsonNode d, String where, Set<String> allowed) {
        for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!COMMON.contains(k) && !allowed.contains(k)) {
                throw new IllegalStateException("observation " + where + ": keyword '" + k + "' is not one the daemon "
                        + "checks; allowed here: " + allowed);
            }
        }
    }
}
