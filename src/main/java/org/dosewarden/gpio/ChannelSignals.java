package org.dosewarden.gpio;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.ChannelHandle;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.safety.InfusionState;

/**
 * The default {@link AlarmPrioritySource} and {@link ChannelFaultSource}: read from the channels' published
 * snapshots through the {@link ChannelDirectory} port (cheap immutable values, never blocking a channel thread).
 * Active only when a {@code ChannelDirectory} bean exists; {@link Secondary}, so a bean the integrator defines
 * for either port wins.
 *
 * <p>Every active alarm counts, acknowledged or not, while the channel lists it. An alarm priority this class
 * does not recognise counts as high (a new alarm kind must never go unseen).
 */
@Singleton
@Secondary
@Requires(beans = ChannelDirectory.class)
public final class ChannelSignals implements AlarmPrioritySource, ChannelFaultSource {

    private final ChannelDirectory channels;

    public ChannelSignals(ChannelDirectory channels) {
        this.channels = channels;
    }

    @Override
    public AlarmSignalPriority highestActive() {
        AlarmSignalPriority highest = AlarmSignalPriority.NONE;
        for (ChannelHandle channel : channels.channels()) {
            for (ChannelSnapshot.AlarmView alarm : channel.snapshot().activeAlarms()) {
                highest = highest.max(priorityOf(alarm.priority()));
            }
        }
        return highest;
    }

    @Override
    public Set<String> faultedChannels() {
        Set<String> faulted = new HashSet<>();
        for (ChannelHandle channel : channels.channels()) {
            if (InfusionState.FAULT.name().equals(channel.snapshot().infusionState())) {
                faulted.add(channel.name());
            }
        }
        return faulted;
    }

    /** The signal priority for a snapshot's priority text ("HIGH", "medium" ...); unknown text counts as high. */
    static AlarmSignalPriority priorityOf(String priority) {
        return switch (priority.toUpperCase(Locale.ROOT)) {
            case "LOW" -> AlarmSignalPriority.LOW;
            case "MEDIUM" -> AlarmSignalPriority.MEDIUM;
            default -> AlarmSignalPriority.HIGH;
        };
    }
}
