package org.dosewarden.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.api.problem.ApiProblem.FieldError;
import org.dosewarden.json.JsonMappers;

/**
 * A strict reader for JSON request bodies: duplicate keys, unknown fields, missing required fields and
 * wrong types are errors naming the field by its JSON path ({@code overrides[1].reason}); nothing ever
 * falls back to a default. Errors are thrown as 400 {@link ApiProblem}s.
 *
 * <p>Request bodies are bound to their documented records by {@link RequestBinding}, which reads them here first.
 * The field-by-field readers ({@link #allowOnly}, {@link #requiredText} ...) remain only for endpoints not yet
 * moved to a record; a new endpoint binds a record so the OpenAPI document describes what is parsed.
 */
public final class JsonBody {

    /** Bodies above this size are refused before parsing. */
    public static final int MAX_CHARS = 64 * 1024;

    private static final ObjectMapper MAPPER = JsonMappers.json();

    private final ObjectNode node;
    private final String path;

    private JsonBody(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Parses a body that must be a JSON object. */
    public static JsonBody parseObject(String text) {
        if (text == null || text.isBlank()) {
            throw ApiProblem.badField("body", "a JSON object is required");
        }
        return new JsonBody(object(parse(text), "body"), "");
    }

    /** Parses a body that may be absent or empty (then it reads as {@code {}}). */
    public static JsonBody parseOptionalObject(String text) {
        if (text == null || text.isBlank()) {
            return new JsonBody(MAPPER.createObjectNode(), "");
        }
        return parseObject(text);
    }

    /** The parsed tree, for handing a validated document to another reader. */
    public ObjectNode tree() {
        return node.deepCopy();
    }

    private static JsonNode parse(String text) {
        if (text.length() > MAX_CHARS) {
            throw ApiProblem.badField("body", "the body has " + text.length() + " characters; at most " + MAX_CHARS
                    + " are accepted");
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badField(fieldAt(e), "malformed JSON" + at(e.getLocation()) + ": "
                    + e.getOriginalMessage());
        }
    }

    /** The JSON path where the parser stopped, e.g. {@code weight.value}, or {@code body}. */
    private static String fieldAt(JsonProcessingException e) {
        if (e.getProcessor() instanceof JsonParser p) {
            String name = pathOf(p.getParsingContext());
            return name.isEmpty() ? "body" : name;
        }
        return "body";
    }

    private static String pathOf(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.addFirst(c.getCurrentName());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (!sb.isEmpty() && !part.startsWith("[")) {
                sb.append('.');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static ObjectNode object(JsonNode n, String where) {
        if (!(n instanceof ObjectNode o)) {
            throw ApiProblem.badField(where, "must be a JSON object, not " + kind(n));
        }
        return o;
    }

    /** The path of a field of this object. */
    public String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Refuses any field not in {@code allowed}, naming every unknown one. */
    public JsonBody allowOnly(Set<String> allowed) {
        List<FieldError> errors = new ArrayList<>();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new FieldError(pathOf(name), "unknown field; allowed here: " + new TreeSet<>(allowed)));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.badRequest(errors);
        }
        return this;
    }

    public boolean has(String field) {
        return node.has(field);
    }

    /** A required non-blank string. */
    public String requiredText(String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw ApiProblem.badField(pathOf(field), "is required");
        }
        if (!v.isTextual()) {
            throw ApiProblem.badField(pathOf(field), "must be a string, not " + kind(v));
        }
        if (v.textValue().isBlank()) {
            throw ApiProblem.badField(pathOf(field), "must not be empty");
        }
        return v.textValue();
    }

    /** A required object member. */
    public JsonBody requiredObject(String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw ApiProblem.badField(pathOf(field), "is required");
        }
        return new JsonBody(object(v, pathOf(field)), pathOf(field));
    }

    /** An optional array of objects; empty when the field is absent. {@code null} is not absent: it is an error. */
    public List<JsonBody> optionalObjects(String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ApiProblem.badField(pathOf(field), "must be an array, not " + kind(v));
        }
        List<JsonBody> items = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String itemPath = pathOf(field) + "[" + i + "]";
            items.add(new JsonBody(object(v.get(i), itemPath), itemPath));
        }
        return items;
    }

    /** This object without {@code field} (to hand the rest to another reader). */
    public JsonBody without(String field) {
        ObjectNode copy = node.deepCopy();
        copy.remove(field);
        return new JsonBody(copy, path);
    }

    /** {@code text} as a JSON string literal. */
    public static String quote(String text) {
        return MAPPER.getNodeFactory().textNode(text).toString();
    }

    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case NUMBER -> "a number";
            case OBJECT -> "an object";
            case STRING -> "a string";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
