package org.dosewarden.pump;

import java.time.Instant;

/**
 * One alarm the driver saw on the wire.
 *
 * @param alarm       which alarm
 * @param unsolicited true when the pump sent it on its own (New Era safe mode), false when it came with a reply
 * @param command     the command it answered (wire text), or empty when unsolicited or seen on a status query
 * @param at          wall time the driver saw it (from the driver's TimeSource)
 * @param pumpCode    the pump's own wording of it, e.g. {@code A?S} or {@code *}
 */
public record PumpAlarmEvent(PumpAlarm alarm, boolean unsolicited, String command, Instant at, String pumpCode) {}
