package org.dosewarden.gpio;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import org.dosewarden.channel.ChannelSupervisor;
import org.dosewarden.channel.DaemonChannels;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.Moment;

/**
 * Connects the bedside hardware to the running channels: an emergency stop becomes an event in every
 * channel's core (each stops its pump and latches a high alarm), and every supervision cycle feeds the
 * hardware-watchdog heartbeat, which stops toggling when any channel loop stalls.
 */
@Context
@Requires(beans = DaemonChannels.class)
final class ChannelGpioWiring implements EmergencyStopListener {

    /** A loop may miss this many poll periods before the heartbeat stops. */
    static final int MAX_QUIET_POLLS = 4;

    private final DaemonChannels channels;
    private final List<ChannelLiveness.Registration> registrations = new ArrayList<>();

    ChannelGpioWiring(DaemonChannels channels, ChannelLiveness liveness, BedsidePanel panel) {
        this.channels = channels;
        for (ChannelSupervisor supervisor : channels.supervisors()) {
            ChannelLiveness.Registration registration = liveness.register(supervisor.name(),
                    supervisor.settings().pollPeriod().multipliedBy(MAX_QUIET_POLLS));
            registrations.add(registration);
            supervisor.addCycleObserver(registration::beat);
            supervisor.addRecoveryProgressObserver(registration::progress);
            GpioSettings settings = panel.settings();
            if (settings != null && settings.enabled() && settings.confirmButton().input().enabled()) {
                supervisor.requireBedsideConfirmation(what -> panel.requestConfirmation(what)
                        .thenApply(ConfirmationOutcome::permitsAction));
            }
        }
    }

    @Override
    public void emergencyStopPressed(Moment at) {
        for (ChannelSupervisor supervisor : channels.supervisors()) {
            supervisor.post(now -> new Event.EmergencyStopPressed(at, "gpio emergency stop"));
        }
    }

    @Override
    public void emergencyStopReleased(Moment at) {
        for (ChannelSupervisor supervisor : channels.supervisors()) {
            supervisor.post(now -> new Event.EmergencyStopReleased(at, "gpio emergency stop"));
        }
    }

    @PreDestroy
    void close() {
        registrations.forEach(ChannelLiveness.Registration::close);
    }
}
