package org.dosewarden.dose.plan;

import java.util.Objects;
import org.dosewarden.dose.quantity.DrugAmount;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * One step of a programmed infusion: what the pump runs ({@link PlannedStep}) plus the drug it delivers
 * and which cap bound its rate and volume (SR-A3).
 *
 * @param planned          rate, volume to be infused and expected duration, on the pump's steps
 * @param dose             drug in the step's volume to be infused at the concentration, rounded DOWN to a
 *                         whole µg / milli-unit (display and journal; caps are enforced on volume)
 * @param prescribedRate   the rate the prescription asks for, before any cap, rounded DOWN to a whole µL/h
 * @param prescribedVolume the volume the prescription asks for, before any cap, rounded DOWN to a whole µL
 * @param rateCap          what bound the rate: {@code prescription}, a limit id such as
 *                         {@code doseRate.hardMax}, or {@code pump.maxRate}
 * @param volumeCap        what bound the volume: {@code prescription}, {@code sessionTotal.hardMax} or
 *                         {@code pump.maxVolume}
 */
public record ProgrammedStep(PlannedStep planned, DrugAmount dose, FlowRate prescribedRate, Volume prescribedVolume,
        String rateCap, String volumeCap) {

    public static final String PRESCRIPTION = "prescription";

    public ProgrammedStep {
        Objects.requireNonNull(planned, "planned");
        Objects.requireNonNull(dose, "dose");
        Objects.requireNonNull(prescribedRate, "prescribedRate");
        Objects.requireNonNull(prescribedVolume, "prescribedVolume");
        Objects.requireNonNull(rateCap, "rateCap");
        Objects.requireNonNull(volumeCap, "volumeCap");
    }
}
