package org.dosewarden.channel;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.plan.ProgrammedInfusion;
import org.dosewarden.dose.plan.PumpCapability;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.safety.InfusionProgram;
import org.dosewarden.safety.KeepVeinOpen;
import org.dosewarden.safety.Moment;
import org.dosewarden.safety.SafetySettings;

/**
 * Turns a checked {@link ProgramOrder} into the safety core's {@link InfusionProgram}: the library facts the
 * order carries (second clinician, keep-vein-open, vitals profile), this channel's pump resolution, the
 * channel's tolerances, and a new session id. It re-checks that every step is settable on this pump,
 * because an order planned for another pump must never reach this one.
 */
public final class ProgramBuilder {

    /** Keep-vein-open where the library allows it: 1 mL/h, at most 5 mL, then the pump stops. */
    public static final KeepVeinOpen DEFAULT_KVO = new KeepVeinOpen(FlowRate.ofMicrolitresPerHour(1_000),
            Volume.ofMicrolitres(5_000));

    private static final DateTimeFormatter SESSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PumpCapability pump;
    private final SafetySettings settings;

    public ProgramBuilder(PumpCapability pump, SafetySettings settings) {
        this.pump = Objects.requireNonNull(pump, "pump");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public PumpCapability pump() {
        return pump;
    }

    /**
     * @throws IllegalArgumentException naming the step and the pump limit when a step is not settable here
     */
    public InfusionProgram build(String channel, ProgramOrder order, Moment at) {
        ProgrammedInfusion infusion = order.infusion();
        for (int i = 0; i < infusion.plan().steps().size(); i++) {
            PlannedStep step = infusion.plan().steps().get(i);
            if (!pump.canRun(step.rate())) {
                throw new IllegalArgumentException("step " + (i + 1) + " rate " + step.rate() + " is not settable on "
                        + "this channel's pump (" + pump.minRate() + " to " + pump.maxRate() + " in steps of "
                        + pump.rateStep() + ")");
            }
            if (step.volumeToBeInfused().compareTo(pump.maxSettableVolume()) > 0
                    || !pump.floorVolume(step.volumeToBeInfused()).equals(step.volumeToBeInfused())) {
                throw new IllegalArgumentException("step " + (i + 1) + " volume " + step.volumeToBeInfused()
                        + " is not settable on this channel's pump (at most " + pump.maxSettableVolume()
                        + " in steps of " + pump.volumeStep() + ")");
            }
        }
        String sessionId = channel + "-" + SESSION_TIME.format(at.wall()) + "-"
                + HexFormat.of().toHexDigits(RANDOM.nextInt());
        return new InfusionProgram(sessionId, order.patientId(), infusion.plan(), infusion.highAlert(),
                infusion.kvoAllowed() ? DEFAULT_KVO : KeepVeinOpen.NONE, infusion.vitalsProfile().orElse(null),
                pump.rateStep(), pump.volumeStep(), settings, infusion.afterCare().monitoringAfter());
    }
}
