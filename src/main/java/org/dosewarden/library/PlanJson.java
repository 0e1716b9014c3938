package org.dosewarden.library;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.check.ProgrammingDecision;
import org.dosewarden.dose.check.ProgrammingResult;
import org.dosewarden.dose.check.Violation;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.plan.ProgrammedInfusion;
import org.dosewarden.dose.quantity.DrugAmount;
import org.dosewarden.dose.quantity.DurationText;
import org.dosewarden.json.JsonMappers;

/**
 * JSON of a programming result, as {@code dosewarden plan --json} prints it:
 * <pre>
 * {"decision":{"outcome":"ALLOWED|NEEDS_OVERRIDE|REFUSED","violations":[{"limitId":..,"severity":"HARD|SOFT",
 *   "limit":..,"requested":..,"message":..}],"mostLimiting":{..}|null,"overrides":[{"limitId":..,"reason":..}]},
 *  "steps":[{"rateMlPerH":52.5,"vtbiMl":35,"durationMin":40}],
 *  "totalDose":{"value":35,"unit":"mg"},"totalVolumeMl":35}
 * </pre>
 * Numbers are exact decimals (durationMin rounded HALF_UP to 4 decimals). Without a plan (unknown drug,
 * unit mismatch) {@code steps} is empty and {@code totalDose}, {@code totalVolumeMl} are null.
 */
public final class PlanJson {

    private PlanJson() {
    }

    public static ObjectNode toJson(ProgrammingResult result) {
        ObjectNode root = JsonMappers.json().createObjectNode();
        root.set("decision", decision(result.decision()));
        ArrayNode steps = root.putArray("steps");
        if (result.infusion().isPresent()) {
            ProgrammedInfusion inf = result.infusion().get();
            for (PlannedStep s : inf.plan().steps()) {
                ObjectNode step = steps.addObject();
                step.put("rateMlPerH", plain(s.rate().millilitresPerHour()));
                step.put("vtbiMl", plain(s.volumeToBeInfused().millilitres()));
                step.put("durationMin", plain(DurationText.minutes(s.expectedDuration())));
            }
            DrugAmount total = inf.totalDose();
            root.set("totalDose", PrescriptionJson.quantity(total.wireValue(), total.naturalUnit().code()));
            root.put("totalVolumeMl", plain(inf.totalVolume().millilitres()));
        } else {
            root.putNull("totalDose");
            root.putNull("totalVolumeMl");
        }
        return root;
    }

    public static ObjectNode decision(ProgrammingDecision d) {
        ObjectNode o = JsonMappers.json().createObjectNode();
        o.put("outcome", d.outcome().name());
        ArrayNode vs = o.putArray("violations");
        d.violations().forEach(v -> vs.add(violation(v)));
        if (d.mostLimiting().isPresent()) {
            o.set("mostLimiting", violation(d.mostLimiting().get()));
        } else {
            o.putNull("mostLimiting");
        }
        ArrayNode os = o.putArray("overrides");
        for (LimitOverride ov : d.overrides()) {
            ObjectNode x = os.addObject();
            x.put("limitId", ov.limitId());
            x.put("reason", ov.reason());
        }
        return o;
    }

    public static ObjectNode violation(Violation v) {
        ObjectNode o = JsonMappers.json().createObjectNode();
        o.put("limitId", v.limitId());
        o.put("severity", v.severity().name());
        o.put("limit", v.limit());
        o.put("requested", v.requested());
        o.put("message", v.message());
        return o;
    }

    private static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
