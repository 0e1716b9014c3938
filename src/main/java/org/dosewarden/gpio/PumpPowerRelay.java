package org.dosewarden.gpio;

import java.util.List;
import java.util.Set;

/**
 * The output that powers the pumps. It follows the last {@link PowerRelayPolicy} decision it was given: energised
 * only when no hold applies, de-energised for any hold. Claimed first and driven de-energised at once, so nothing
 * else on the board can happen while the pumps have power.
 *
 * <p>Not thread-safe: {@link BedsidePanel} calls it under its lock.
 */
final class PumpPowerRelay {

    /** Before the panel's first decision: held, as at shutdown, so nothing reads as energised. */
    private static final PowerRelayPolicy.Decision UNDECIDED =
            new PowerRelayPolicy.Decision(false, List.of(RelayHold.SHUTDOWN), Set.of());

    private final OutputPin pin;
    private final GpioSettings.RelaySettings settings;
    private PowerRelayPolicy.Decision decision = UNDECIDED;

    private PumpPowerRelay(OutputPin pin, GpioSettings.RelaySettings settings) {
        this.pin = pin;
        this.settings = settings;
    }

    /** Claims the relay output on {@code board} when enabled, de-energised now and when the board is released. */
    static PumpPowerRelay claim(GpioBoard board, GpioSettings.RelaySettings settings) {
        GpioSettings.OutputSettings out = settings.output();
        Level off = out.activeLevel().inverse();
        return new PumpPowerRelay(out.enabled() ? board.output("pump-power-relay", out.pin(), off, off) : null,
                settings);
    }

    /** No relay fitted: decisions are still kept, for the status. */
    static PumpPowerRelay notFitted(GpioSettings.RelaySettings settings) {
        return new PumpPowerRelay(null, settings);
    }

    /**
     * The decision as it stands before the first poll, for the status; the pin stays de-energised as claimed until
     * the first poll {@linkplain #apply applies} one.
     */
    void holdUntilFirstPoll(PowerRelayPolicy.Decision initial) {
        decision = initial;
    }

    /** Records {@code next} and drives the pin to it. May throw from the pin; the decision is kept regardless. */
    void apply(PowerRelayPolicy.Decision next) {
        decision = next;
        if (pin != null) {
            Level active = settings.output().activeLevel();
            pin.drive(next.energised() ? active : active.inverse());
        }
    }

    /** @param running whether GPIO runs; a relay that is not driven is never reported energised */
    GpioStatus.RelayStatus status(boolean running) {
        return new GpioStatus.RelayStatus(pin != null, pin == null ? null : settings.output().pin(),
                running && decision.energised(), pin == null ? null : pin.level(), decision.holds(),
                decision.faultedChannels(), settings.deEnergiseOnFault());
    }
}
