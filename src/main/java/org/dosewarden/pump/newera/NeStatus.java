package org.dosewarden.pump.newera;

import java.util.Optional;

/** The prompt character of a New Era reply: what the pumping program is doing. */
public enum NeStatus {
    INFUSING('I'),
    WITHDRAWING('W'),
    /** Pumping program stopped (at phase 1 after STP from paused, or after a VTBI/STP phase ended). */
    STOPPED('S'),
    /** Pumping program paused (STP while running); RUN resumes, STP again stops. */
    PAUSED('P'),
    /** A timed pause phase ({@code PAS}) is running. */
    PAUSE_PHASE('T'),
    /** Waiting for an operational trigger (user wait). */
    WAITING_TRIGGER('U'),
    PURGING('X');

    private final char code;

    NeStatus(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    /** True when the motor may be moving under the pumping program (I, W, X). */
    public boolean motorMayRun() {
        return this == INFUSING || this == WITHDRAWING || this == PURGING;
    }

    public static Optional<NeStatus> ofCode(char c) {
        for (NeStatus s : values()) {
            if (s.code == c) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
