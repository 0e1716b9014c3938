package org.dosewarden.safety;

import java.util.List;
import java.util.Objects;

/**
 * The result of one {@link SafetyCore#decide} call. The shell writes {@code records} (and the event) to the
 * journal durably, then sends {@code commands} to the pump in order, then publishes the alarms.
 *
 * @param state         the new channel state
 * @param commands      pump commands to execute in this order
 * @param alarmsRaised  alarms that became active in this step
 * @param alarmsCleared alarms whose condition cleared or that left the active set in this step (final form)
 * @param records       decision records for the journal
 * @param refusal       why the intent was refused, or {@code null} when it was accepted or was no intent
 */
public record Step(
        ChannelState state,
        List<PumpCommand> commands,
        List<Alarm> alarmsRaised,
        List<Alarm> alarmsCleared,
        List<JournalRecord> records,
        Refusal refusal) {

    public Step {
        Objects.requireNonNull(state, "state");
        commands = List.copyOf(commands);
        alarmsRaised = List.copyOf(alarmsRaised);
        alarmsCleared = List.copyOf(alarmsCleared);
        records = List.copyOf(records);
    }

    /**
     * A routine poll: no commands, alarms, records or refusal, and the state changed only in when the pump
     * last answered ({@link ChannelState#differsOnlyInContactTime}).
     */
    public boolean onlyContactRefreshed(ChannelState before) {
        return commands.isEmpty() && alarmsRaised.isEmpty() && alarmsCleared.isEmpty() && records.isEmpty()
                && refusal == null && state.differsOnlyInContactTime(before);
    }

    public boolean refused() {
        return refusal != null;
    }
}
