package org.dosewarden.api;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.json.JsonMappers;

/**
 * Request bodies are read one way: into the record the OpenAPI document shows for them, so the document
 * describes exactly what is parsed. The body is read strictly (duplicate keys, trailing text, over
 * {@link JsonBody#MAX_CHARS} characters) and bound with no leniency: a field the record does not have, a value of
 * the wrong JSON type (a number where text is expected, a string where a number is), a missing component the
 * record marks {@code @Schema(requiredMode = REQUIRED)} (the same annotation puts it in the document's
 * {@code required} list), an explicit {@code null}, or blank text is a 400 {@link ApiProblem} naming the field by
 * its JSON path ({@code overrides[1].reason}) and what was expected. An optional field is left out, never sent as
 * {@code null}. Nothing falls back to a default.
 */
final class RequestBinding {

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
    static <T extends Record> T bind(String text, Class<T> type) {
        return bind(JsonBody.parseObject(text).tree(), type);
    }

    /** A body that may be absent or empty (then it reads as {@code {}}). */
    static <T extends Record> T bindOptional(String text, Class<T> type) {
        return bind(JsonBody.parseOptionalObject(text).tree(), type);
    }

    /** An already-read body (from {@link JsonBody}) bound to {@code type}. */
    static <T extends Record> T bind(ObjectNode tree, Class<T> type) {
        T value;
        try {
            value = BINDER.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiProblem.badField(path(e), "unknown field; allowed here: " + known(e.getKnownPropertyIds()));
        } catch (MismatchedInputException e) {
            throw ApiProblem.badField(path(e), "must be " + expected(e.getTargetType()) + ", not "
                    + JsonBody.kind(nodeAt(tree, e.getPath())));
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
}
