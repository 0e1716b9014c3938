package org.dosewarden.sim;

import java.math.BigDecimal;

/**
 * The fault switches of a simulated pump at one instant.
 *
 * @param rateFactor         motor speed / programmed speed (1 = healthy)
 * @param reportedFraction   DIS / motor volume (1 = honest)
 * @param ignoresVtbi        pumps past the volume to be infused (New Era VTBI, Ultra target)
 * @param freeFlowNlPerHour  flow while the motor is idle, nL/h (0 = none)
 * @param freeFlowSeenByPump whether DIS counts the free flow
 * @param garblePercent      share of sent frames damaged, %
 * @param garbling           how they are damaged
 * @param noisePercent       line noise: share of bytes damaged in either direction, %
 * @param silent             the line is dead or replies are muted right now
 * @param pluggedIn          false after an unplug
 */
public record ActiveFaults(BigDecimal rateFactor, BigDecimal reportedFraction, boolean ignoresVtbi,
                           long freeFlowNlPerHour, boolean freeFlowSeenByPump, int garblePercent, Garbling garbling,
                           BigDecimal noisePercent, boolean silent, boolean pluggedIn) {

    /** True when no switch is on. */
    public boolean none() {
        return rateFactor.compareTo(BigDecimal.ONE) == 0 && reportedFraction.compareTo(BigDecimal.ONE) == 0
                && !ignoresVtbi && freeFlowNlPerHour == 0 && garblePercent == 0 && noisePercent.signum() == 0 && !silent
                && pluggedIn;
    }

    /** One line for the control channel, e.g. {@code rate-factor=2 garble=20%(FLIP_BIT)}. */
    public String describe() {
        if (none()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        if (rateFactor.compareTo(BigDecimal.ONE) != 0) {
            sb.append(" rate-factor=").append(rateFactor.toPlainString());
        }
        if (reportedFraction.compareTo(BigDecimal.ONE) != 0) {
            sb.append(" under-report=").append(reportedFraction.toPlainString());
        }
        if (ignoresVtbi) {
            sb.append(" ignore-vtbi");
        }
        if (freeFlowNlPerHour > 0) {
            sb.append(" free-flow=").append(freeFlowNlPerHour).append("nL/h(").append(freeFlowSeenByPump ? "seen" : "unseen").append(')');
        }
        if (garblePercent > 0) {
            sb.append(" garble=").append(garblePercent).append("%(").append(garbling).append(')');
        }
        if (noisePercent.signum() > 0) {
            sb.append(" noise=").append(noisePercent.toPlainString()).append('%');
        }
        if (silent) {
            sb.append(" silent");
        }
        if (!pluggedIn) {
            sb.append(" unplugged");
        }
        return sb.substring(1);
    }
}
