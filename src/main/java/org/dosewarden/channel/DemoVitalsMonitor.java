package org.dosewarden.channel;

import java.time.Duration;
import java.util.List;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.library.VitalSign;
import org.dosewarden.safety.Event;
import org.dosewarden.safety.VitalValue;

/**
 * A simulated bedside monitor for the demo only ({@code dosewarden.channels.<name>.simulated-vitals}): every
 * minute of channel time it reports steady, unremarkable vitals (BP 128/82, HR 76, SpO2 98 %, RR 14), so
 * the vitals start gate and staleness rules can be seen working without a real monitor. It is what the
 * simulated pump is to the pump: never enable it on a real bed.
 */
final class DemoVitalsMonitor implements Runnable {

    static final Duration PERIOD = Duration.ofSeconds(10);
    static final List<VitalValue> STEADY = List.of(
            VitalValue.of(VitalSign.SYSTOLIC_BP, 128), VitalValue.of(VitalSign.DIASTOLIC_BP, 82),
            VitalValue.of(VitalSign.HEART_RATE, 76), VitalValue.of(VitalSign.SPO2, 98),
            VitalValue.of(VitalSign.RESPIRATORY_RATE, 14));

    private final ChannelSupervisor channel;
    private final TimeSource time;
    private long lastNanos = Long.MIN_VALUE;

    DemoVitalsMonitor(ChannelSupervisor channel, TimeSource time) {
        this.channel = channel;
        this.time = time;
    }

    /** Called on the channel thread after every cycle. */
    @Override
    public void run() {
        long now = time.monotonicNanos();
        if (lastNanos == Long.MIN_VALUE || now - lastNanos >= PERIOD.toNanos()) {
            lastNanos = now;
            channel.post(at -> new Event.VitalsReading(at, STEADY));
        }
    }
}
