package org.dosewarden.library;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One observation as the library schema defines it (SR-O1): e.g. {@code cadss}, "CADSS total", a whole number
 * from 0 to 92.
 *
 * @param id          the id entries name
 * @param title       what the console shows
 * @param description what it measures
 * @param rule        the values it takes
 */
public record ObservationDefinition(String id, String title, String description, ValueRule rule) {

    public ObservationDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(rule, "rule");
    }

    /** The problems of a recorded {@code value} (the request's {@code value} member); empty when it is valid. */
    public List<ValueRule.Problem> check(JsonNode value) {
        return rule.check(value, "value", id);
    }
}
