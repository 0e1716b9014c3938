package org.dosewarden.pump.newera;

import java.util.Optional;

/**
 * An alarm reported as {@code A?x} in place of the prompt. The pump latches it: the first valid command
 * after the alarm is answered with the alarm and is <b>not executed</b>; that answer acknowledges it.
 */
public enum NeAlarm {
    /** Power was interrupted: the pump is stopped and volatile state is gone. */
    RESET('R'),
    /** Motor stalled: occlusion, end of travel or force too high. */
    STALL('S'),
    /** Safe-mode communications watchdog expired: the pump stopped itself. */
    COMM_TIMEOUT('T'),
    /** Pumping program error. */
    PROGRAM_ERROR('E'),
    /** A program phase was out of range. */
    PHASE_OUT_OF_RANGE('O');

    private final char code;

    NeAlarm(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    public static Optional<NeAlarm> ofCode(char c) {
        for (NeAlarm a : values()) {
            if (a.code == c) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
