package org.dosewarden.dose.library;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.dosewarden.dose.quantity.AmountKind;
import org.dosewarden.dose.quantity.ConcentrationUnit;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.DoseRateUnit;

/**
 * One drug-library entry of one care area: which prescriptions of the drug are allowed and what limits
 * they are held to. Absent limits are allowed (the linter flags a missing hard limit). The structural
 * sanity of the limits (soft inside hard, units of the right kind) is checked by the library linter;
 * a library with lint errors is never loaded.
 *
 * @param id            unique within the care area, e.g. {@code ketamine-psych}; prescriptions name it
 * @param drug          the generic drug name, e.g. {@code ketamine}
 * @param displayName   what a clinician reads, e.g. "ketamine — psychiatric session"
 * @param careArea      the care area id this entry belongs to
 * @param forms         the prescription forms this entry allows
 * @param dosingUnit    the unit prescriptions are written in, e.g. {@code mg/kg/h}
 * @param concentration allowed preparations
 * @param doseRate      limits of the dose rate (continuous rates; also the rate of a dose over time and of
 *                      every non-loading step)
 * @param doseOverTime  limits of a dose-over-time session's dose and duration
 * @param steps         how many steps a program may have, and the loading step's limits
 * @param sessionTotal  limits of the total drug of one session, per kg or absolute (every form)
 * @param course        limits across sessions (SR-K1)
 * @param highAlert     a second, different clinician must confirm the program before start (SR-I2)
 * @param vitalsProfile the vitals profile (of the same library) that supervises this drug, if any
 * @param kvoAllowed    whether a keep-vein-open rate may run after the session completes
 * @param protocols     approved protocols, each linted against this entry's limits
 * @param afterCare     observations, their prompts and the monitoring period after the infusion (SR-O1..O3)
 */
public record DrugEntry(
        String id,
        String drug,
        String displayName,
        String careArea,
        Set<DosingForm> forms,
        DoseRateUnit dosingUnit,
        ConcentrationLimits concentration,
        Bounds<DoseRate> doseRate,
        DoseOverTimeLimits doseOverTime,
        StepLimits steps,
        Bounds<Dose> sessionTotal,
        CourseLimits course,
        boolean highAlert,
        Optional<String> vitalsProfile,
        boolean kvoAllowed,
        List<Protocol> protocols,
        AfterCare afterCare) {

    public DrugEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(drug, "drug");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(careArea, "careArea");
        forms = forms.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(forms));
        Objects.requireNonNull(dosingUnit, "dosingUnit");
        Objects.requireNonNull(concentration, "concentration");
        Objects.requireNonNull(doseRate, "doseRate");
        Objects.requireNonNull(doseOverTime, "doseOverTime");
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(sessionTotal, "sessionTotal");
        Objects.requireNonNull(course, "course");
        Objects.requireNonNull(vitalsProfile, "vitalsProfile");
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(afterCare, "afterCare");
    }

    /** The amount kind of this drug (from its dosing unit): mass or drug units. */
    public AmountKind kind() {
        return dosingUnit.kind();
    }

    /** "ketamine — psychiatric session (psychiatry)", for messages. */
    public String describe() {
        return displayName + " (" + careArea + ")";
    }

    /** A builder with everything optional absent: no limits, no forms, not high-alert, no KVO, no after-care. */
    public static Builder builder(String id, String careArea, DoseRateUnit dosingUnit, ConcentrationUnit concentrationUnit) {
        return new Builder(id, careArea, dosingUnit, concentrationUnit);
    }

    /** Builds entries for tests and the library reader; every setter returns the builder. */
    public static final class Builder {
        private final String id;
        private final String careArea;
        private final DoseRateUnit dosingUnit;
        private String drug;
        private String displayName;
        private final Set<DosingForm> forms = EnumSet.noneOf(DosingForm.class);
        private ConcentrationLimits concentration;
        private Bounds<DoseRate> doseRate = Bounds.none();
        private DoseOverTimeLimits doseOverTime;
        private StepLimits steps = StepLimits.singleStep();
        private Bounds<Dose> sessionTotal = Bounds.none();
        private CourseLimits course = CourseLimits.none();
        private boolean highAlert;
        private Optional<String> vitalsProfile = Optional.empty();
        private boolean kvoAllowed;
        private final List<Protocol> protocols = new ArrayList<>();
        private AfterCare afterCare = AfterCare.NONE;

        private Builder(String id, String careArea, DoseRateUnit dosingUnit, ConcentrationUnit concentrationUnit) {
            this.id = id;
            this.careArea = careArea;
            this.dosingUnit = dosingUnit;
            this.drug = id;
            this.displayName = id;
            this.concentration = new ConcentrationLimits(concentrationUnit, List.of(), Bounds.none());
            this.doseOverTime = new DoseOverTimeLimits(dosingUnit.doseUnit(), Bounds.none(), Bounds.none());
        }

        public Builder drug(String drug) {
            this.drug = drug;
            return this;
        }

        public Builder displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        public Builder forms(DosingForm... forms) {
            this.forms.addAll(List.of(forms));
            return this;
        }

        public Builder concentration(ConcentrationLimits concentration) {
            this.concentration = concentration;
            return this;
        }

        public Builder doseRate(Bounds<DoseRate> doseRate) {
            this.doseRate = doseRate;
            return this;
        }

        public Builder doseOverTime(DoseOverTimeLimits doseOverTime) {
            this.doseOverTime = doseOverTime;
            return this;
        }

        public Builder steps(StepLimits steps) {
            this.steps = steps;
            return this;
        }

        public Builder sessionTotal(Bounds<Dose> sessionTotal) {
            this.sessionTotal = sessionTotal;
            return this;
        }

        public Builder course(CourseLimits course) {
            this.course = course;
            return this;
        }

        public Builder highAlert(boolean highAlert) {
            this.highAlert = highAlert;
            return this;
        }

        public Builder vitalsProfile(String vitalsProfile) {
            this.vitalsProfile = Optional.ofNullable(vitalsProfile);
            return this;
        }

        public Builder kvoAllowed(boolean kvoAllowed) {
            this.kvoAllowed = kvoAllowed;
            return this;
        }

        public Builder protocol(Protocol protocol) {
            this.protocols.add(protocol);
            return this;
        }

        public Builder afterCare(AfterCare afterCare) {
            this.afterCare = afterCare;
            return this;
        }

        public DrugEntry build() {
            return new DrugEntry(id, drug, displayName, careArea, forms, dosingUnit, concentration, doseRate,
                    doseOverTime, steps, sessionTotal, course, highAlert, vitalsProfile, kvoAllowed, protocols,
                    afterCare);
        }
    }
}
