package org.dosewarden.mqtt.wiring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.mqtt.AlarmView;
import org.dosewarden.mqtt.Quantity;
import org.dosewarden.mqtt.StatusSnapshot;
import org.dosewarden.safety.AlarmType;

/**
 * The channel layer's {@link ChannelSnapshot} as the documents dashboards read. The drug amounts
 * ({@code doseRate}, {@code deliveredDose}, {@code totalDose}) are not part of the snapshot; the caller
 * passes them (null when it has none).
 */
public final class DashboardViews {

    private DashboardViews() {
    }

    /**
     * The status document of {@code s}.
     *
     * @param seq           journal sequence of the newest record the snapshot reflects (never decreasing)
     * @param bed           the channel's configured bed label
     * @param doseRate      current dose rate in the library's unit; nullable
     * @param deliveredDose drug delivered in this session; nullable
     * @param totalDose     prescribed session total; nullable
     */
    public static StatusSnapshot status(ChannelSnapshot s, long seq, String bed, Quantity doseRate,
            Quantity deliveredDose, Quantity totalDose) {
        ChannelSnapshot.LoadedProgram p = s.program();
        boolean running = "RUNNING".equals(s.infusionState());
        return new StatusSnapshot(s.asOf(), seq, s.infusionState(), p == null ? null : p.order().drugId(), bed,
                s.pumpRate().millilitresPerHour(), doseRate, s.delivered().millilitres(), deliveredDose, totalDose,
                running ? Integer.valueOf(s.currentStep() + 1) : null, p == null ? null : p.startedAt(),
                p == null ? null : p.expectedEnd(), s.linkState().name(), s.activeAlarms().size());
    }

    /**
     * The alarm set of {@code s}. Priority and pump action come from the safety core's alarm table (SR-C1);
     * an alarm type the table does not know keeps the snapshot's priority and is shown with pump action
     * {@code stop}, the most conservative reading.
     */
    public static List<AlarmView> alarms(ChannelSnapshot s) {
        List<AlarmView> out = new ArrayList<>();
        for (ChannelSnapshot.AlarmView a : s.activeAlarms()) {
            AlarmView.Priority priority = AlarmView.Priority.valueOf(a.priority().toUpperCase(Locale.ROOT));
            AlarmView.PumpAction action = AlarmView.PumpAction.STOP;
            try {
                AlarmType type = AlarmType.valueOf(a.type());
                action = AlarmView.PumpAction.valueOf(type.action().name());
            } catch (IllegalArgumentException unknownType) {
                // keep STOP
            }
            out.add(new AlarmView(a.id(), a.type(), priority, a.raisedAt(), a.acknowledgedBy(), null, a.message(),
                    action));
        }
        return out;
    }
}
