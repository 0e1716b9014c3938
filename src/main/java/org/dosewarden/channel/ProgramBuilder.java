package org.dosewarden.channel;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;
import org.dosewarden.dose.DrugEntry;
import org.dosewarden.dose.DrugLibrary;
import org.dosewarden.dose.FlowRate;
import org.dosewarden.dose.PlannedStep;
import org.dosewarden.dose.PumpCapability;
import org.dosewarden.dose.VitalsProfile;
import org.dosewarden.dose.Volume;
import org.dosewarden.safety.InfusionProgram;
import org.dosewarden.safety.KeepVeinOpen;
import org.dosewarden.safety.Moment;
import org.dosewarden.safety.SafetySettings;

/**
 * Turns a checked {@link ProgramOrder} into the safety core's {@link InfusionProgram}: the facts the core
 * needs from the drug library (second clinician, keep-vein-open, vitals profile) and from this channel's
 * pump (rate and volume resolution), plus a new session id.
 */
public final class ProgramBuilder {

    /** Keep-vein-open where the library allows it: 1 mL/h, at most 5 mL, then the pump stops. */
    public static final KeepVeinOpen DEFAULT_KVO = new KeepVeinOpen(FlowRate.ofMicrolitresPerHour(1_000),
            Volume.ofMicrolitres(5_000));

    private static final DateTimeFormatter SESSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DrugLibrary library;
    private final PumpCapability pump;
    private final SafetySettings settings;

    public ProgramBuilder(DrugLibrary library, PumpCapability pump, SafetySettings settings) {
        this.library = Objects.requireNonNull(library, "library");
        this.pump = Objects.requireNonNull(pump, "pump");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public PumpCapability pump() {
        return pump;
    }

    /**
     * @throws IllegalArgumentException naming what does not fit: an unknown drug or care area, a missing vitals
     *                                  profile, or a step the pump cannot run exactly
     */
    public InfusionProgram build(String channel, ProgramOrder order, Moment at) {
        DrugEntry entry = library.entry(order.careArea(), order.drugId()).orElseThrow(() -> new IllegalArgumentException(
                "drug '" + order.drugId() + "' in care area '" + order.careArea() + "' is not in drug library "
                        + library.version()));
        VitalsProfile vitals = null;
        if (entry.vitalsProfile().isPresent()) {
            vitals = library.vitalsProfileOf(entry).orElseThrow(() -> new IllegalArgumentException("drug '"
                    + entry.id() + "' names vitals profile '" + entry.vitalsProfile().get()
                    + "', which the library does not define"));
        }
        for (int i = 0; i < order.plan().steps().size(); i++) {
            PlannedStep step = order.plan().steps().get(i);
            if (!pump.canRun(step.rate())) {
                throw new IllegalArgumentException("step " + (i + 1) + " rate " + step.rate() + " is not settable on "
                        + "this channel's pump (range " + pump.minRate() + " to " + pump.maxRate() + " in steps of "
                        + pump.rateStep() + ")");
            }
            if (step.volumeToBeInfused().compareTo(pump.maxSettableVolume()) > 0
                    || !pump.floorVolume(step.volumeToBeInfused()).equals(step.volumeToBeInfused())) {
                throw new IllegalArgumentException("step " + (i + 1) + " volume " + step.volumeToBeInfused()
                        + " is not settable on this channel's pump (at most " + pump.maxSettableVolume()
                        + " in steps of " + pump.volumeStep() + ")");
            }
        }
        String sessionId = channel + "-" + SESSION_TIME.format(at.wall()) + "-" + HexFormat.of().toHexDigits(RANDOM.nextInt());
        return new InfusionProgram(sessionId, order.patientId(), order.plan(), order.highAlert() || entry.highAlert(),
                entry.kvoAllowed() ? DEFAULT_KVO : KeepVeinOpen.NONE, vitals, pump.rateStep(), pump.volumeStep(),
                settings);
    }
}
