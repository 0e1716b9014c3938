package org.dosewarden.dose.lint;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.dosewarden.dose.check.ProgrammingCheck;
import org.dosewarden.dose.check.ProgrammingResult;
import org.dosewarden.dose.check.Violation;
import org.dosewarden.dose.library.Bound;
import org.dosewarden.dose.library.Bounds;
import org.dosewarden.dose.library.CareArea;
import org.dosewarden.dose.library.DosingForm;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.DrugLibrary;
import org.dosewarden.dose.library.Protocol;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.dose.plan.Prescription;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.AmountKind;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DurationText;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.UnitException;
import org.dosewarden.dose.quantity.Volume;

/**
 * Semantic checks of a drug library that its schema cannot express. Pure. Errors: duplicate ids, soft
 * limits outside hard ones or limits out of order, limits in an amount kind other than the drug's, an
 * unknown vitals profile, a standard concentration outside its own limits, a protocol that breaks its own
 * entry's limits, and the after-care rules of {@link AfterCareLint}. Warnings: a missing hard limit (allowed, but a
 * gap a clinic should know about).
 */
public final class DrugLibraryLint {

    /** Protocols are checked for a patient of this weight (per-kg limits scale with weight, absolute ones do not). */
    public static final BodyWeight REFERENCE_WEIGHT = BodyWeight.ofKilograms(70);

    /** A pump that can run anything, so protocol checks see the library's limits, not a pump's. */
    private static final PumpCapability ANY_PUMP = new PumpCapability(new FlowRate(1), new FlowRate(Long.MAX_VALUE / 4),
            new FlowRate(1), new Volume(1), new Volume(Long.MAX_VALUE / 4));

    private DrugLibraryLint() {
    }

    /** Every finding, errors and warnings, in library order. */
    public static List<LintFinding> lint(DrugLibrary library) {
        List<LintFinding> out = new ArrayList<>();
        duplicates(out, "vitalsProfiles", library.vitalsProfiles().stream().map(VitalsProfile::id).toList(), "vitals profile");
        duplicates(out, "careAreas", library.careAreas().stream().map(CareArea::id).toList(), "care area");
        for (CareArea area : library.careAreas()) {
            String where = area.id();
            duplicates(out, where, area.entries().stream().map(DrugEntry::id).toList(), "drug entry");
            order(out, where + " weight", area.weight(), w -> BigDecimal.valueOf(w.grams()), BodyWeight::toString);
            if (area.weight().hardMax().isEmpty()) {
                out.add(LintFinding.warning(where + " weight", "no hard maximum weight: an implausible weight (e.g. 5523 kg) would not be refused"));
            }
            for (DrugEntry entry : area.entries()) {
                entry(out, library, entry);
            }
        }
        return List.copyOf(out);
    }

    /** True when {@code findings} holds an error. */
    public static boolean hasErrors(List<LintFinding> findings) {
        return findings.stream().anyMatch(LintFinding::isError);
    }

    private static void entry(List<LintFinding> out, DrugLibrary library, DrugEntry entry) {
        String where = entry.careArea() + "/" + entry.id();
        AmountKind kind = entry.kind();

        for (String group : ProgrammingCheck.limitGroupsOfOtherKind(entry)) {
            out.add(LintFinding.error(where + " " + group, "unit mismatch: " + group + " limits are not "
                    + kind.displayName() + " like the dosing unit " + entry.dosingUnit().code()));
        }
        if (ProgrammingCheck.values(entry.doseRate()).stream().anyMatch(r -> r.perKg() != entry.dosingUnit().perKg())) {
            out.add(LintFinding.error(where + " doseRate", "unit mismatch: dose-rate limits are "
                    + (entry.dosingUnit().perKg() ? "not " : "") + "per kg but the dosing unit is " + entry.dosingUnit().code()));
        }
        if (entry.doseOverTime().unit().perKg() != entry.dosingUnit().perKg()) {
            out.add(LintFinding.error(where + " doseOverTime.dose", "unit mismatch: dose unit " + entry.doseOverTime().unit().code()
                    + " and dosing unit " + entry.dosingUnit().code() + " disagree about per kg"));
        }

        order(out, where + " concentration", entry.concentration().bounds(), Concentration::canonical, Concentration::display);
        order(out, where + " doseRate", entry.doseRate(), DoseRate::canonical, DoseRate::display);
        order(out, where + " doseOverTime.dose", entry.doseOverTime().dose(), Dose::canonical, Dose::display);
        order(out, where + " doseOverTime.duration", entry.doseOverTime().duration(), d -> BigDecimal.valueOf(d.getSeconds()),
                DurationText::display);
        order(out, where + " loadingStep.dose", entry.steps().loadingDose(), Dose::canonical, Dose::display);
        order(out, where + " loadingStep.duration", entry.steps().loadingDuration(), d -> BigDecimal.valueOf(d.getSeconds()),
                DurationText::display);
        order(out, where + " loadingStep.doseRate", entry.steps().loadingDoseRate(), DoseRate::canonical, DoseRate::display);
        order(out, where + " sessionTotal", entry.sessionTotal(), Dose::canonical, Dose::display);
        order(out, where + " course.interval", entry.course().interval(), d -> BigDecimal.valueOf(d.getSeconds()),
                DurationText::display);
        order(out, where + " course.sessions", entry.course().sessions(), BigDecimal::valueOf, String::valueOf);
        order(out, where + " course.dosePer7Days", entry.course().dosePer7Days(), Dose::canonical, Dose::display);

        if (entry.concentration().bounds().hardMin().isEmpty()) {
            out.add(LintFinding.warning(where + " concentration", "no hard minimum concentration"));
        }
        if (entry.doseRate().hardMax().isEmpty()) {
            out.add(LintFinding.warning(where + " doseRate", "no hard maximum dose rate: a tenfold rate would only need an override"));
        }
        if (entry.forms().contains(DosingForm.DOSE_OVER_TIME) || entry.forms().contains(DosingForm.STEPS)) {
            if (entry.doseOverTime().dose().hardMax().isEmpty()) {
                out.add(LintFinding.warning(where + " doseOverTime.dose", "no hard maximum dose for a dose over time"));
            }
            if (entry.doseOverTime().duration().hardMin().isEmpty()) {
                out.add(LintFinding.warning(where + " doseOverTime.duration", "no hard minimum duration for a dose over time"));
            }
        }
        if (entry.forms().contains(DosingForm.STEPS) && entry.steps().maxSteps() > 1) {
            if (entry.steps().loadingDoseRate().hardMax().isEmpty()) {
                out.add(LintFinding.warning(where + " loadingStep.doseRate", "no hard maximum loading-step dose rate"));
            }
            if (entry.steps().loadingDose().hardMax().isEmpty()) {
                out.add(LintFinding.warning(where + " loadingStep.dose", "no hard maximum loading-step dose"));
            }
        }
        if (!entry.forms().contains(DosingForm.STEPS) && entry.steps().maxSteps() > 1) {
            out.add(LintFinding.warning(where + " steps", "step limits are set but the steps form is not allowed"));
        }

        entry.vitalsProfile().ifPresent(id -> {
            if (library.vitalsProfile(id).isEmpty()) {
                out.add(LintFinding.error(where + " vitalsProfile", "unknown vitals profile '" + id + "'; defined: "
                        + String.join(", ", library.vitalsProfiles().stream().map(VitalsProfile::id).toList())));
            }
        });

        for (Concentration c : entry.concentration().standard()) {
            if (c.kind() != kind) {
                out.add(LintFinding.error(where + " concentration", "unit mismatch: standard concentration " + c.display()
                        + " is not " + kind.displayName()));
                continue;
            }
            for (Bound b : Bound.values()) {
                entry.concentration().bounds().get(b).filter(l -> l.kind() == kind).ifPresent(l -> {
                    int cmp = c.compareTo(l);
                    if (b.upper() ? cmp > 0 : cmp < 0) {
                        out.add(LintFinding.error(where + " concentration", "standard concentration " + c.display()
                                + " is outside its own " + b.describe() + " " + l.display()));
                    }
                });
            }
        }

        AfterCareLint.lint(out, where, entry);
        duplicates(out, where + " protocols", entry.protocols().stream().map(Protocol::id).toList(), "protocol");
        if (!entry.protocols().isEmpty() && !ProgrammingCheck.limitGroupsOfOtherKind(entry).isEmpty()) {
            return;
        }
        Optional<Concentration> reference = referenceConcentration(entry);
        for (Protocol protocol : entry.protocols()) {
            if (reference.isEmpty()) {
                out.add(LintFinding.warning(where + " protocol " + protocol.id(), "not checked: the entry has no concentration to check it with"));
                continue;
            }
            Prescription p = new Prescription("lint", Optional.empty(), REFERENCE_WEIGHT, entry.id(), entry.careArea(),
                    reference.get(), "lint", protocol.dosing());
            ProgrammingResult result;
            try {
                result = ProgrammingCheck.check(p, library, ANY_PUMP, List.of());
            } catch (UnitException e) {
                out.add(LintFinding.error(where + " protocol " + protocol.id(), e.getMessage()));
                continue;
            }
            for (Violation v : result.decision().violations()) {
                if (v.limitId().startsWith("pump.") || v.limitId().startsWith("weight.")) {
                    continue;
                }
                out.add(LintFinding.error(where + " protocol " + protocol.id(), "protocol '" + protocol.name()
                        + "' breaks its own entry's " + (v.hard() ? "hard" : "soft") + " limit " + v.limitId() + " (at "
                        + REFERENCE_WEIGHT + ", " + reference.get().display() + "): " + v.message()));
            }
        }
    }

    /** The first standard concentration, else the soft minimum, else the hard minimum. */
    private static Optional<Concentration> referenceConcentration(DrugEntry entry) {
        if (!entry.concentration().standard().isEmpty()) {
            return Optional.of(entry.concentration().standard().getFirst());
        }
        return entry.concentration().bounds().softMin().or(() -> entry.concentration().bounds().hardMin())
                .filter(c -> c.value().signum() > 0);
    }

    private static void duplicates(List<LintFinding> out, String where, List<String> ids, String what) {
        Set<String> seen = new HashSet<>();
        Set<String> reported = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id) && reported.add(id)) {
                out.add(LintFinding.error(where, "duplicate " + what + " id '" + id + "'"));
            }
        }
    }

    /**
     * Limits must be ordered hardMin ≤ softMin ≤ softMax ≤ hardMax (where set): a soft limit outside its hard
     * limit, or a minimum above a maximum, is an error.
     */
    private static <Q> void order(List<LintFinding> out, String where, Bounds<Q> bounds, Function<Q, BigDecimal> value,
            Function<Q, String> text) {
        List<Bound> order = List.of(Bound.HARD_MIN, Bound.SOFT_MIN, Bound.SOFT_MAX, Bound.HARD_MAX);
        for (int i = 0; i < order.size(); i++) {
            for (int j = i + 1; j < order.size(); j++) {
                Bound lo = order.get(i);
                Bound hi = order.get(j);
                Optional<Q> a = bounds.get(lo);
                Optional<Q> b = bounds.get(hi);
                if (a.isEmpty() || b.isEmpty()) {
                    continue;
                }
                BigDecimal va;
                BigDecimal vb;
                try {
                    va = value.apply(a.get());
                    vb = value.apply(b.get());
                } catch (UnitException e) {
                    continue;
                }
                if (va.compareTo(vb) > 0) {
                    String problem = lo.severity() != hi.severity()
                            ? "soft limit outside hard limit: " : "limits out of order: ";
                    out.add(LintFinding.error(where, problem + lo.key() + " " + text.apply(a.get()) + " is above "
                            + hi.key() + " " + text.apply(b.get())));
                }
            }
        }
    }

    /** Sorts errors before warnings, keeping library order within each level. */
    public static List<LintFinding> errorsFirst(List<LintFinding> findings) {
        return findings.stream().sorted(Comparator.comparing(LintFinding::level)).toList();
    }
}
