package org.dosewarden.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.json.JsonMappers;

/**
 * Request bodies are read one way: into the record the OpenAPI document shows for them, so the document
 * describes exactly what is parsed. The body is read strictly (duplicate keys, trailing text, over
 * {@link #MAX_CHARS} characters) and bound with no leniency: a field the record does not have, a value of
 * the wrong JSON type (a number where text is expected, a string where a number is), a missing component the
 * record marks {@code @Schema(requiredMode = REQUIRED)} (the same annotation puts it in the document's
 * {@code required} list), an explicit {@code null}, blank text, or text longer than the component's
 * {@code @Schema(maxLength)} is a 400 {@link ApiProblem} naming the field by its JSON path
 * ({@code overrides[1].reason}), what was wrong and the limit. An optional field is left out, never sent as
 * {@code null}. Nothing falls back to a default.
 *
 * <p>No other class of {@code api} reads a request body (the API's architecture test keeps it so).
 */
public final class RequestBinding {

    /** Bodies above this size are refused before parsing. */
    public static final int MAX_CHARS = 64 * 1024;

    private static final ObjectMapper READER = JsonMappers.json();

    private static final ObjectMapper BINDER = JsonMappers.jsonBuilder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfigDefaults(c -> c.setAcceptBlankAsEmpty(false)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private RequestBinding() {
    }

    /** A body that must be a JSON object of {@code type}'s shape. */
    public static <T extends Record> T bind(String text, Class<T> type) {
        return bind(read(text), type);
    }

    /** A body that may be absent or empty (then it reads as {@code {}}). */
    public static <T extends Record> T bindOptional(String text, Class<T> type) {
        return bind(text == null || text.isBlank() ? READER.createObjectNode() : read(text), type);
    }

    /**
     * A body that must be a JSON object, read strictly but not yet bound: for a body part of which another
     * reader of ours parses further (the prescription, {@link ProgramBody}). Bind it with {@link #bind(ObjectNode, Class)}.
     */
    static ObjectNode read(String text) {
        if (text == null || text.isBlank()) {
            throw ApiProblem.badField("body", "a JSON object is required");
        }
        if (text.length() > MAX_CHARS) {
            throw ApiProblem.badField("body", "the body has " + text.length() + " characters; at most " + MAX_CHARS
                    + " are accepted");
        }
        JsonNode n;
        try {
            n = READER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badField(fieldAt(e), "malformed JSON" + at(e.getLocation()) + ": "
                    + e.getOriginalMessage());
        }
        if (!(n instanceof ObjectNode o)) {
            throw ApiProblem.badField("body", "must be a JSON object, not " + kind(n));
        }
        return o;
    }

    /** An already-read body ({@link #read}) bound to {@code type}. */
    static <T extends Record> T bind(ObjectNode tree, Class<T> type) {
        T value;
        try {
            value = BINDER.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiProblem.badField(path(e), "unknown field; allowed here: " + known(e.getKnownPropertyIds()));
        } catch (MismatchedInputException e) {
            throw ApiProblem.badField(path(e), "must be " + expected(e.getTargetType()) + ", not "
                    + kind(nodeAt(tree, e.getPath())));
        } catch (JsonMappingException e) {
            throw ApiProblem.badField(path(e), "cannot be read: " + e.getOriginalMessage());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiProblem.badField("body", "cannot be read: " + e.getMessage());
        }
        check(value, tree, "");
        return value;
    }

    /**
     * Every required component of a record is present; none is an explicit {@code null}; no
     * text is blank. Nested records and lists of records are checked the same way.
     */
    private static void check(Object value, JsonNode node, String path) {
        if (value instanceof Record record) {
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                String name = path.isEmpty() ? c.getName() : path + "." + c.getName();
                JsonNode given = node == null ? null : node.get(c.getName());
                Object v = component(record, c);
                if (v == null) {
                    if (given != null) {
                        throw ApiProblem.badField(name, "must not be null; leave the field out instead");
                    }
                    if (required(c)) {
                        throw ApiProblem.badField(name, "is required");
                    }
                } else {
                    if (v instanceof String s) {
                        checkLength(s, c, name);
                    }
                    check(v, given, name);
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String item = path + "[" + i + "]";
                if (list.get(i) == null) {
                    throw ApiProblem.badField(item, "must not be null");
                }
                check(list.get(i), node == null ? null : node.get(i), item);
            }
        } else if (value instanceof String s && s.isBlank()) {
            throw ApiProblem.badField(path, "must not be empty");
        }
    }

    /** At most the component's {@code @Schema(maxLength)} characters (Unicode code points, as JSON Schema counts). */
    private static void checkLength(String s, RecordComponent c, String name) {
        Schema schema = c.getAccessor().getAnnotation(Schema.class);
        int length = s.codePointCount(0, s.length());
        if (schema != null && length > schema.maxLength()) {
            throw ApiProblem.badField(name, "has " + length + " characters; at most " + schema.maxLength()
                    + " are accepted");
        }
    }

    /** Required exactly when the OpenAPI document says so: {@code @Schema(requiredMode = REQUIRED)}. */
    static boolean required(RecordComponent c) {
        Schema schema = c.getAccessor().getAnnotation(Schema.class);
        return schema != null && schema.requiredMode() == Schema.RequiredMode.REQUIRED;
    }

    private static Object component(Record record, RecordComponent c) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("request record " + record.getClass().getSimpleName()
                    + " cannot be read: " + e, e);
        }
    }

    /** The JSON path of the field a mapping error is about, e.g. {@code overrides[0].why}, or {@code body}. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    private static JsonNode nodeAt(JsonNode root, List<JsonMappingException.Reference> path) {
        JsonNode n = root;
        for (JsonMappingException.Reference r : path) {
            if (n == null) {
                return null;
            }
            n = r.getFieldName() != null ? n.get(r.getFieldName()) : n.get(r.getIndex());
        }
        return n;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type == BigDecimal.class || (type.isPrimitive()
                && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String known(Collection<Object> ids) {
        TreeSet<String> names = new TreeSet<>();
        ids.forEach(id -> names.add(String.valueOf(id)));
        return names.toString();
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

    /** What a JSON value is, in the words of an error message: a string, a number, null, nothing ... */
    private static String kind(JsonNode n) {
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
            default -> n.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
