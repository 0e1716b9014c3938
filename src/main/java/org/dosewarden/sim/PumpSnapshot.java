package org.dosewarden.sim;

import java.math.BigDecimal;
import java.util.Optional;
import org.dosewarden.pump.newera.NeAlarm;
import org.dosewarden.pump.newera.NeStatus;

/**
 * What a simulated pump is doing at one instant (simulator-side view, not what the wire says).
 *
 * @param powered             false between a power-off and power-on fault
 * @param prompt              the status character the pump would send
 * @param latchedAlarm        the alarm the next valid command will be answered with, if any
 * @param safeMode            true when SAF &gt; 0
 * @param safSeconds          the stored SAF timeout, s
 * @param watchdogArmed       true when the communications timer runs (after the first valid packet)
 * @param address             network address 0..99
 * @param baud                stored baud rate
 * @param diameterMm          syringe inside diameter, mm
 * @param executingPhase      program phase being run (1 when stopped)
 * @param commandedRateNlPerHour the rate the program asks for, nL/h (0 when the motor is not driven)
 * @param actualRateNlPerHour the rate the motor really runs, nL/h (differs under the rate-factor fault)
 * @param truth               physical truth since creation, nL
 * @param reported            what DIS reports, nL, before display truncation
 * @param nvramWrites         settings written to non-volatile memory so far (EEPROM wear)
 * @param framesReceived      valid packets addressed to this pump so far
 * @param framesSent          frames put on the line so far (replies and auto-alarms)
 * @param lineHeld            true when a transport or server holds the line
 * @param atNanos             monotonic time of this snapshot
 */
public record PumpSnapshot(boolean powered, NeStatus prompt, Optional<NeAlarm> latchedAlarm, boolean safeMode,
                           int safSeconds, boolean watchdogArmed, int address, int baud, BigDecimal diameterMm,
                           int executingPhase, long commandedRateNlPerHour, long actualRateNlPerHour,
                           DispensedVolume truth, DispensedVolume reported, long nvramWrites, long framesReceived,
                           long framesSent, boolean lineHeld, long atNanos) {
}
