package org.dosewarden.library;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dosewarden.dose.library.AfterCare;
import org.dosewarden.dose.library.Bounds;
import org.dosewarden.dose.library.CareArea;
import org.dosewarden.dose.library.ConcentrationLimits;
import org.dosewarden.dose.library.CourseLimits;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.DoseOverTimeLimits;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.library.DosingForm;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.ObservationPrompt;
import org.dosewarden.dose.library.Protocol;
import org.dosewarden.dose.library.RateForDuration;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.library.StepLimits;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.library.VitalLimit;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.dose.lint.LintFinding;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.ConcentrationUnit;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DoseRateUnit;
import org.dosewarden.dose.quantity.DoseUnit;
import org.dosewarden.dose.quantity.DurationText;

/**
 * Maps a drug library document that the schema has already accepted onto the {@code dose} model, section by
 * section (vitals profiles, care areas, entries with their limits, protocols and after-care), parsing every unit,
 * quantity and duration. A value the model refuses is recorded as an error naming its JSON path
 * ({@code $.careAreas[2].dosingUnit}, as the schema validator writes locations) and mapping goes on, so one read
 * reports every error of the file.
 */
final class LibraryMapping {

    private static final Pattern VITAL_LIMIT = Pattern.compile("^(sbp|dbp|hr|spo2|rr) (>=|>|<=|<) (\\d+)$");

    private final List<LintFinding> errors = new ArrayList<>();

    /** The errors found so far; the library {@link #library} returned is usable only when there are none. */
    List<LintFinding> errors() {
        return List.copyOf(errors);
    }

    DrugLibrary library(JsonNode root) {
        List<VitalsProfile> profiles = new ArrayList<>();
        JsonNode vp = root.path("vitalsProfiles");
        for (int i = 0; i < vp.size(); i++) {
            VitalsProfile p = vitalsProfile(vp.get(i), "/vitalsProfiles/" + i);
            if (p != null) {
                profiles.add(p);
            }
        }
        List<CareArea> areas = new ArrayList<>();
        JsonNode ca = root.path("careAreas");
        for (int i = 0; i < ca.size(); i++) {
            areas.add(careArea(ca.get(i), "/careAreas/" + i));
        }
        return new DrugLibrary(root.get("version").asText(), root.get("name").asText(), profiles, areas);
    }

    VitalsProfile vitalsProfile(JsonNode n, String path) {
        String id = n.get("id").asText();
        List<VitalLimit> gate = vitalLimits(n.get("startGate"), path + "/startGate");
        List<VitalLimit> soft = vitalLimits(n.get("softLimits"), path + "/softLimits");
        List<VitalLimit> hard = vitalLimits(n.get("hardLimits"), path + "/hardLimits");
        Duration gateAge = duration(n.get("startGateMaxAge"), path + "/startGateMaxAge");
        Duration hold = duration(n.get("spo2HardHold"), path + "/spo2HardHold");
        Duration bpAge = duration(n.get("bloodPressureMaxAge"), path + "/bloodPressureMaxAge");
        Duration gap = duration(n.get("continuousMaxGap"), path + "/continuousMaxGap");
        if (gateAge == null || hold == null || bpAge == null || gap == null) {
            return null;
        }
        return new VitalsProfile(id, n.get("required").asBoolean(), gate, gateAge, soft,
                n.get("softConsecutiveReadings").asInt(), hard, hold, bpAge, gap);
    }

    List<VitalLimit> vitalLimits(JsonNode array, String path) {
        List<VitalLimit> limits = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Matcher m = VITAL_LIMIT.matcher(array.get(i).asText());
            if (!m.matches()) {
                errors.add(LintFinding.error(jsonPath(path + "/" + i), "not a vital limit like 'sbp >= 180': " + array.get(i).asText()));
                continue;
            }
            VitalSign sign = switch (m.group(1)) {
                case "sbp" -> VitalSign.SYSTOLIC_BP;
                case "dbp" -> VitalSign.DIASTOLIC_BP;
                case "hr" -> VitalSign.HEART_RATE;
                case "spo2" -> VitalSign.SPO2;
                default -> VitalSign.RESPIRATORY_RATE;
            };
            VitalLimit.Trip trip = switch (m.group(2)) {
                case ">=" -> VitalLimit.Trip.AT_OR_ABOVE;
                case ">" -> VitalLimit.Trip.ABOVE;
                case "<=" -> VitalLimit.Trip.AT_OR_BELOW;
                default -> VitalLimit.Trip.BELOW;
            };
            try {
                limits.add(new VitalLimit(sign, trip, Integer.parseInt(m.group(3))));
            } catch (IllegalArgumentException e) {
                errors.add(LintFinding.error(jsonPath(path + "/" + i), e.getMessage()));
            }
        }
        return limits;
    }

    CareArea careArea(JsonNode n, String path) {
        String id = n.get("id").asText();
        Bounds<BodyWeight> weight = numberBounds(n.get("weight"), path + "/weight", u -> u,
                (v, u) -> BodyWeight.of(v, u));
        List<DrugEntry> entries = new ArrayList<>();
        JsonNode es = n.path("entries");
        for (int i = 0; i < es.size(); i++) {
            DrugEntry e = entry(es.get(i), id, path + "/entries/" + i);
            if (e != null) {
                entries.add(e);
            }
        }
        return new CareArea(id, n.get("displayName").asText(), weight, entries);
    }

    DrugEntry entry(JsonNode n, String careArea, String path) {
        DoseRateUnit dosingUnit = unit(n.get("dosingUnit"), path + "/dosingUnit", DoseRateUnit::parse);
        JsonNode conc = n.get("concentration");
        ConcentrationUnit concUnit = unit(conc.get("unit"), path + "/concentration/unit", ConcentrationUnit::parse);
        if (dosingUnit == null || concUnit == null) {
            return null;
        }
        DrugEntry.Builder b = DrugEntry.builder(n.get("id").asText(), careArea, dosingUnit, concUnit)
                .drug(n.get("drug").asText())
                .displayName(n.get("displayName").asText())
                .highAlert(n.get("highAlert").asBoolean())
                .kvoAllowed(n.get("kvoAllowed").asBoolean());
        for (JsonNode f : n.get("forms")) {
            b.forms(DosingForm.ofKey(f.asText()));
        }
        if (n.has("vitalsProfile")) {
            b.vitalsProfile(n.get("vitalsProfile").asText());
        }

        List<Concentration> standard = new ArrayList<>();
        JsonNode std = conc.path("standard");
        for (int i = 0; i < std.size(); i++) {
            BigDecimal v = std.get(i).decimalValue();
            Concentration c = value(path + "/concentration/standard/" + i, () -> new Concentration(v, concUnit));
            if (c != null) {
                standard.add(c);
            }
        }
        b.concentration(new ConcentrationLimits(concUnit, standard,
                numberBounds(conc, path + "/concentration", ConcentrationUnit::parse, Concentration::of)));

        if (n.has("doseRate")) {
            b.doseRate(numberBounds(n.get("doseRate"), path + "/doseRate", DoseRateUnit::parse, DoseRate::of));
        }
        if (n.has("doseOverTime")) {
            JsonNode dot = n.get("doseOverTime");
            DoseUnit doseUnit = dot.has("dose")
                    ? unit(dot.get("dose").get("unit"), path + "/doseOverTime/dose/unit", DoseUnit::parse)
                    : dosingUnit.doseUnit();
            Bounds<Dose> dose = dot.has("dose")
                    ? numberBounds(dot.get("dose"), path + "/doseOverTime/dose", DoseUnit::parse, Dose::of)
                    : Bounds.none();
            Bounds<Duration> duration = dot.has("duration")
                    ? durationBounds(dot.get("duration"), path + "/doseOverTime/duration")
                    : Bounds.none();
            if (doseUnit != null) {
                b.doseOverTime(new DoseOverTimeLimits(doseUnit, dose, duration));
            }
        }
        if (n.has("steps")) {
            JsonNode s = n.get("steps");
            JsonNode loading = s.path("loading");
            b.steps(new StepLimits(s.get("maxSteps").asInt(),
                    loading.has("dose") ? numberBounds(loading.get("dose"), path + "/steps/loading/dose", DoseUnit::parse, Dose::of)
                            : Bounds.none(),
                    loading.has("duration") ? durationBounds(loading.get("duration"), path + "/steps/loading/duration")
                            : Bounds.none(),
                    loading.has("doseRate")
                            ? numberBounds(loading.get("doseRate"), path + "/steps/loading/doseRate", DoseRateUnit::parse, DoseRate::of)
                            : Bounds.none()));
        }
        if (n.has("sessionTotal")) {
            b.sessionTotal(numberBounds(n.get("sessionTotal"), path + "/sessionTotal", DoseUnit::parse, Dose::of));
        }
        if (n.has("course")) {
            JsonNode c = n.get("course");
            b.course(new CourseLimits(
                    c.has("interval") ? durationBounds(c.get("interval"), path + "/course/interval") : Bounds.none(),
                    c.has("sessions") ? Bounds.of(null, null,
                            c.get("sessions").has("softMax") ? c.get("sessions").get("softMax").asInt() : null,
                            c.get("sessions").has("hardMax") ? c.get("sessions").get("hardMax").asInt() : null) : Bounds.none(),
                    c.has("dosePer7Days") ? numberBounds(c.get("dosePer7Days"), path + "/course/dosePer7Days", DoseUnit::parse, Dose::of)
                            : Bounds.none()));
        }
        JsonNode ps = n.path("protocols");
        for (int i = 0; i < ps.size(); i++) {
            Protocol p = protocol(ps.get(i), path + "/protocols/" + i);
            if (p != null) {
                b.protocol(p);
            }
        }
        return b.afterCare(afterCare(n, path)).build();
    }

    /** Observations, prompts and monitoring period (SR-O1..O3); absent fields mean none. */
    AfterCare afterCare(JsonNode n, String path) {
        List<String> observations = new ArrayList<>();
        n.path("observations").forEach(o -> observations.add(o.asText()));
        List<ObservationPrompt> prompts = new ArrayList<>();
        JsonNode ps = n.path("observationPrompts");
        for (int i = 0; i < ps.size(); i++) {
            String text = ps.get(i).asText();
            ObservationPrompt p = value(path + "/observationPrompts/" + i, () -> ObservationPrompt.parse(text));
            if (p != null) {
                prompts.add(p);
            }
        }
        Duration monitoring = n.has("monitoringAfter") ? duration(n.get("monitoringAfter"), path + "/monitoringAfter")
                : Duration.ZERO;
        return new AfterCare(observations, prompts, monitoring == null ? Duration.ZERO : monitoring);
    }

    Protocol protocol(JsonNode n, String path) {
        Dosing dosing = value(path, () -> {
            if (n.has("steps")) {
                List<DoseOverTime> steps = new ArrayList<>();
                for (JsonNode s : n.get("steps")) {
                    steps.add(new DoseOverTime(Dose.parse(s.get("dose").asText()), DurationText.parse(s.get("duration").asText())));
                }
                return new StepProgram(steps);
            }
            if (n.has("doseRate")) {
                DoseRate rate = DoseRate.parse(n.get("doseRate").asText());
                return n.has("totalDose") ? new RateWithTotal(rate, Dose.parse(n.get("totalDose").asText()))
                        : new RateForDuration(rate, DurationText.parse(n.get("duration").asText()));
            }
            return new DoseOverTime(Dose.parse(n.get("dose").asText()), DurationText.parse(n.get("duration").asText()));
        });
        return dosing == null ? null : new Protocol(n.get("id").asText(), n.get("name").asText(), dosing);
    }

    <U> U unit(JsonNode n, String path, Function<String, U> parse) {
        return value(path, () -> parse.apply(n.asText()));
    }

    interface Make<Q> {
        Q make(BigDecimal value, String unit);
    }

    <U, Q> Bounds<Q> numberBounds(JsonNode n, String path, Function<String, U> unitCheck, Make<Q> make) {
        String unit = n.get("unit").asText();
        if (unit(n.get("unit"), path + "/unit", unitCheck) == null) {
            return Bounds.none();
        }
        return Bounds.of(number(n, "hardMin", path, unit, make), number(n, "softMin", path, unit, make),
                number(n, "softMax", path, unit, make), number(n, "hardMax", path, unit, make));
    }

    <Q> Q number(JsonNode n, String key, String path, String unit, Make<Q> make) {
        if (!n.has(key)) {
            return null;
        }
        return value(path + "/" + key, () -> make.make(n.get(key).decimalValue(), unit));
    }

    Bounds<Duration> durationBounds(JsonNode n, String path) {
        return Bounds.of(n.has("hardMin") ? duration(n.get("hardMin"), path + "/hardMin") : null,
                n.has("softMin") ? duration(n.get("softMin"), path + "/softMin") : null,
                n.has("softMax") ? duration(n.get("softMax"), path + "/softMax") : null,
                n.has("hardMax") ? duration(n.get("hardMax"), path + "/hardMax") : null);
    }

    Duration duration(JsonNode n, String path) {
        return value(path, () -> DurationText.parse(n.asText()));
    }

    /** The value, or null after recording the error under {@code path}. */
    <T> T value(String path, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException | ArithmeticException e) {
            errors.add(LintFinding.error(jsonPath(path), e.getMessage()));
            return null;
        }
    }

    /** "/careAreas/2/dosingUnit" as the schema validator writes locations: "$.careAreas[2].dosingUnit". */
    static String jsonPath(String pointer) {
        StringBuilder sb = new StringBuilder("$");
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            sb.append(part.chars().allMatch(Character::isDigit) ? "[" + part + "]" : "." + part);
        }
        return sb.toString();
    }
}
