package org.dosewarden.sim;

import java.math.BigDecimal;
import java.util.Optional;
import org.dosewarden.pump.ultra.UltraPrompt;

/**
 * What a simulated Ultra pump is doing at one instant (simulator-side view, not what the wire says).
 *
 * @param powered                       false between a power-off and power-on fault
 * @param prompt                        the prompt the pump would answer with
 * @param pollMode                      replies end in XON
 * @param nvramNone                     settings sent over the line are not stored
 * @param address                       0..99
 * @param diameterMm                    syringe inside diameter
 * @param infuseRateMicrolitresPerHour  the infusion rate set, µL/h exact
 * @param targetMicrolitres             the target volume, µL exact, if set
 * @param commandedRateNlPerHour        the rate the motor is told to run, nL/h (0 when stopped)
 * @param actualRateNlPerHour           the rate it really runs (differs under the rate-factor fault)
 * @param truth                         physical truth since creation, nL
 * @param reported                      what ivolume/wvolume report, nL
 * @param nvramWrites                   settings written to non-volatile memory so far
 * @param commandsReceived              commands addressed to this pump so far
 * @param framesSent                    replies sent so far
 * @param lineHeld                      a transport or server holds the line
 * @param atNanos                       monotonic time of this snapshot
 */
public record UltraSnapshot(boolean powered, UltraPrompt prompt, boolean pollMode, boolean nvramNone, int address,
        BigDecimal diameterMm, BigDecimal infuseRateMicrolitresPerHour, Optional<BigDecimal> targetMicrolitres,
        long commandedRateNlPerHour, long actualRateNlPerHour, DispensedVolume truth, DispensedVolume reported,
        long nvramWrites, long commandsReceived, long framesSent, boolean lineHeld, long atNanos) {
}
