package org.dosewarden.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.Bounds;
import org.dosewarden.dose.library.CareArea;
import org.dosewarden.dose.library.DosingForm;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.Protocol;
import org.dosewarden.dose.library.VitalLimit;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.library.ObservationCatalogue;
import org.dosewarden.library.PrescriptionJson;

/**
 * The drug library as the console's programming form uses it (the {@code programming} member of
 * {@code GET /api/drug-library}): care areas, their entries, and per entry what the form offers (the dosing
 * forms it allows, the standard concentrations, the largest number of steps) and its protocols as the very
 * fields a program request takes, so choosing a protocol pre-fills dose and duration or the steps; and its
 * observations (each with the values it takes), prompt times and monitoring period. Limits
 * are not repeated here: the daemon's check ({@code POST .../program/check}) applies and explains them; the
 * document as loaded stays in {@code library}.
 */
final class ProgrammingChoices {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ProgrammingChoices() {
    }

    static ObjectNode of(DrugLibrary library) {
        ObjectNode root = JSON.objectNode();
        ArrayNode areas = root.putArray("careAreas");
        for (CareArea area : library.careAreas()) {
            ObjectNode a = areas.addObject();
            a.put("id", area.id());
            a.put("displayName", area.displayName());
            a.set("weight", weight(area.weight()));
            ArrayNode entries = a.putArray("entries");
            for (DrugEntry e : area.entries()) {
                entries.add(entry(e, library.vitalsProfileOf(e)));
            }
        }
        return root;
    }

    private static ObjectNode entry(DrugEntry e, Optional<VitalsProfile> vitals) {
        ObjectNode o = JSON.objectNode();
        o.put("id", e.id());
        o.put("drug", e.drug());
        o.put("displayName", e.displayName());
        o.put("highAlert", e.highAlert());
        ArrayNode forms = o.putArray("forms");
        Arrays.stream(DosingForm.values()).filter(e.forms()::contains).forEach(f -> forms.add(f.key()));
        o.put("dosingUnit", e.dosingUnit().code());
        o.put("doseUnit", e.dosingUnit().doseUnit().code());
        ObjectNode concentration = o.putObject("concentration");
        concentration.put("unit", e.concentration().unit().code());
        ArrayNode standard = concentration.putArray("standard");
        e.concentration().standard().forEach(c -> standard.add(PrescriptionJson.quantity(c.value(), c.unit().code())));
        o.put("maxSteps", e.forms().contains(DosingForm.STEPS) ? e.steps().maxSteps() : 1);
        o.put("kvoAllowed", e.kvoAllowed());
        ArrayNode protocols = o.putArray("protocols");
        for (Protocol p : e.protocols()) {
            ObjectNode proto = protocols.addObject();
            proto.put("id", p.id());
            proto.put("name", p.name());
            proto.put("form", p.dosing().form().key());
            proto.set("prescription", PrescriptionJson.dosingJson(p.dosing()));
        }
        o.set("vitals", vitals.map(ProgrammingChoices::vitals).orElse(null));
        o.set("afterCare", ObservationView.afterCare(e.afterCare(), ObservationCatalogue.shipped()));
        return o;
    }

    private static ObjectNode weight(Bounds<BodyWeight> b) {
        ObjectNode w = JSON.objectNode();
        w.put("unit", BodyWeight.wireUnit());
        b.hardMin().ifPresent(x -> w.put("hardMin", kg(x)));
        b.softMin().ifPresent(x -> w.put("softMin", kg(x)));
        b.softMax().ifPresent(x -> w.put("softMax", kg(x)));
        b.hardMax().ifPresent(x -> w.put("hardMax", kg(x)));
        return w;
    }

    private static BigDecimal kg(BodyWeight w) {
        return ChannelView.plain(w.kilograms());
    }

    /** The vitals profile supervising the entry: the limits the live chart draws and the gate a start passes. */
    private static ObjectNode vitals(VitalsProfile p) {
        ObjectNode v = JSON.objectNode();
        v.put("profile", p.id());
        v.put("required", p.required());
        v.set("startGate", limits(p.startGate()));
        v.put("startGateMaxAge", p.startGateMaxAge().toString());
        v.set("softLimits", limits(p.softLimits()));
        v.set("hardLimits", limits(p.hardLimits()));
        return v;
    }

    /** The library's own key of a sign ({@code sbp >= 180}), which is also the MQTT vitals field. */
    static String key(VitalSign sign) {
        return switch (sign) {
            case SYSTOLIC_BP -> "sbp";
            case DIASTOLIC_BP -> "dbp";
            case HEART_RATE -> "hr";
            case SPO2 -> "spo2";
            case RESPIRATORY_RATE -> "rr";
        };
    }

    private static ArrayNode limits(List<VitalLimit> limits) {
        ArrayNode a = JSON.arrayNode();
        for (VitalLimit l : limits) {
            ObjectNode o = a.addObject();
            o.put("sign", key(l.sign()));
            o.put("trip", l.trip().symbol());
            o.put("value", l.value());
            o.put("unit", l.sign().unit());
            o.put("text", l.describe());
        }
        return a;
    }
}
