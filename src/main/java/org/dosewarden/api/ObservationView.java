package org.dosewarden.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dosewarden.dose.library.AfterCare;
import org.dosewarden.dose.library.ObservationPrompt;
import org.dosewarden.library.ObservationCatalogue;
import org.dosewarden.library.ObservationDefinition;
import org.dosewarden.library.ValueRule;

/**
 * An entry's observations and after-care as the console needs them to build its observation form (SR-O1,
 * SR-O2, SR-O3): each observation's title, meaning and allowed values (range, named levels, choices, text
 * length, fields), the prompt times and the monitoring period.
 */
final class ObservationView {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ObservationView() {
    }

    /** {@code {observations: [...], prompts: ["PT40M","end"], monitoringAfter: "PT2H" | null}}. */
    static ObjectNode afterCare(AfterCare care, ObservationCatalogue catalogue) {
        ObjectNode o = JSON.objectNode();
        ArrayNode observations = o.putArray("observations");
        for (String id : care.observations()) {
            catalogue.find(id).ifPresent(d -> observations.add(describe(d)));
        }
        ArrayNode prompts = o.putArray("prompts");
        care.prompts().stream().map(ObservationPrompt::text).forEach(prompts::add);
        o.put("monitoringAfter", care.monitors() ? care.monitoringAfter().toString() : null);
        return o;
    }

    static ObjectNode describe(ObservationDefinition d) {
        ObjectNode o = JSON.objectNode();
        o.put("id", d.id());
        o.put("title", d.title());
        o.put("description", d.description());
        rule(o, d.rule());
        return o;
    }

    private static void rule(ObjectNode o, ValueRule rule) {
        switch (rule) {
            case ValueRule.Whole w -> {
                o.put("type", "integer");
                o.put("minimum", w.minimum());
                o.put("maximum", w.maximum());
                ArrayNode levels = o.putArray("levels");
                w.levels().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .forEach(e -> levels.addObject().put("value", e.getKey()).put("label", e.getValue()));
            }
            case ValueRule.Text t -> {
                o.put("type", "string");
                o.put("minLength", t.minLength());
                if (t.maxLength() != Integer.MAX_VALUE) {
                    o.put("maxLength", t.maxLength());
                }
                if (!t.choices().isEmpty()) {
                    ArrayNode choices = o.putArray("choices");
                    t.choices().forEach(choices::add);
                }
                if (!t.description().isEmpty()) {
                    o.put("format", t.description());
                }
            }
            case ValueRule.Fields f -> {
                o.put("type", "object");
                ArrayNode fields = o.putArray("fields");
                f.fields().forEach((name, field) -> {
                    ObjectNode fo = fields.addObject();
                    fo.put("name", name);
                    fo.put("title", field.title());
                    fo.put("required", field.required());
                    rule(fo, field.rule());
                });
            }
        }
    }
}
