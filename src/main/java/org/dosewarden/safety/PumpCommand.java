package org.dosewarden.safety;

import java.util.Objects;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;

/**
 * What the core asks the pump to do. The channel thread executes a step's commands in order and reports
 * each outcome back as a {@link Event.CommandOutcome}; a {@link ReadBack} is answered with a
 * {@link Event.PumpReading} (SR-D2: every change is read back, never assumed).
 */
public sealed interface PumpCommand {

    /** Short name for journal records and outcome matching. */
    default String describe() {
        return toString();
    }

    /**
     * Arms the pump for one step: rate and volume to be infused, so that after the next {@link StartPump} it
     * delivers at most {@code vtbi} at {@code rate} and stops itself (the pump-side limit, SR-A4). The driver
     * stops the pump first if the protocol needs it. {@code vtbi} is never zero (zero means "continuous" to
     * New Era pumps).
     *
     * @param stepIndex zero-based step of the plan; {@code plan.steps().size()} means keep-vein-open
     */
    record ProgramStep(int stepIndex, FlowRate rate, Volume vtbi) implements PumpCommand {
        public ProgramStep {
            Objects.requireNonNull(rate, "rate");
            Objects.requireNonNull(vtbi, "vtbi");
            if (vtbi.isZero()) {
                throw new IllegalArgumentException("a programmed VTBI must be above zero (zero is 'no limit')");
            }
        }
    }

    /** Starts (or continues) pumping the armed step. */
    record StartPump() implements PumpCommand {
    }

    /** Pauses pumping; the pump keeps its program. */
    record PausePump() implements PumpCommand {
    }

    /** Stops pumping. Always safe to send; sent again whenever its outcome is in doubt. */
    record StopPump() implements PumpCommand {
    }

    /** Reads mode, rate and delivered counter now and reports them as a {@link Event.PumpReading}. */
    record ReadBack() implements PumpCommand {
    }

    PumpCommand START = new StartPump();
    PumpCommand PAUSE = new PausePump();
    PumpCommand STOP = new StopPump();
    PumpCommand READ_BACK = new ReadBack();
}
