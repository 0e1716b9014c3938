package org.dosewarden.mqtt.wiring;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.channel.ChannelSupervisor;
import org.dosewarden.channel.DaemonChannels;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.plan.ProgrammedInfusion;
import org.dosewarden.dose.quantity.Concentration;
import org.dosewarden.dose.quantity.DrugAmount;
import org.dosewarden.journal.Journal;
import org.dosewarden.mqtt.DashboardLink;
import org.dosewarden.mqtt.Quantity;
import org.dosewarden.mqtt.config.ChannelMqttProperties;
import org.dosewarden.mqtt.config.MqttProperties;
import org.dosewarden.mqtt.config.MqttService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the running channels to the dashboards' MQTT link: each channel's snapshots become its retained
 * status and alarm documents, its vitals topic feeds the channel's core, and (when enabled) the pause topic
 * reaches the channel as a pause intent. Delivery never waits for the broker (SR-D4): the link only keeps
 * the latest document per channel and sends it when it can.
 */
@Context
@Requires(beans = {DaemonChannels.class, MqttService.class})
final class ChannelMqttWiring {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelMqttWiring.class);
    /** A running infusion's delivered volume is republished at most this often; state changes go at once. */
    static final Duration DELIVERY_UPDATE = Duration.ofSeconds(1);
    /** The "at least every 5 s". */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);

    ChannelMqttWiring(DaemonChannels channels, MqttService mqtt, Journal journal, TimeSource time,
                      List<ChannelMqttProperties> properties, MqttProperties settings) {
        DashboardLink link = mqtt.link();
        for (ChannelSupervisor supervisor : channels.supervisors()) {
            String bed = properties.stream().filter(p -> p.getName().equals(supervisor.name())).findFirst()
                    .map(ChannelMqttProperties::getBed).filter(b -> b != null && !b.isBlank())
                    .orElse(supervisor.name());
            supervisor.addListener(new StatusPublisher(link, journal, time, supervisor.name(), bed));
            link.onVitals(supervisor.name(), reading -> {
                var event = CoreVitals.toEvent(reading, time);
                supervisor.post(now -> event);
            });
        }
        if (settings.getPause().isEnabled()) {
            link.onPauseRequest(new ChannelPauseRequests(channels, time));
            LOG.info("MQTT pause topic enabled: dashboards may pause (never start or raise a rate)");
        }
    }

    /** Publishes a channel's status when it changes meaningfully, and at least every 5 s. */
    static final class StatusPublisher implements org.dosewarden.channel.ChannelListener {
        private final DashboardLink link;
        private final Journal journal;
        private final TimeSource time;
        private final String channel;
        private final String bed;
        private StatusKey lastKey;
        private List<org.dosewarden.mqtt.AlarmView> lastAlarms;
        private long lastPublishNanos = Long.MIN_VALUE;
        private long lastSeq;

        StatusPublisher(DashboardLink link, Journal journal, TimeSource time, String channel, String bed) {
            this.link = link;
            this.journal = journal;
            this.time = time;
            this.channel = channel;
            this.bed = bed;
        }

        @Override
        public void snapshotChanged(ChannelSnapshot s) {
            long now = time.monotonicNanos();
            StatusKey key = StatusKey.of(s);
            boolean changed = !key.equals(lastKey);
            long since = lastPublishNanos == Long.MIN_VALUE ? Long.MAX_VALUE : now - lastPublishNanos;
            boolean deliveryDue = "RUNNING".equals(s.infusionState()) && since >= DELIVERY_UPDATE.toNanos();
            if (!changed && !deliveryDue && since < HEARTBEAT.toNanos()) {
                return;
            }
            lastKey = key;
            lastPublishNanos = now;
            lastSeq = Math.max(lastSeq, journal.lastSequence());
            Quantity doseRate = null;
            Quantity delivered = null;
            Quantity total = null;
            if (s.program() != null) {
                ProgrammedInfusion infusion = s.program().order().infusion();
                Concentration c = infusion.concentration();
                total = quantity(infusion.totalDose());
                delivered = quantity(c.amountIn(s.delivered(), RoundingMode.UP));
                BigDecimal perHour = c.basePerHourAt(s.pumpRate());
                doseRate = new Quantity(perHour.movePointLeft(3).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros(),
                        c.kind() == org.dosewarden.dose.quantity.AmountKind.MASS ? "mg/h" : "[iU]/h");
            }
            try {
                link.publishStatus(channel, DashboardViews.status(s, lastSeq, bed, doseRate, delivered, total));
                // The alarm set is a retained document of its own, replaced as a whole: sent when it changed
                // (and again by the link on every reconnect), not with every status.
                List<org.dosewarden.mqtt.AlarmView> alarms = DashboardViews.alarms(s);
                if (!alarms.equals(lastAlarms)) {
                    link.publishAlarms(channel, alarms);
                    lastAlarms = alarms;
                }
                link.wakeOutbox();
            } catch (RuntimeException e) {
                LOG.warn("channel {}: status not handed to MQTT: {}", channel, e.toString());
            }
        }

        /**
         * What makes a status worth sending at once (the delivered volume of a running infusion goes at most once
         * per {@link #DELIVERY_UPDATE}; everything goes at least every {@link #HEARTBEAT}). Compared on every
         * cycle of the channel, so it is made of the snapshot's own values, without formatting any of them.
         */
        private record StatusKey(String infusion, org.dosewarden.channel.ChannelLinkState link, boolean uncertain, int step,
                                 org.dosewarden.dose.quantity.FlowRate pumpRate, List<ChannelSnapshot.AlarmView> alarms,
                                 boolean programmed, boolean nearEnd, List<Object> vitals) {
            static StatusKey of(ChannelSnapshot s) {
                List<Object> vitals = new java.util.ArrayList<>(3 * s.vitals().size());
                for (ChannelSnapshot.VitalReading v : s.vitals()) {
                    vitals.add(v.sign());
                    vitals.add(v.value());
                    vitals.add(String.valueOf(v.breach()));
                }
                return new StatusKey(s.infusionState(), s.linkState(), s.uncertain(), s.currentStep(), s.pumpRate(),
                        s.activeAlarms(), s.program() != null, s.progress() != null && s.progress().nearEnd(), vitals);
            }
        }

        /** Mass in mg, drug units in [iU]: exact, from whole µg or milli-units. */
        static Quantity quantity(DrugAmount amount) {
            Objects.requireNonNull(amount, "amount");
            BigDecimal value = BigDecimal.valueOf(amount.baseAmount(), 3).stripTrailingZeros();
            return new Quantity(value.scale() < 0 ? value.setScale(0) : value,
                    amount.kind() == org.dosewarden.dose.quantity.AmountKind.MASS ? "mg" : "[iU]");
        }
    }
}
