package org.dosewarden.dose.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.dosewarden.dose.library.DoseOverTime;
import org.dosewarden.dose.library.Dosing;
import org.dosewarden.dose.library.RateForDuration;
import org.dosewarden.dose.library.RateWithTotal;
import org.dosewarden.dose.library.StepProgram;
import org.dosewarden.dose.quantity.BodyWeight;
import org.dosewarden.dose.quantity.Fraction;

/**
 * One step of a prescription in exact absolute terms for one patient: drug amount (base units) and duration
 * (seconds), both exact fractions. Every dosing form reduces to a list of these.
 *
 * @param amount  drug in base units (µg or milli-units), exact
 * @param seconds duration in seconds, exact, above zero
 * @param loading true for the first step of a program of two or more steps
 * @param label   how messages name the step: "" for a single-step session, "loading step", "step 2"
 */
public record RequestedStep(Fraction amount, Fraction seconds, boolean loading, String label) {

    static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    /** Base units per hour, exact. */
    public Fraction perHour() {
        return amount.times(SECONDS_PER_HOUR).dividedBy(seconds);
    }

    /** The steps {@code dosing} asks for, for a patient of {@code weight}. */
    public static List<RequestedStep> of(Dosing dosing, BodyWeight weight) {
        return switch (dosing) {
            case DoseOverTime d -> List.of(single(d, weight));
            case StepProgram program -> {
                if (program.steps().size() == 1) {
                    yield List.of(single(program.steps().getFirst(), weight));
                }
                List<RequestedStep> steps = new ArrayList<>();
                for (int i = 0; i < program.steps().size(); i++) {
                    DoseOverTime s = program.steps().get(i);
                    steps.add(new RequestedStep(Fraction.of(s.dose().baseAmountFor(weight)),
                            Fraction.of(s.duration().getSeconds()), i == 0, i == 0 ? "loading step" : "step " + (i + 1)));
                }
                yield List.copyOf(steps);
            }
            case RateWithTotal r -> {
                Fraction amount = Fraction.of(r.total().baseAmountFor(weight));
                Fraction perHour = Fraction.of(r.rate().basePerHourFor(weight));
                yield List.of(new RequestedStep(amount, amount.times(SECONDS_PER_HOUR).dividedBy(perHour), false, ""));
            }
            case RateForDuration r -> {
                Fraction seconds = Fraction.of(r.duration().getSeconds());
                Fraction amount = Fraction.of(r.rate().basePerHourFor(weight)).times(seconds).dividedBy(SECONDS_PER_HOUR);
                yield List.of(new RequestedStep(amount, seconds, false, ""));
            }
        };
    }

    private static RequestedStep single(DoseOverTime d, BodyWeight weight) {
        return new RequestedStep(Fraction.of(d.dose().baseAmountFor(weight)), Fraction.of(d.duration().getSeconds()),
                false, "");
    }

    /** Sum of the step amounts, exact. */
    public static Fraction totalAmount(List<RequestedStep> steps) {
        Fraction total = Fraction.ZERO;
        for (RequestedStep s : steps) {
            total = total.plus(s.amount);
        }
        return total;
    }
}
