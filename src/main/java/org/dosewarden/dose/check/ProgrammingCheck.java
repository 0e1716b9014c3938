package org.dosewarden.dose.check;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dosewarden.dose.library.Bounds;
import org.dosewarden.dose.library.CareArea;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.library.DosingForm;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.Severity;
import org.dosewarden.dose.library.StepLimits;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.plan.InfusionPlan;
import org.dosewarden.dose.plan.InfusionPlanner;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.ProgrammedInfusion;
import org.dosewarden.dose.plan.ProgrammedStep;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.plan.RequestedStep;
import org.dosewarden.dose.quantity.AmountKind;
import org.dosewarden.dose.quantity.AmountUnit;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.ConcentrationUnit;
import org.dosewarden.dose.quantity.Fraction;
import org.dosewarden.dose.quantity.UnitException;

/**
 * The programming check (SR-A1): before anything reaches a pump, a prescription is held to its drug-library
 * entry, the care area's weight plausibility, the pump's capability and, when a history is given, the
 * course limits (SR-K1). Pure: same inputs, same decision.
 *
 * <p>All comparisons are exact: doses and rates are converted to absolute base units for the patient's
 * weight (a per-kg limit times the weight) and compared as exact fractions, so "0.5 mg/kg over 45 min" is
 * compared as 2/3 mg/kg/h, never as a rounded decimal. A value exactly at a limit is within it.
 *
 * <p>Limit ids (what a {@link LimitOverride} names): {@code weight.*}, {@code concentration.*},
 * {@code doseRate.*}, {@code doseOverTime.dose.*}, {@code doseOverTime.duration.*}, {@code loadingStep.dose.*},
 * {@code loadingStep.duration.*}, {@code loadingStep.doseRate.*}, {@code sessionTotal.*}, {@code course.interval.*},
 * {@code course.sessions.*}, {@code course.dosePer7Days.*} (each {@code hardMin|softMin|softMax|hardMax}); and the
 * always-hard {@code careArea.unknown}, {@code drug.unknown}, {@code concentration.unit}, {@code dose.unit},
 * {@code form.notAllowed}, {@code steps.maxSteps}, {@code pump.maxRate}, {@code pump.minRate},
 * {@code pump.maxVolume}, {@code pump.volumeStep}, {@code course.unit}, {@code library.unit}.
 */
public final class ProgrammingCheck {

    private ProgrammingCheck() {
    }

    /** The check without course history (course limits are then not evaluated). */
    public static ProgrammingResult check(Prescription prescription, DrugLibrary library, PumpCapability pump,
            List<LimitOverride> overrides) {
        return check(prescription, library, pump, overrides, Optional.empty());
    }

    /** The check with the patient's course history (course limits evaluated, SR-K1). */
    public static ProgrammingResult check(Prescription prescription, DrugLibrary library, PumpCapability pump,
            List<LimitOverride> overrides, CourseHistory history) {
        return check(prescription, library, pump, overrides, Optional.of(history));
    }

    /**
     * Checks {@code prescription} and plans it.
     *
     * @param prescription what was prescribed
     * @param library      the loaded drug library
     * @param pump         the channel's pump as set up
     * @param overrides    soft-limit overrides with reasons; an override of a hard limit has no effect
     * @param history      the patient's previous sessions and the planned start, when known
     * @return the decision listing every violation, and the programmed infusion whenever one could be planned
     */
    public static ProgrammingResult check(Prescription prescription, DrugLibrary library, PumpCapability pump,
            List<LimitOverride> overrides, Optional<CourseHistory> history) {
        Findings findings = new Findings();
        Optional<CareArea> careArea = library.careArea(prescription.careArea());
        if (careArea.isEmpty()) {
            findings.categorical("careArea.unknown", Severity.HARD, "", prescription.careArea(),
                    "Care area '" + prescription.careArea() + "' is not in drug library " + library.version()
                            + "; known care areas: " + library.careAreas().stream().map(CareArea::id)
                            .collect(Collectors.joining(", ")));
            return new ProgrammingResult(findings.decide(overrides), Optional.empty());
        }
        Optional<DrugEntry> found = careArea.get().entry(prescription.drugId());
        if (found.isEmpty()) {
            List<String> elsewhere = library.entriesWithId(prescription.drugId()).stream().map(DrugEntry::careArea).toList();
            findings.categorical("drug.unknown", Severity.HARD, "", prescription.drugId(),
                    "Drug '" + prescription.drugId() + "' is not in care area '" + prescription.careArea()
                            + "' of drug library " + library.version()
                            + (elsewhere.isEmpty() ? "" : "; it is listed under care area " + String.join(", ", elsewhere)));
            return new ProgrammingResult(findings.decide(overrides), Optional.empty());
        }
        DrugEntry entry = found.get();
        BodyWeight weight = prescription.weight();
        Concentration concentration = prescription.concentration();
        String whose = entry.describe();

        findings.bounds("weight", "weight", "care area " + careArea.get().id(), careArea.get().weight(),
                Fraction.of(weight.grams()), w -> Fraction.of(w.grams()), LimitText.WEIGHT);

        if (concentration.kind() != entry.kind()) {
            findings.categorical("concentration.unit", Severity.HARD, entry.concentration().unit().display(),
                    concentration.display(), "Concentration " + concentration.display() + " is "
                            + concentration.kind().displayName() + " but " + whose + " is dosed in "
                            + entry.dosingUnit().display() + " (" + entry.kind().displayName() + ")");
            return new ProgrammingResult(findings.decide(overrides), Optional.empty());
        }
        Optional<String> doseKindError = doseKindError(prescription.dosing(), entry);
        if (doseKindError.isPresent()) {
            findings.categorical("dose.unit", Severity.HARD, entry.dosingUnit().display(), prescription.dosing().toString(),
                    doseKindError.get());
            return new ProgrammingResult(findings.decide(overrides), Optional.empty());
        }

        for (String group : limitGroupsOfOtherKind(entry)) {
            findings.categorical("library.unit", Severity.HARD, entry.kind().displayName(), group,
                    "Drug library error: the " + group + " limits of " + whose + " are not "
                            + entry.kind().displayName() + " like its dosing unit " + entry.dosingUnit().display());
        }
        findings.bounds("concentration", "concentration", whose, entry.concentration().bounds(),
                Fraction.of(concentration.canonical()), c -> Fraction.of(c.canonical()), LimitText.CONCENTRATION);

        DosingForm form = prescription.dosing().form();
        if (!entry.forms().contains(form)) {
            findings.categorical("form.notAllowed", Severity.HARD,
                    entry.forms().stream().map(DosingForm::key).sorted().collect(Collectors.joining(", ")), form.key(),
                    whose + " does not allow a " + form.key() + " prescription; it allows: "
                            + entry.forms().stream().map(DosingForm::key).sorted().collect(Collectors.joining(", ")));
        }

        List<RequestedStep> steps = RequestedStep.of(prescription.dosing(), weight);
        Fraction total = RequestedStep.totalAmount(steps);
        checkDosing(findings, prescription.dosing(), steps, total, entry, weight, whose);
        findings.bounds("sessionTotal", "session total dose", whose, entry.sessionTotal(), total,
                d -> Fraction.of(d.baseAmountFor(weight)), LimitText.dose(weight));

        List<InfusionPlanner.StepDraft> drafts = InfusionPlanner.draft(prescription, entry, pump);
        checkPump(findings, drafts, pump);

        history.ifPresent(h -> findings.addAll(CourseCheck.findings(entry, prescription.patientId(), weight, total, h)));

        Optional<ProgrammedInfusion> infusion = Optional.empty();
        if (drafts.stream().noneMatch(d -> d.rate().isZero())) {
            List<ProgrammedStep> programmed = drafts.stream().map(d -> d.toProgrammedStep(concentration)).toList();
            InfusionPlan plan = new InfusionPlan(entry.id(), programmed.stream().map(ProgrammedStep::planned).toList());
            infusion = Optional.of(new ProgrammedInfusion(prescription, library.version(), plan, programmed, concentration,
                    concentration.amountIn(plan.totalVolume(), java.math.RoundingMode.DOWN), entry.highAlert(),
                    entry.kvoAllowed(), library.vitalsProfileOf(entry), entry.afterCare()));
        }
        return new ProgrammingResult(findings.decide(overrides), infusion);
    }

    /** Limit groups whose unit is of another amount kind than the entry's (a linted library has none). */
    public static List<String> limitGroupsOfOtherKind(DrugEntry entry) {
        AmountKind kind = entry.kind();
        java.util.ArrayList<String> groups = new java.util.ArrayList<>();
        if (entry.concentration().unit().kind() != kind || values(entry.concentration().bounds()).stream()
                .anyMatch(c -> c.kind() != kind)) {
            groups.add("concentration");
        }
        if (values(entry.doseRate()).stream().anyMatch(r -> r.kind() != kind)) {
            groups.add("doseRate");
        }
        if (entry.doseOverTime().unit().kind() != kind
                || values(entry.doseOverTime().dose()).stream().anyMatch(d -> d.kind() != kind)) {
            groups.add("doseOverTime.dose");
        }
        if (values(entry.steps().loadingDose()).stream().anyMatch(d -> d.kind() != kind)) {
            groups.add("loadingStep.dose");
        }
        if (values(entry.steps().loadingDoseRate()).stream().anyMatch(r -> r.kind() != kind)) {
            groups.add("loadingStep.doseRate");
        }
        if (values(entry.sessionTotal()).stream().anyMatch(d -> d.kind() != kind)) {
            groups.add("sessionTotal");
        }
        if (values(entry.course().dosePer7Days()).stream().anyMatch(d -> d.kind() != kind)) {
            groups.add("course.dosePer7Days");
        }
        return List.copyOf(groups);
    }

    /** The limits that are set, in bound order. */
    public static <Q> List<Q> values(Bounds<Q> bounds) {
        return java.util.stream.Stream.of(bounds.hardMin(), bounds.softMin(), bounds.softMax(), bounds.hardMax())
                .flatMap(Optional::stream).toList();
    }

    private static Optional<String> doseKindError(Dosing dosing, DrugEntry entry) {
        try {
            InfusionPlanner.requireKind(dosing, new Concentration(BigDecimal.ONE, new ConcentrationUnit(
                    entry.kind() == AmountKind.MASS ? AmountUnit.MILLIGRAM : AmountUnit.UNIT)));
            return Optional.empty();
        } catch (UnitException e) {
            return Optional.of("The prescription (" + dosing + ") is not " + entry.kind().displayName() + ": "
                    + entry.describe() + " is dosed in " + entry.dosingUnit().display());
        }
    }

    private static void checkDosing(Findings findings, Dosing dosing, List<RequestedStep> steps, Fraction total,
            DrugEntry entry, BodyWeight weight, String whose) {
        if (dosing instanceof StepProgram program && program.steps().size() > entry.steps().maxSteps()) {
            findings.numeric("steps.maxSteps", Severity.HARD, String.valueOf(entry.steps().maxSteps()),
                    String.valueOf(program.steps().size()),
                    "a program of " + program.steps().size() + " steps is above the most steps (" + entry.steps().maxSteps()
                            + ") allowed for " + whose,
                    Fraction.of(program.steps().size()), Fraction.of(entry.steps().maxSteps()));
        }
        if (dosing.form() != DosingForm.DOSE_RATE) {
            boolean program = steps.size() > 1;
            Fraction seconds = Fraction.ZERO;
            for (RequestedStep s : steps) {
                seconds = seconds.plus(s.seconds());
            }
            findings.bounds("doseOverTime.dose", program ? "total dose" : "dose", whose, entry.doseOverTime().dose(), total,
                    d -> Fraction.of(d.baseAmountFor(weight)), LimitText.dose(weight));
            findings.bounds("doseOverTime.duration", program ? "total duration" : "duration", whose,
                    entry.doseOverTime().duration(), seconds, d -> Fraction.of(d.getSeconds()), LimitText.DURATION);
        }
        for (RequestedStep s : steps) {
            if (s.loading()) {
                StepLimits l = entry.steps();
                findings.bounds("loadingStep.dose", "loading step dose", whose, l.loadingDose(), s.amount(),
                        d -> Fraction.of(d.baseAmountFor(weight)), LimitText.dose(weight));
                findings.bounds("loadingStep.duration", "loading step duration", whose, l.loadingDuration(), s.seconds(),
                        d -> Fraction.of(d.getSeconds()), LimitText.DURATION);
                findings.bounds("loadingStep.doseRate", "loading step dose rate", whose, l.loadingDoseRate(), s.perHour(),
                        r -> Fraction.of(r.basePerHourFor(weight)), LimitText.doseRate(weight));
            } else {
                findings.bounds("doseRate", s.label().isEmpty() ? "dose rate" : s.label() + " dose rate", whose,
                        entry.doseRate(), s.perHour(), r -> Fraction.of(r.basePerHourFor(weight)), LimitText.doseRate(weight));
            }
        }
    }

    private static void checkPump(Findings findings, List<InfusionPlanner.StepDraft> drafts, PumpCapability pump) {
        Fraction max = Fraction.of(pump.maxRate().microlitresPerHour());
        Fraction min = Fraction.of(pump.minRate().microlitresPerHour());
        Fraction maxVolume = Fraction.of(pump.maxVolumeToBeInfused().microlitres());
        for (InfusionPlanner.StepDraft d : drafts) {
            String step = d.requested().label().isEmpty() ? "" : d.requested().label() + " ";
            if (d.exactFlow().compareTo(max) > 0) {
                findings.numeric("pump.maxRate", Severity.HARD, pump.maxRate().toString(), LimitText.flow(d.exactFlow(), max),
                        step + "pump rate " + LimitText.flow(d.exactFlow(), max) + " is above the pump's maximum "
                                + pump.maxRate(), d.exactFlow(), max);
            }
            Fraction planned = Fraction.of(d.rate().microlitresPerHour());
            if (planned.compareTo(min) < 0) {
                findings.numeric("pump.minRate", Severity.HARD, pump.minRate().toString(), d.rate().toString(),
                        step + "pump rate " + LimitText.flow(d.exactFlow(), min) + " is below the pump's minimum "
                                + pump.minRate(), min, planned);
            }
            if (d.exactVolume().compareTo(maxVolume) > 0) {
                findings.numeric("pump.maxVolume", Severity.HARD, pump.maxVolumeToBeInfused().toString(),
                        LimitText.volume(d.exactVolume(), maxVolume),
                        step + "volume " + LimitText.volume(d.exactVolume(), maxVolume)
                                + " is above the pump's maximum volume to be infused " + pump.maxVolumeToBeInfused(),
                        d.exactVolume(), maxVolume);
            }
            if (d.vtbi().isZero()) {
                Fraction stepVolume = Fraction.of(pump.volumeStep().microlitres());
                findings.numeric("pump.volumeStep", Severity.HARD, pump.volumeStep().toString(),
                        LimitText.volume(d.exactVolume(), stepVolume),
                        step + "volume " + LimitText.volume(d.exactVolume(), stepVolume)
                                + " rounds to nothing on the pump's volume step " + pump.volumeStep(),
                        stepVolume, d.exactVolume());
            }
        }
    }
}
