package org.dosewarden.library;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The values one observation (or one field of it) may take, as the schema's definition says, and the check
 * of a recorded value against them. Every problem names the field and what is allowed.
 */
public sealed interface ValueRule {

    /** One thing wrong with a value: where (a JSON path, {@code value.route}) and why, naming the limit. */
    record Problem(String field, String message) {
    }

    /** The problems of {@code value} found at {@code field}; empty when it is valid. */
    List<Problem> check(JsonNode value, String field, String name);

    /** A whole number from {@code minimum} to {@code maximum}; {@code levels} names each level of a scale. */
    record Whole(BigInteger minimum, BigInteger maximum, Map<BigInteger, String> levels) implements ValueRule {
        public Whole {
            levels = Map.copyOf(levels);
        }

        @Override
        public List<Problem> check(JsonNode value, String field, String name) {
            String range = "a whole number from " + minimum + " to " + maximum;
            if (value == null || !value.isIntegralNumber()) {
                if (value != null && value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0) {
                    return check(value.decimalValue().toBigIntegerExact(), field, name, range);
                }
                return List.of(new Problem(field, name + " must be " + range + "; got " + shown(value)));
            }
            return check(value.bigIntegerValue(), field, name, range);
        }

        private List<Problem> check(BigInteger v, String field, String name, String range) {
            if (v.compareTo(minimum) < 0 || v.compareTo(maximum) > 0) {
                return List.of(new Problem(field, name + " must be " + range + "; got " + v));
            }
            return List.of();
        }
    }

    /**
     * Text of {@code minLength} to {@code maxLength} characters, matching {@code pattern} (described by
     * {@code description}) and, when {@code choices} is not empty, one of them.
     */
    record Text(int minLength, int maxLength, Optional<Pattern> pattern, List<String> choices, String description)
            implements ValueRule {
        public Text {
            choices = List.copyOf(choices);
        }

        @Override
        public List<Problem> check(JsonNode value, String field, String name) {
            if (value == null || !value.isTextual()) {
                return List.of(new Problem(field, name + " must be text; got " + shown(value)));
            }
            String text = value.textValue();
            if (!choices.isEmpty() && !choices.contains(text)) {
                return List.of(new Problem(field, name + " must be one of " + String.join(", ", choices) + "; got "
                        + shown(value)));
            }
            int length = text.codePointCount(0, text.length());
            if (length < minLength || length > maxLength) {
                String allowed = maxLength == Integer.MAX_VALUE ? "at least " + minLength
                        : minLength == 0 ? "at most " + maxLength : minLength + " to " + maxLength;
                return List.of(new Problem(field, name + " must be " + allowed + " characters; got " + length));
            }
            if (pattern.isPresent() && !pattern.get().matcher(text).matches()) {
                return List.of(new Problem(field, name + " must be " + (description.isEmpty()
                        ? "text matching " + pattern.get().pattern() : description) + "; got " + shown(value)));
            }
            return List.of();
        }
    }

    /** A field of a {@link Fields} value. */
    record Field(String title, ValueRule rule, boolean required) {
    }

    /** An object of named fields, each with its own rule; nothing else. */
    record Fields(Map<String, Field> fields) implements ValueRule {
        public Fields {
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        }

        @Override
        public List<Problem> check(JsonNode value, String field, String name) {
            if (value == null || !value.isObject()) {
                return List.of(new Problem(field, name + " must be an object with the fields "
                        + String.join(", ", fields.keySet()) + "; got " + shown(value)));
            }
            List<Problem> problems = new ArrayList<>();
            for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!fields.containsKey(k)) {
                    problems.add(new Problem(field + "." + k, k + " is not a field of " + name + " (fields: "
                            + String.join(", ", fields.keySet()) + ")"));
                }
            }
            fields.forEach((k, f) -> {
                JsonNode v = value.get(k);
                if (v == null || v.isNull()) {
                    if (f.required()) {
                        problems.add(new Problem(field + "." + k, name + " needs " + k + " (" + f.title() + ")"));
                    }
                } else {
                    problems.addAll(f.rule().check(v, field + "." + k, name + " " + k));
                }
            });
            return problems;
        }
    }

    /** A value as a clinician would recognise it in a message, cut short. */
    private static String shown(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "nothing";
        }
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
