package org.dosewarden.gpio;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether the pump power relay may be energised: a pure decision over the inputs that can hold it off. The relay
 * is energised only when no hold applies (fail closed: any doubt de-energises).
 */
public final class PowerRelayPolicy {

    /**
     * The decision and every reason behind it.
     *
     * @param energised       true only when {@code holds} is empty
     * @param holds           every reason that keeps the relay de-energised, in declaration order of {@link RelayHold}
     * @param faultedChannels the channels in FAULT that contributed a {@link RelayHold#CHANNEL_FAULT}
     */
    public record Decision(boolean energised, List<RelayHold> holds, Set<String> faultedChannels) {
        public Decision {
            holds = List.copyOf(holds);
            faultedChannels = Set.copyOf(faultedChannels);
            if (energised != holds.isEmpty()) {
                throw new IllegalArgumentException("energised must be exactly 'no holds': " + energised + " " + holds);
            }
        }
    }

    /** What the relay decision looks at. */
    public record Inputs(
            boolean emergencyStopFitted,
            ButtonState emergencyStop,
            boolean emergencyStopLatched,
            Set<String> faultedChannels,
            boolean deEnergiseOnFault,
            boolean loopFailed,
            boolean shuttingDown) {
    }

    private PowerRelayPolicy() {
    }

    /** Decides the relay state; see {@link RelayHold} for each reason. */
    public static Decision decide(Inputs in) {
        List<RelayHold> holds = new ArrayList<>();
        if (in.emergencyStopFitted()) {
            switch (in.emergencyStop()) {
                case UNKNOWN -> holds.add(RelayHold.EMERGENCY_STOP_NOT_YET_READ);
                case PRESSED -> holds.add(RelayHold.EMERGENCY_STOP_PRESSED);
                case RELEASED -> {
                    if (in.emergencyStopLatched()) {
                        holds.add(RelayHold.EMERGENCY_STOP_AWAITING_RESET);
                    }
                }
            }
        }
        Set<String> faulted = Set.of();
        if (in.deEnergiseOnFault() && !in.faultedChannels().isEmpty()) {
            holds.add(RelayHold.CHANNEL_FAULT);
            faulted = new TreeSet<>(in.faultedChannels());
        }
        if (in.loopFailed()) {
            holds.add(RelayHold.GPIO_LOOP_FAILURE);
        }
        if (in.shuttingDown()) {
            holds.add(RelayHold.SHUTDOWN);
        }
        return new Decision(holds.isEmpty(), holds, faulted);
    }
}
