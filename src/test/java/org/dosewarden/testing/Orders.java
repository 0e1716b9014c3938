package org.dosewarden.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.dosewarden.channel.ProgramOrder;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.check.ProgrammingCheck;
import org.dosewarden.dose.check.ProgrammingResult;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.library.DrugLibraryReader;
import org.dosewarden.library.PrescriptionJson;

/** Real program orders for tests, made by the real programming check against the shipped drug library. */
public final class Orders {

    public static final DrugLibrary LIBRARY = load();

    private Orders() {
    }

    private static DrugLibrary load() {
        try {
            return DrugLibraryReader.load(DrugLibraryReader.DEFAULT_LOCATION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * ketamine-psych as a dose rate with a total for a 70 kg patient at 1 mg/mL, planned for {@code pump}.
     * Soft limits a short test session breaks are overridden with a reason; a hard limit fails the test.
     * Example: ("1.2", "0.05") is 84 mL/h until 3.5 mL, 150 s.
     */
    public static ProgramOrder ketamineRate(PumpCapability pump, String mgPerKgPerHour, String totalMgPerKg) {
        return ketamineRate(pump, "P-001", mgPerKgPerHour, totalMgPerKg,
                "{\"patientId\":\"P-001\",\"concentration\":{\"value\":1,\"unit\":\"mg/mL\"}}");
    }

    /** As {@link #ketamineRate(PumpCapability, String, String)} for {@code patientId}, kept with the whole prescription. */
    public static ProgramOrder ketamineRate(PumpCapability pump, String patientId, String mgPerKgPerHour,
            String totalMgPerKg) {
        return ketamineRate(pump, patientId, mgPerKgPerHour, totalMgPerKg, null);
    }

    private static ProgramOrder ketamineRate(PumpCapability pump, String patientId, String mgPerKgPerHour,
            String totalMgPerKg, String prescriptionJson) {
        Prescription prescription = new Prescription(patientId, Optional.of("bay-1"), BodyWeight.ofKilograms(70),
                "ketamine-psych", "psychiatry", Concentration.of("1", "mg/mL"), "dr-a",
                new RateWithTotal(DoseRate.of(mgPerKgPerHour, "mg/kg/h"), Dose.of(new BigDecimal(totalMgPerKg), "mg/kg")));
        ProgrammingResult first = ProgrammingCheck.check(prescription, LIBRARY, pump, List.of());
        List<LimitOverride> overrides = first.decision().violations().stream()
                .filter(v -> !v.hard()).map(v -> new LimitOverride(v.limitId(), "short test session")).toList();
        ProgrammingResult result = ProgrammingCheck.check(prescription, LIBRARY, pump, overrides);
        if (!result.decision().permitsStart()) {
            throw new AssertionError("test order refused: " + result.decision());
        }
        String json = prescriptionJson != null ? prescriptionJson : PrescriptionJson.toJson(prescription).toString();
        return new ProgramOrder(result.infusion().orElseThrow(), result.decision(), json);
    }
}
