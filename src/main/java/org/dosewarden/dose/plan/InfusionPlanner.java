package org.dosewarden.dose.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dosewarden.dose.library.Bounds;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.library.DosingForm;
import org.dosewarden.dose.library.DrugEntry;
import org.dosewarden.dose.library.RateForDuration;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.quantity.AmountKind;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.Dose;
import org.dosewarden.dose.quantity.DoseRate;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Fraction;
import org.dosewarden.dose.quantity.UnitException;
import org.dosewarden.dose.quantity.Volume;

/**
 * Turns a prescription into what a pump runs: per step a rate and a volume to be infused. Pure.
 *
 * <p>Each step's rate is the minimum of every cap (the prescribed rate, the entry's hard maximum dose rate
 * for that step, the pump's maximum), rounded DOWN onto the pump's rate step (SR-A3); its volume is the
 * minimum of the prescribed volume, the hard maximum session and loading-step doses still left, and the
 * pump's maximum volume to be infused, rounded DOWN onto the pump's volume step. So the plan never gives
 * more drug, nor faster, than prescribed or than any hard limit or the pump allows; the binding cap of each
 * is recorded. Whether the result is acceptable is the {@link ProgrammingCheck}'s decision.
 */
public final class InfusionPlanner {

    static final BigDecimal MICROLITRES_PER_ML = BigDecimal.valueOf(1000);

    private InfusionPlanner() {
    }

    /**
     * The programmed steps for {@code prescription} under {@code entry} on {@code pump}, or empty when a step
     * would run at a rate of zero after rounding (the pump cannot deliver it).
     *
     * @throws UnitException when the prescription's doses are not of the concentration's amount kind
     */
    public static Optional<List<ProgrammedStep>> plan(Prescription prescription, DrugEntry entry, PumpCapability pump) {
        List<StepDraft> drafts = draft(prescription, entry, pump);
        List<ProgrammedStep> steps = new ArrayList<>();
        for (StepDraft d : drafts) {
            if (d.rate().isZero()) {
                return Optional.empty();
            }
            steps.add(d.toProgrammedStep(prescription.concentration()));
        }
        return Optional.of(List.copyOf(steps));
    }

    /** Draft steps, also where a rate rounds to zero, so the check can say why. */
    public static List<StepDraft> draft(Prescription prescription, DrugEntry entry, PumpCapability pump) {
        Concentration c = prescription.concentration();
        requireKind(prescription.dosing(), c);
        BodyWeight weight = prescription.weight();
        List<RequestedStep> requested = RequestedStep.of(prescription.dosing(), weight);
        boolean doseOverTimeForm = prescription.dosing().form() != DosingForm.DOSE_RATE;

        List<Cap> sessionVolumeCaps = new ArrayList<>();
        entry.sessionTotal().hardMax().filter(l -> l.kind() == c.kind())
                .ifPresent(l -> sessionVolumeCaps.add(new Cap(volumeOf(Fraction.of(l.baseAmountFor(weight)), c),
                        "sessionTotal.hardMax")));
        if (doseOverTimeForm) {
            entry.doseOverTime().dose().hardMax().filter(l -> l.kind() == c.kind())
                    .ifPresent(l -> sessionVolumeCaps.add(new Cap(volumeOf(Fraction.of(l.baseAmountFor(weight)), c),
                            "doseOverTime.dose.hardMax")));
        }

        List<StepDraft> drafts = new ArrayList<>();
        long volumeSoFar = 0;
        for (RequestedStep step : requested) {
            Fraction exactFlow = step.perHour().times(MICROLITRES_PER_ML).dividedBy(c.canonical());
            Fraction exactVolume = step.amount().times(MICROLITRES_PER_ML).dividedBy(c.canonical());
            long prescribedFlow = exactFlow.toLong(RoundingMode.DOWN);
            long prescribedVolume = exactVolume.toLong(RoundingMode.DOWN);

            Cap rate = new Cap(prescribedFlow, ProgrammedStep.PRESCRIPTION);
            Bounds<DoseRate> rateBounds = step.loading() ? entry.steps().loadingDoseRate() : entry.doseRate();
            String rateLimitId = (step.loading() ? "loadingStep.doseRate" : "doseRate") + ".hardMax";
            Optional<DoseRate> hardMaxRate = rateBounds.hardMax().filter(l -> l.kind() == c.kind());
            if (hardMaxRate.isPresent()) {
                rate = rate.min(new Cap(volumeOf(Fraction.of(hardMaxRate.get().basePerHourFor(weight)), c), rateLimitId));
            }
            rate = rate.min(new Cap(pump.maxSettableRate().microlitresPerHour(), "pump.maxRate"));
            FlowRate flow = pump.floorRate(new FlowRate(rate.value()));

            Cap volume = new Cap(prescribedVolume, ProgrammedStep.PRESCRIPTION);
            if (step.loading()) {
                Optional<Dose> hardMaxDose = entry.steps().loadingDose().hardMax().filter(l -> l.kind() == c.kind());
                if (hardMaxDose.isPresent()) {
                    volume = volume.min(new Cap(volumeOf(Fraction.of(hardMaxDose.get().baseAmountFor(weight)), c),
                            "loadingStep.dose.hardMax"));
                }
            }
            for (Cap sessionCap : sessionVolumeCaps) {
                volume = volume.min(new Cap(Math.max(0, sessionCap.value() - volumeSoFar), sessionCap.source()));
            }
            volume = volume.min(new Cap(pump.maxSettableVolume().microlitres(), "pump.maxVolume"));
            Volume vtbi = pump.floorVolume(new Volume(volume.value()));
            volumeSoFar += vtbi.microlitres();

            drafts.add(new StepDraft(step, exactFlow, exactVolume, new FlowRate(prescribedFlow), new Volume(prescribedVolume),
                    flow, rate.source(), vtbi, volume.source()));
        }
        return List.copyOf(drafts);
    }

    /** Whole µL holding {@code baseAmount} at {@code c}, rounded DOWN (a cap: toward less drug). */
    private static long volumeOf(Fraction baseAmount, Concentration c) {
        return baseAmount.times(MICROLITRES_PER_ML).dividedBy(c.canonical()).toLong(RoundingMode.DOWN);
    }

    /** @throws UnitException when a dose of {@code dosing} is of another amount kind than {@code c} */
    public static void requireKind(Dosing dosing, Concentration c) {
        List<AmountKind> kinds = switch (dosing) {
            case DoseOverTime d -> List.of(d.dose().kind());
            case StepProgram p -> p.steps().stream().map(s -> s.dose().kind()).toList();
            case RateWithTotal r -> List.of(r.rate().kind(), r.total().kind());
            case RateForDuration r -> List.of(r.rate().kind());
        };
        for (AmountKind k : kinds) {
            if (k != c.kind()) {
                throw new UnitException("unit mismatch: the prescription doses " + k.displayName() + " but the concentration "
                        + c.display() + " is " + c.kind().displayName());
            }
        }
    }

    /** A cap value (µL/h or µL) and what imposes it; on a tie the earlier cap stays binding. */
    private record Cap(long value, String source) {
        Cap min(Cap other) {
            return other.value < value ? other : this;
        }
    }

    /**
     * A planned step before it is known to be runnable.
     *
     * @param requested        the exact request
     * @param exactFlow        the prescribed flow, exact µL/h
     * @param exactVolume      the prescribed volume, exact µL
     * @param prescribedRate   exact flow rounded DOWN
     * @param prescribedVolume exact volume rounded DOWN
     * @param rate             the capped rate on the pump's step (may be zero)
     * @param rateCap          what bound the rate
     * @param vtbi             the capped volume on the pump's step (may be zero)
     * @param volumeCap        what bound the volume
     */
    public record StepDraft(RequestedStep requested, Fraction exactFlow, Fraction exactVolume, FlowRate prescribedRate,
            Volume prescribedVolume, FlowRate rate, String rateCap, Volume vtbi, String volumeCap) {

        public ProgrammedStep toProgrammedStep(Concentration c) {
            PlannedStep planned = new PlannedStep(rate, vtbi, rate.timeFor(vtbi));
            return new ProgrammedStep(planned, c.amountIn(vtbi, RoundingMode.DOWN), prescribedRate, prescribedVolume,
                    rateCap, volumeCap);
        }
    }
}
