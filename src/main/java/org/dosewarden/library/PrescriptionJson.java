package org.dosewarden.library;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.library.RateForDuration;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Decimals;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DurationText;
import org.dosewarden.dose.quantity.UnitException;
import org.dosewarden.json.JsonMappers;

/**
 * The wire shape of a prescription (HTTP bodies, files, {@code plan --prescription}):
 * <pre>
 * {"patientId":"P-001","bed":"bay-3","weight":{"value":70,"unit":"kg"},"drug":"ketamine-psych",
 *  "careArea":"psychiatry","concentration":{"value":1,"unit":"mg/mL"},"prescriber":"dr-a",
 *  ...one of:
 *  "dose":{"value":0.5,"unit":"mg/kg"},"duration":"PT40M"
 *  "steps":[{"dose":{"value":0.11,"unit":"mg/kg"},"duration":"PT2M"}, ...]
 *  "doseRate":{"value":0.75,"unit":"mg/kg/h"},"totalDose":{"value":0.5,"unit":"mg/kg"}   (or "duration")}
 * </pre>
 * Quantities are objects with a JSON number {@code value} (read exactly, never through a double) and a UCUM
 * {@code unit} ({@code mcg} accepted). Every field but {@code bed} is required; unknown fields, duplicate
 * fields and a mix of forms are errors that name the field.
 */
public final class PrescriptionJson {

    private static final ObjectMapper JSON = JsonMappers.json();

    private static final Set<String> COMMON = Set.of("patientId", "bed", "weight", "drug", "careArea", "concentration",
            "prescriber");
    private static final Set<String> FORM_FIELDS = Set.of("dose", "duration", "steps", "doseRate", "totalDose");

    private PrescriptionJson() {
    }

    /**
     * Parses a prescription document.
     *
     * @throws PrescriptionFormatException naming the field when the document is not a valid prescription
     */
    public static Prescription parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PrescriptionFormatException("", "not valid JSON: " + e.getOriginalMessage());
        }
        return parse(root);
    }

    /** Parses an already-read JSON tree (e.g. an HTTP body). */
    public static Prescription parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new PrescriptionFormatException("", "a prescription must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!COMMON.contains(name) && !FORM_FIELDS.contains(name)) {
                throw new PrescriptionFormatException(name, "unknown field; expected patientId, bed, weight, drug, careArea, "
                        + "concentration, prescriber and one of dose+duration, steps, doseRate+totalDose, doseRate+duration");
            }
        }
        String patientId = text(root, "patientId");
        Optional<String> bed = root.has("bed") ? Optional.of(text(root, "bed")) : Optional.empty();
        BodyWeight weight = quantity(root, "weight", BodyWeight::of);
        String drug = text(root, "drug");
        String careArea = text(root, "careArea");
        Concentration concentration = quantity(root, "concentration", Concentration::of);
        String prescriber = text(root, "prescriber");
        return new Prescription(patientId, bed, weight, drug, careArea, concentration, prescriber, dosing(root));
    }

    private static Dosing dosing(JsonNode root) {
        Set<String> present = new LinkedHashSet<>();
        for (String f : List.of("dose", "duration", "steps", "doseRate", "totalDose")) {
            if (root.has(f)) {
                present.add(f);
            }
        }
        if (present.equals(Set.of("dose", "duration"))) {
            return new DoseOverTime(quantity(root, "dose", Dose::of), duration(root, "duration"));
        }
        if (present.equals(Set.of("steps"))) {
            JsonNode steps = root.get("steps");
            if (!steps.isArray() || steps.isEmpty()) {
                throw new PrescriptionFormatException("steps", "must be a non-empty array of {\"dose\":..,\"duration\":..}");
            }
            List<DoseOverTime> list = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                JsonNode s = steps.get(i);
                String prefix = "steps[" + i + "]";
                if (!s.isObject()) {
                    throw new PrescriptionFormatException(prefix, "must be an object {\"dose\":..,\"duration\":..}");
                }
                for (Iterator<String> it = s.fieldNames(); it.hasNext();) {
                    String name = it.next();
                    if (!name.equals("dose") && !name.equals("duration")) {
                        throw new PrescriptionFormatException(prefix + "." + name, "unknown field; a step has dose and duration");
                    }
                }
                list.add(new DoseOverTime(quantity(s, "dose", Dose::of, prefix + "."), duration(s, "duration", prefix + ".")));
            }
            return new StepProgram(list);
        }
        if (present.equals(Set.of("doseRate", "totalDose"))) {
            return wrap("", () -> new RateWithTotal(quantity(root, "doseRate", DoseRate::of), quantity(root, "totalDose", Dose::of)));
        }
        if (present.equals(Set.of("doseRate", "duration"))) {
            return wrap("", () -> new RateForDuration(quantity(root, "doseRate", DoseRate::of), duration(root, "duration")));
        }
        String field = present.isEmpty() ? "dose" : String.join("+", present);
        throw new PrescriptionFormatException(field, present.isEmpty()
                ? "missing; give one of dose+duration, steps, doseRate+totalDose, doseRate+duration"
                : "is not one of the forms dose+duration, steps, doseRate+totalDose, doseRate+duration");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new PrescriptionFormatException(field, "missing");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new PrescriptionFormatException(field, "must be a non-empty string");
        }
        return v.asText();
    }

    private static <Q> Q quantity(JsonNode node, String field, BiFunction<BigDecimal, String, Q> make) {
        return quantity(node, field, make, "");
    }

    private static <Q> Q quantity(JsonNode node, String field, BiFunction<BigDecimal, String, Q> make, String prefix) {
        String name = prefix + field;
        JsonNode q = node.get(field);
        if (q == null || q.isNull()) {
            throw new PrescriptionFormatException(name, "missing");
        }
        if (!q.isObject()) {
            throw new PrescriptionFormatException(name, "must be an object {\"value\":<number>,\"unit\":\"<UCUM code>\"}");
        }
        for (Iterator<String> it = q.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!f.equals("value") && !f.equals("unit")) {
                throw new PrescriptionFormatException(name + "." + f, "unknown field; a quantity has value and unit");
            }
        }
        JsonNode value = q.get("value");
        if (value == null || !value.isNumber()) {
            throw new PrescriptionFormatException(name + ".value", value == null ? "missing" : "must be a JSON number");
        }
        JsonNode unit = q.get("unit");
        if (unit == null || !unit.isTextual()) {
            throw new PrescriptionFormatException(name + ".unit", unit == null ? "missing" : "must be a string");
        }
        return wrap(name, () -> make.apply(value.decimalValue(), unit.asText()));
    }

    private static Duration duration(JsonNode node, String field) {
        return duration(node, field, "");
    }

    private static Duration duration(JsonNode node, String field, String prefix) {
        String name = prefix + field;
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new PrescriptionFormatException(name, "missing");
        }
        if (!v.isTextual()) {
            throw new PrescriptionFormatException(name, "must be an ISO-8601 duration string such as \"PT40M\"");
        }
        return wrap(name, () -> DurationText.parse(v.asText()));
    }

    private static <T> T wrap(String field, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (UnitException | ArithmeticException e) {
            throw new PrescriptionFormatException(field, e.getMessage());
        } catch (IllegalArgumentException e) {
            if (e instanceof PrescriptionFormatException p) {
                throw p;
            }
            throw new PrescriptionFormatException(field, e.getMessage());
        }
    }

    /** The wire form of {@code p}; {@link #parse(JsonNode)} of it gives {@code p} back. */
    public static ObjectNode toJson(Prescription p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("patientId", p.patientId());
        p.bed().ifPresent(b -> o.put("bed", b));
        o.set("weight", quantity(p.weight().kilograms(), BodyWeight.wireUnit()));
        o.put("drug", p.drugId());
        o.put("careArea", p.careArea());
        o.set("concentration", quantity(p.concentration().value(), p.concentration().unit().code()));
        o.put("prescriber", p.prescriber());
        o.setAll(dosingJson(p.dosing()));
        return o;
    }

    /**
     * The dosing fields of a prescription for {@code dosing}: {@code dose}+{@code duration}, {@code steps},
     * {@code doseRate}+{@code totalDose} or {@code doseRate}+{@code duration} (a library protocol as the
     * fields a program request takes).
     */
    public static ObjectNode dosingJson(Dosing dosing) {
        ObjectNode o = JSON.createObjectNode();
        switch (dosing) {
            case DoseOverTime d -> {
                o.set("dose", quantity(d.dose().value(), d.dose().unit().code()));
                o.put("duration", d.duration().toString());
            }
            case StepProgram s -> {
                ArrayNode steps = o.putArray("steps");
                for (DoseOverTime d : s.steps()) {
                    ObjectNode step = steps.addObject();
                    step.set("dose", quantity(d.dose().value(), d.dose().unit().code()));
                    step.put("duration", d.duration().toString());
                }
            }
            case RateWithTotal r -> {
                o.set("doseRate", quantity(r.rate().value(), r.rate().unit().code()));
                o.set("totalDose", quantity(r.total().value(), r.total().unit().code()));
            }
            case RateForDuration r -> {
                o.set("doseRate", quantity(r.rate().value(), r.rate().unit().code()));
                o.put("duration", r.duration().toString());
            }
        }
        return o;
    }

    /** {@code {"value":<exact number>,"unit":"<code>"}}. */
    public static ObjectNode quantity(BigDecimal value, String unit) {
        ObjectNode q = JSON.createObjectNode();
        q.put("value", new BigDecimal(Decimals.format(value)));
        q.put("unit", unit);
        return q;
    }
}
