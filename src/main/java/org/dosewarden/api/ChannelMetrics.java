package org.dosewarden.api;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.ChannelHandle;
import org.dosewarden.channel.ChannelLinkState;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.channel.ChannelSupervisor;

/**
 * Prometheus metrics per channel, read from {@link ChannelDirectory} snapshots on every scrape:
 * <ul>
 *   <li>{@code dosewarden_channel_pump_rate_ml_per_h{channel}}: rate the pump last reported</li>
 *   <li>{@code dosewarden_channel_delivered_ml{channel}}: volume delivered in the current session</li>
 *   <li>{@code dosewarden_channel_state{channel,state}}: 1 for the current infusion state, 0 for the others</li>
 *   <li>{@code dosewarden_channel_link_up{channel}}: 1 when the pump link is CONNECTED</li>
 *   <li>{@code dosewarden_channel_active_alarms{channel,type,priority}}: active alarms by type (refreshed every 5 s)</li>
 * </ul>
 * and, for channels run by a {@link ChannelSupervisor}, its loop lateness (how late each cycle started
 * against its schedule, measured by the loop itself):
 * {@code dosewarden_channel_loop_lateness_max_seconds{channel}}, {@code dosewarden_channel_loop_lateness_mean_seconds{channel}}
 * and {@code dosewarden_channel_loop_cycles_total{channel}}.
 */
@Singleton
@Requires(beans = {ChannelDirectory.class, MeterRegistry.class})
final class ChannelMetrics implements MeterBinder, AutoCloseable {

    static final List<String> STATES = List.of("IDLE", "AWAITING_CONFIRMATION", "PROGRAMMED", "RUNNING", "PAUSED",
            "COMPLETED", "STOPPED", "TRIPPED", "FAULT");

    private final ChannelDirectory channels;
    private volatile MultiGauge alarms;
    /**
     * Our own timer, not {@code @Scheduled}: Micronaut's scheduler looks the bean up on every run, and a run
     * during shutdown could create this bean, and with it the channels, again.
     */
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "metrics-alarms");
        t.setDaemon(true);
        return t;
    });

    ChannelMetrics(ChannelDirectory channels) {
        this.channels = channels;
        refresher.scheduleWithFixedDelay(this::refreshQuietly, 5, 5, TimeUnit.SECONDS);
    }

    @PreDestroy
    @Override
    public void close() {
        refresher.shutdownNow();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ChannelHandle channel : channels.channels()) {
            Tags tags = Tags.of("channel", channel.name());
            Gauge.builder("dosewarden.channel.pump.rate.ml.per.h", channel,
                            c -> c.snapshot().pumpRate().millilitresPerHour().doubleValue())
                    .description("rate the pump last reported, mL/h").tags(tags).register(registry);
            Gauge.builder("dosewarden.channel.delivered.ml", channel,
                            c -> c.snapshot().delivered().millilitres().doubleValue())
                    .description("volume delivered in the current session, mL").tags(tags).register(registry);
            Gauge.builder("dosewarden.channel.link.up", channel,
                            c -> c.snapshot().linkState() == ChannelLinkState.CONNECTED ? 1 : 0)
                    .description("1 when the pump link is connected").tags(tags).register(registry);
            if (channel instanceof ChannelSupervisor supervisor) {
                Gauge.builder("dosewarden.channel.loop.lateness.max.seconds", supervisor,
                                c -> c.lateness().maxNanos() / 1e9)
                        .description("largest lateness of a supervision cycle since start, s").tags(tags)
                        .register(registry);
                Gauge.builder("dosewarden.channel.loop.lateness.mean.seconds", supervisor,
                                c -> c.lateness().meanNanos() / 1e9)
                        .description("mean lateness of a supervision cycle since start, s").tags(tags)
                        .register(registry);
                FunctionCounter.builder("dosewarden.channel.loop.cycles", supervisor, c -> c.lateness().count())
                        .description("supervision cycles run").tags(tags).register(registry);
            }
            for (String state : STATES) {
                Gauge.builder("dosewarden.channel.state", channel,
                                c -> state.equals(c.snapshot().infusionState()) ? 1 : 0)
                        .description("1 for the channel's current infusion state").tags(tags.and("state", state))
                        .register(registry);
            }
        }
        alarms = MultiGauge.builder("dosewarden.channel.active.alarms")
                .description("active alarms by channel, type and priority").register(registry);
        refreshAlarms();
    }

    private void refreshQuietly() {
        try {
            refreshAlarms();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ChannelMetrics.class).warn("alarm metrics not refreshed: {}", e.toString());
        }
    }

    /** Housekeeping: alarm types come and go, so the alarm gauge rows are rebuilt periodically. */
    void refreshAlarms() {
        MultiGauge gauge = alarms;
        if (gauge == null) {
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (ChannelHandle channel : channels.channels()) {
            ChannelSnapshot s = channel.snapshot();
            Map<String, Integer> counts = new TreeMap<>();
            for (ChannelSnapshot.AlarmView a : s.activeAlarms()) {
                counts.merge(a.type() + "\u0000" + a.priority(), 1, Integer::sum);
            }
            counts.forEach((key, n) -> {
                String[] parts = key.split("\u0000", 2);
                rows.add(MultiGauge.Row.of(Tags.of("channel", s.name(), "type", parts[0], "priority", parts[1]), n));
            });
        }
        gauge.register(rows, true);
    }
}
