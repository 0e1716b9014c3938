package org.dosewarden.dose.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dosewarden.dose.check.LimitOverride;
import org.dosewarden.dose.library.Bounds;
import org.dosewarden.dose.library.CareArea;
import org.dosewarden.dose.library.ConcentrationLimits;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.DoseOverTimeLimits;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.library.DosingForm;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.RateForDuration;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.library.StepLimits;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.ConcentrationUnit;
import org.dosewarden.dose.quantity.Decimals;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DoseRateUnit;
import org.dosewarden.dose.quantity.DoseUnit;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.PerTime;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.testing.Choices;
import org.quicktheories.core.Gen;

/**
 * Random drug libraries (one mass-dosed entry), prescriptions of every form against it, pumps and overrides.
 * Limits are drawn around a "clinical centre" (a dose, a duration, the rate they make, a concentration) and the
 * prescription around the same centre, so requests land below, on and above limits; some limits are absent,
 * some deliberately out of order, some prescriptions in other units or far off, some pumps too small.
 */
final class Scenarios {

    record Scenario(DrugLibrary library, DrugEntry entry, Prescription prescription, PumpCapability pump,
            List<LimitOverride> overrides) {
        @Override
        public String toString() {
            return prescription + "\n  entry " + entry + "\n  pump " + pump + "\n  overrides " + overrides;
        }
    }

    static final List<String> SOFT_IDS = List.of("weight.softMin", "weight.softMax", "concentration.softMin",
            "concentration.softMax", "doseRate.softMin", "doseRate.softMax", "doseOverTime.dose.softMin",
            "doseOverTime.dose.softMax", "doseOverTime.duration.softMin", "doseOverTime.duration.softMax",
            "loadingStep.dose.softMin", "loadingStep.dose.softMax", "loadingStep.doseRate.softMin",
            "loadingStep.doseRate.softMax", "loadingStep.duration.softMin", "loadingStep.duration.softMax",
            "sessionTotal.softMin", "sessionTotal.softMax");

    private Scenarios() {
    }

    /** Scenarios that shrink toward the first option of every choice (the plainest library and order). */
    static Gen<Scenario> scenarios() {
        return Choices.gen(Scenarios::scenario);
    }

    static Scenario scenario(Choices r) {
        DoseRateUnit dosingUnit = DoseRateUnit.parse(pick(r, "mg/kg/h", "ug/kg/min", "mg/h", "ug/h", "ug/kg/h"));
        DoseUnit doseUnit = dosingUnit.doseUnit();
        ConcentrationUnit concUnit = r.nextInt(5) == 0 ? ConcentrationUnit.parse(pick(r, "mg/mL", "ug/mL"))
                : new ConcentrationUnit(dosingUnit.amount());
        BigDecimal dose = new BigDecimal(pick(r, "0.05", "0.1", "0.5", "1", "2", "5"));
        long minutes = 20 + r.nextInt(100);
        BigDecimal rate = perTime(dose.divide(BigDecimal.valueOf(minutes), 3, RoundingMode.HALF_UP), dosingUnit);
        // a concentration that puts a session in 5 to 40 mL for a 70 kg patient
        BigDecimal conc = norm(dose.multiply(BigDecimal.valueOf(dosingUnit.perKg() ? 70 : 1))
                .divide(new BigDecimal(pick(r, "5", "10", "20", "40")), 6, RoundingMode.HALF_UP));
        BigDecimal loadingDose = dose.divide(BigDecimal.valueOf(5));
        BigDecimal loadingRate = perTime(loadingDose.divide(BigDecimal.valueOf(2), 3, RoundingMode.HALF_UP), dosingUnit);

        DrugEntry.Builder b = DrugEntry.builder("drug-x", "area", dosingUnit, concUnit).displayName("drug x");
        for (DosingForm f : DosingForm.values()) {
            if (r.nextInt(8) != 0) {
                b.forms(f);
            }
        }
        b.concentration(new ConcentrationLimits(concUnit, List.of(), bounds(r, conc, v -> new Concentration(v, concUnit))));
        b.doseRate(bounds(r, rate, v -> new DoseRate(v, dosingUnit)));
        b.doseOverTime(new DoseOverTimeLimits(doseUnit, bounds(r, dose, v -> new Dose(v, doseUnit)),
                durationBounds(r, minutes)));
        b.steps(new StepLimits(1 + r.nextInt(3), bounds(r, loadingDose, v -> new Dose(v, doseUnit)), durationBounds(r, 2),
                bounds(r, loadingRate, v -> new DoseRate(v, dosingUnit))));
        b.sessionTotal(bounds(r, dose.multiply(new BigDecimal("1.2")), v -> new Dose(v, doseUnit)));
        DrugEntry entry = b.build();
        Bounds<BodyWeight> weight = Bounds.of(maybe(r, () -> BodyWeight.ofKilograms(30)), maybe(r, () -> BodyWeight.ofKilograms(40)),
                maybe(r, () -> BodyWeight.ofKilograms(150)), maybe(r, () -> BodyWeight.ofKilograms(500)));
        DrugLibrary library = new DrugLibrary("test", "test", List.of(), List.of(new CareArea("area", "area", weight, List.of(entry))));

        BodyWeight w = new BodyWeight(r.nextInt(10) == 0 ? 500 + r.nextInt(700_000) : 40_000 + r.nextInt(110_000));
        Concentration c = r.nextInt(5) == 0
                ? new Concentration(conc.multiply(new BigDecimal(pick(r, "0.5", "2", "10"))), ConcentrationUnit.parse(pick(r, "mg/mL", "ug/mL")))
                : new Concentration(conc, concUnit);
        Dosing dosing = switch (r.nextInt(4)) {
            case 0 -> doseOverTime(r, dose, minutes, doseUnit);
            case 1 -> {
                List<DoseOverTime> steps = new ArrayList<>();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    steps.add(i == 0 && n > 1 ? doseOverTime(r, loadingDose, 2, doseUnit) : doseOverTime(r, dose, minutes, doseUnit));
                }
                yield new StepProgram(steps);
            }
            case 2 -> new RateWithTotal(rate(r, rate, dosingUnit), new Dose(scaled(r, dose), r.nextInt(5) == 0 ? otherDoseUnit(r) : doseUnit));
            default -> new RateForDuration(rate(r, rate, dosingUnit), duration(r, minutes));
        };
        String drugId = r.nextInt(50) == 0 ? "unknown-drug" : "drug-x";
        Prescription p = new Prescription("P-1", Optional.empty(), w, drugId, "area", c, "dr-a", dosing);

        PumpCapability pump = r.nextInt(10) == 0
                ? new PumpCapability(new FlowRate(1 + r.nextInt(100_000)), new FlowRate(100_001 + r.nextInt(300_000)),
                        new FlowRate(pickLong(r, 1, 10, 100, 1000)), new Volume(pickLong(r, 1, 10, 100)), new Volume(1000 + r.nextInt(50_000)))
                : new PumpCapability(new FlowRate(100), new FlowRate(1_200_000), new FlowRate(pickLong(r, 1, 10, 100)),
                        new Volume(pickLong(r, 1, 10)), new Volume(60_000 + r.nextInt(1_000_000)));

        List<LimitOverride> overrides = new ArrayList<>();
        for (String id : SOFT_IDS) {
            if (r.nextBoolean()) {
                overrides.add(new LimitOverride(id, "reason"));
            }
        }
        if (r.nextInt(4) == 0) {
            overrides.add(new LimitOverride("doseRate.hardMax", "hard limits cannot be overridden"));
        }
        return new Scenario(library, entry, p, pump, overrides);
    }

    private static BigDecimal perTime(BigDecimal perMinute, DoseRateUnit unit) {
        BigDecimal v = unit.time() == PerTime.HOUR ? perMinute.multiply(BigDecimal.valueOf(60)) : perMinute;
        return v.signum() == 0 ? new BigDecimal("0.001") : v;
    }

    private static DoseOverTime doseOverTime(Choices r, BigDecimal dose, long minutes, DoseUnit unit) {
        return new DoseOverTime(new Dose(scaled(r, dose), r.nextInt(6) == 0 ? otherDoseUnit(r) : unit), duration(r, minutes));
    }

    private static Duration duration(Choices r, long minutes) {
        Duration d = Duration.ofMinutes(Math.max(1, minutes * pickLong(r, 1, 1, 1, 2) / pickLong(r, 1, 1, 1, 2)));
        return r.nextInt(8) == 0 ? d.plusSeconds(1 + r.nextInt(59)) : d;
    }

    private static DoseRate rate(Choices r, BigDecimal rate, DoseRateUnit unit) {
        return r.nextInt(6) == 0
                ? new DoseRate(scaled(r, rate), DoseRateUnit.parse(pick(r, "mg/kg/h", "ug/kg/min", "mg/h", "ug/h", "mg/kg/min")))
                : new DoseRate(scaled(r, rate), unit);
    }

    private static DoseUnit otherDoseUnit(Choices r) {
        return DoseUnit.parse(pick(r, "mg/kg", "ug/kg", "mg", "ug"));
    }

    /** {@code v} times a factor that mostly keeps it at the centre. */
    private static BigDecimal scaled(Choices r, BigDecimal v) {
        return norm(v.multiply(new BigDecimal(pick(r, "0.5", "0.8", "1", "1", "1", "1", "1.25", "2", "10"))));
    }

    private static BigDecimal norm(BigDecimal v) {
        BigDecimal n = v.setScale(Decimals.MAX_DECIMALS, RoundingMode.HALF_UP);
        return n.signum() == 0 ? new BigDecimal("0.000001") : n;
    }

    /** Limits around {@code centre}: mostly ordered, sometimes one exactly at the centre, sometimes out of order. */
    private static <Q> Bounds<Q> bounds(Choices r, BigDecimal centre, Function<BigDecimal, Q> make) {
        Supplier<Q> hardMin = () -> make.apply(norm(centre.multiply(new BigDecimal(pick(r, "0.1", "0.5", "0.5", "1")))));
        Supplier<Q> softMin = () -> make.apply(norm(centre.multiply(new BigDecimal(pick(r, "0.5", "0.8", "1")))));
        Supplier<Q> softMax = () -> make.apply(norm(centre.multiply(new BigDecimal(pick(r, "1", "1.25", "2")))));
        Supplier<Q> hardMax = () -> make.apply(norm(centre.multiply(new BigDecimal(pick(r, "1", "2", "2", "10")))));
        if (r.nextInt(10) == 0) {
            Supplier<Q> any = () -> make.apply(norm(centre.multiply(new BigDecimal(pick(r, "0.1", "1", "10")))));
            return Bounds.of(maybe(r, any), maybe(r, any), maybe(r, any), maybe(r, any));
        }
        return Bounds.of(maybe(r, hardMin), maybe(r, softMin), maybe(r, softMax), maybe(r, hardMax));
    }

    private static Bounds<Duration> durationBounds(Choices r, long minutes) {
        return Bounds.of(maybe(r, () -> Duration.ofMinutes(Math.max(1, minutes / 2))), maybe(r, () -> Duration.ofMinutes(minutes)),
                maybe(r, () -> Duration.ofMinutes(minutes * 2)), maybe(r, () -> Duration.ofMinutes(minutes * 3)));
    }

    private static <T> T maybe(Choices r, Supplier<T> make) {
        return r.nextInt(5) < 3 ? make.get() : null;
    }

    private static String pick(Choices r, String... options) {
        return r.pick(options);
    }

    private static long pickLong(Choices r, long... options) {
        return r.pickLong(options);
    }
}
