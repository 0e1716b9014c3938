package org.dosewarden.pump.newera;

import org.dosewarden.pump.PumpAlarm;
import org.dosewarden.pump.PumpError;
import org.dosewarden.pump.PumpMode;

/** How New Era prompts, alarm codes and command errors map to the pump port's common types. */
public final class NeMapping {

    private NeMapping() {}

    /** Maps a New Era prompt to the canonical mode. */
    public static PumpMode modeOf(NeStatus s) {
        return switch (s) {
            case INFUSING -> PumpMode.INFUSING;
            case WITHDRAWING -> PumpMode.WITHDRAWING;
            case STOPPED -> PumpMode.STOPPED;
            case PAUSED -> PumpMode.PAUSED;
            case PAUSE_PHASE, WAITING_TRIGGER -> PumpMode.HOLDING;
            case PURGING -> PumpMode.PURGING;
        };
    }

    /** Maps a New Era alarm code to the canonical alarm. */
    public static PumpAlarm alarmOf(NeAlarm a) {
        return switch (a) {
            case RESET -> PumpAlarm.RESET;
            case STALL -> PumpAlarm.STALL;
            case COMM_TIMEOUT -> PumpAlarm.COMM_TIMEOUT;
            case PROGRAM_ERROR, PHASE_OUT_OF_RANGE -> PumpAlarm.PROGRAM_ERROR;
        };
    }

    /** The pump's own wording of an alarm, e.g. {@code A?S}. */
    public static String codeOf(NeAlarm a) {
        return "A?" + a.code();
    }

    /** Maps a New Era command error to the canonical error. */
    public static PumpError errorOf(NeError e) {
        return switch (e) {
            case NOT_RECOGNIZED -> PumpError.NOT_RECOGNIZED;
            case NOT_APPLICABLE -> PumpError.NOT_APPLICABLE;
            case OUT_OF_RANGE -> PumpError.OUT_OF_RANGE;
            case BAD_PACKET -> PumpError.BAD_PACKET;
            case IGNORED -> PumpError.IGNORED;
        };
    }

    /** What a command error means, in words an operator can act on. */
    static String explain(NeError e) {
        return switch (e) {
            case NOT_RECOGNIZED -> "command not recognised";
            case NOT_APPLICABLE -> "not applicable in the pump's current state (stop it first?)";
            case OUT_OF_RANGE -> "value out of range for this pump and syringe";
            case BAD_PACKET -> "the pump kept receiving a damaged packet";
            case IGNORED -> "the pump kept ignoring it while a phase started";
        };
    }
}
