package org.dosewarden.gpio;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A snapshot of every GPIO input and output, as {@code GET /api/gpio} returns it. Pins are BCM numbers and null for
 * parts that are not enabled (every field is always present, null or empty when there is nothing); raw levels are what the pin reads, states are what they mean.
 *
 * @param enabled  whether GPIO is enabled and running
 * @param provider "mock", "gpiod", or null when not running
 * @param problem  why GPIO is not running although enabled (invalid configuration, pins that could not be
 *                 claimed), else null
 * @param at       wall time of the snapshot
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GpioStatus(
        boolean enabled,
        @Nullable String provider,
        @Nullable String problem,
        Instant at,
        EmergencyStopStatus emergencyStop,
        ConfirmButtonStatus confirmButton,
        RelayStatus relay,
        AlarmSignalStatus alarmSignals,
        HeartbeatStatus heartbeat,
        PollStatus poll) {

    /**
     * @param latched     pressed since the last clinician reset (keeps the relay de-energised)
     * @param readFailure why the last read of the pin failed (counted as pressed), else null
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record EmergencyStopStatus(boolean enabled, @Nullable Integer pin, @Nullable Level rawLevel,
            ButtonState state, boolean latched, @Nullable String readFailure) {
    }

    /**
     * @param pendingRequest what the waiting request is for, else null
     * @param timeoutMillis  how long a request waits for a press
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ConfirmButtonStatus(boolean enabled, @Nullable Integer pin, @Nullable Level rawLevel,
            ButtonState state, @Nullable String pendingRequest, long timeoutMillis) {
    }

    /**
     * @param energised         whether the relay is (or, when not enabled, would be) energised
     * @param level             the level the pin is driven to, null when not enabled
     * @param holds             every reason keeping the relay de-energised
     * @param faultedChannels   channels in FAULT that hold the relay
     * @param deEnergiseOnFault whether a channel FAULT de-energises the relay
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RelayStatus(boolean enabled, @Nullable Integer pin, boolean energised, @Nullable Level level,
            List<RelayHold> holds, Set<String> faultedChannels, boolean deEnergiseOnFault) {
    }

    /** The priority shown and the lamps and buzzer right now. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AlarmSignalStatus(AlarmSignalPriority priority, boolean beaconEnabled, boolean red,
            boolean yellow, boolean buzzerEnabled, boolean buzzer) {
    }

    /**
     * @param toggling         whether the heartbeat pin is toggling (all channel loops alive)
     * @param channels         registered channel loops
     * @param overdueChannels  registered loops that have not reported in time
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record HeartbeatStatus(boolean enabled, @Nullable Integer pin, boolean toggling, List<String> channels,
            List<String> overdueChannels) {
    }

    /**
     * @param lastPollAt        wall time of the last completed poll, null before the first
     * @param polls             completed polls
     * @param failures          polls that threw (the relay is de-energised until the next good poll)
     * @param lastFailure       the last poll failure, else null
     * @param listenerFailures  emergency-stop listener calls that threw
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PollStatus(@Nullable Instant lastPollAt, long polls, long failures, @Nullable String lastFailure,
            long listenerFailures) {
    }
}
