package org.dosewarden.pump.ultra;

import org.dosewarden.pump.PumpError;
import org.dosewarden.pump.PumpMode;

/** How Ultra prompts and error lines map to the pump port's common types. */
public final class UltraMapping {

    private UltraMapping() {}

    /** The canonical mode of a prompt; a stalled motor does not move (the stall itself is an alarm). */
    public static PumpMode modeOf(UltraPrompt prompt) {
        return switch (prompt) {
            case IDLE, STALLED -> PumpMode.STOPPED;
            case INFUSING -> PumpMode.INFUSING;
            case WITHDRAWING -> PumpMode.WITHDRAWING;
            case TARGET_REACHED -> PumpMode.TARGET_REACHED;
        };
    }

    public static PumpError errorOf(UltraError e) {
        return switch (e) {
            case UNKNOWN_COMMAND -> PumpError.NOT_RECOGNIZED;
            case COMMAND_ERROR -> PumpError.NOT_APPLICABLE;
            case ARGUMENT_ERROR, OUT_OF_RANGE -> PumpError.OUT_OF_RANGE;
        };
    }

    /** What an error line means, in words an operator can act on. */
    static String explain(UltraError e) {
        return switch (e) {
            case UNKNOWN_COMMAND -> "the pump does not know the command (an infuse-only model asked to withdraw?)";
            case COMMAND_ERROR -> "the command is not valid in the pump's current state";
            case ARGUMENT_ERROR -> "the pump could not take the argument (unit, or a target beyond the syringe?)";
            case OUT_OF_RANGE -> "value out of range for this pump and syringe";
        };
    }
}
