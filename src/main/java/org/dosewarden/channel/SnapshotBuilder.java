package org.dosewarden.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.dose.library.VitalsProfile;
import org.dosewarden.dose.plan.PlannedStep;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.dosewarden.safety.Alarm;
import org.dosewarden.safety.ChannelState;
import org.dosewarden.safety.InfusionState;

/**
 * Builds the {@link ChannelSnapshot} a channel publishes: the core's state, what the loop knows beside it
 * ({@link Shell}), and the loaded program from the {@link SessionOrders}. Every field of a snapshot is set
 * here and nowhere else (a disabled channel's too, {@link #disabled}): a new field is one component of
 * {@link ChannelSnapshot}, taken from the core's state or from one more component of {@link Shell}.
 *
 * <p>Called on the channel thread; the snapshot it returns is immutable and is read by any thread.
 */
final class SnapshotBuilder {

    /**
     * What the loop knows beside the core's state.
     *
     * @param linkState      connecting, connected or lost (a running channel is never disabled)
     * @param pumpRate       rate the pump last reported, zero when its motor may not run
     * @param statusOverride why the loop itself is degraded (it failed and is restarting), or empty
     * @param journalFailed  the last journal write failed (SR-C4)
     */
    record Shell(ChannelLinkState linkState, FlowRate pumpRate, String statusOverride, boolean journalFailed) {
    }

    private final ChannelSettings settings;
    private final TimeSource time;
    private final SessionOrders orders;
    private final AfterCareRecords afterCare;

    SnapshotBuilder(ChannelSettings settings, TimeSource time, SessionOrders orders, AfterCareRecords afterCare) {
        this.settings = settings;
        this.time = time;
        this.orders = orders;
        this.afterCare = afterCare;
    }

    ChannelSnapshot build(ChannelState s, Shell shell) {
        ChannelSnapshot.LoadedProgram loaded = null;
        int step = 0;
        if (s.session() != null) {
            ChannelState.Session session = s.session();
            loaded = orders.loadedProgram(session, s.infusion() == InfusionState.RUNNING ? expectedEnd(session) : null);
            step = Math.min(session.stepIndex(), session.program().stepCount() - 1);
        }
        List<ChannelSnapshot.AlarmView> alarms = s.alarms().stream().map(SnapshotBuilder::view).toList();
        String reason = !shell.statusOverride().isEmpty() ? shell.statusOverride()
                : s.linkLost() ? "no contact with the pump" : shell.journalFailed() ? "journal cannot be written" : "";
        ChannelSnapshot.Progress progress = null;
        if (s.session() != null) {
            ChannelState.Session session = s.session();
            progress = new ChannelSnapshot.Progress(session.program().plan().totalVolume(), session.remainingVolume(),
                    session.remainingTime(), session.nearEnd());
        }
        return new ChannelSnapshot(settings.name(), true, reason, settings.profile(), settings.port(), shell.linkState(),
                s.infusion().name(), s.uncertain(), loaded, step, s.delivered(), shell.pumpRate(), alarms,
                time.wallTime(), progress, vitals(s), afterCare.view(s));
    }

    /**
     * The latest value of each sign with its wall time (the core keeps monotonic times) and whether it is past a
     * soft or hard limit of the session's vitals profile.
     */
    private List<ChannelSnapshot.VitalReading> vitals(ChannelState s) {
        VitalsProfile profile = s.session() == null ? null : s.session().program().vitalsProfile();
        long nowNanos = time.monotonicNanos();
        Instant now = time.wallTime();
        List<ChannelSnapshot.VitalReading> out = new ArrayList<>();
        for (ChannelState.LatestVital v : s.vitals().latest()) {
            Instant at = now.minusNanos(Math.max(0, nowNanos - v.atNanos()));
            out.add(new ChannelSnapshot.VitalReading(v.sign(), v.value(), at, breach(profile, v.sign(), v.value())));
        }
        out.sort(Comparator.comparing(ChannelSnapshot.VitalReading::at));
        return out;
    }

    private static String breach(VitalsProfile profile, VitalSign sign, int value) {
        if (profile == null) {
            return null;
        }
        if (profile.hardLimits().stream().anyMatch(l -> l.sign() == sign && l.breachedBy(value))) {
            return "hard";
        }
        if (profile.softLimits().stream().anyMatch(l -> l.sign() == sign && l.breachedBy(value))) {
            return "soft";
        }
        return null;
    }

    /** The snapshot of a channel that could not be set up: idle, no link, the reason shown. */
    static ChannelSnapshot disabled(String name, String reason, String profile, String port, Instant asOf) {
        return new ChannelSnapshot(name, false, reason, profile, port, ChannelLinkState.DISABLED, "IDLE", false,
                null, 0, Volume.ZERO, FlowRate.ZERO, List.of(), asOf);
    }

    private static ChannelSnapshot.AlarmView view(Alarm a) {
        return new ChannelSnapshot.AlarmView(Long.toString(a.id()), a.type().name(), a.priority().name(),
                a.type().clinicianText() + (a.detail().isEmpty() ? "" : " (" + a.detail() + ")"),
                a.raisedAt(), a.latched(), a.acknowledgedBy());
    }

    /** While running: now plus the rest of the current step and the later steps at their planned rates. */
    private Instant expectedEnd(ChannelState.Session session) {
        List<PlannedStep> steps = session.program().plan().steps();
        Duration left = Duration.ZERO;
        for (int i = session.stepIndex(); i < steps.size(); i++) {
            PlannedStep step = steps.get(i);
            Volume volume = i == session.stepIndex()
                    ? step.volumeToBeInfused().minusOrZero(session.deliveredInStep()) : step.volumeToBeInfused();
            left = left.plus(step.rate().timeFor(volume));
        }
        return time.wallTime().plus(left);
    }
}
