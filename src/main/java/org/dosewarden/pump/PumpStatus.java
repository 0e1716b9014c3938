package org.dosewarden.pump;

import java.util.List;

/**
 * The pump's answer to a status query.
 *
 * @param mode          what the pump is doing now
 * @param pendingAlarms alarms seen on the wire and not yet taken with {@link PumpDriver#takeAlarms()}, oldest first
 */
public record PumpStatus(PumpMode mode, List<PumpAlarmEvent> pendingAlarms) {

    public PumpStatus {
        pendingAlarms = List.copyOf(pendingAlarms);
    }
}
