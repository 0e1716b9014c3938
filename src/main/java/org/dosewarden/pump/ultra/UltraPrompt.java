package org.dosewarden.pump.ultra;

import java.util.Optional;

/** The prompt that ends every Ultra reply: what the pump is doing when it answers. */
public enum UltraPrompt {
    /** {@code :} idle. */
    IDLE(":"),
    /** {@code >} infusing. */
    INFUSING(">"),
    /** {@code <} withdrawing. */
    WITHDRAWING("<"),
    /** {@code *} the motor stalled (occlusion, end of travel); cleared only at the pump. */
    STALLED("*"),
    /** {@code T*} the pump stopped itself because the target volume was reached. */
    TARGET_REACHED("T*");

    private final String wire;

    UltraPrompt(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** True when the motor is moving (infusing or withdrawing). */
    public boolean motorRuns() {
        return this == INFUSING || this == WITHDRAWING;
    }

    public static Optional<UltraPrompt> ofWire(String text) {
        for (UltraPrompt p : values()) {
            if (p.wire.equals(text)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
