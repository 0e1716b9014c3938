package org.dosewarden.mqtt.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.dosewarden.channel.DaemonChannels;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.journal.Journal;
import org.dosewarden.mqtt.DashboardLink;
import org.dosewarden.mqtt.OutboxBacklog;
import org.dosewarden.mqtt.config.MqttProperties;
import org.dosewarden.mqtt.config.MqttService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.dosewarden.json.JsonMappers;

/**
 * The device's retained health document on {@code <root>/health} (SR-D6), made at start and every 30 s: a
 * dashboard whose status documents stop moving can tell a stalled device (health still moving, journal
 * sequence or outbox backlog telling why) from one that is gone (health stopped too, or {@code offline}).
 * Owns one daemon thread, {@code dosewarden-health}; the document is handed to the link, which never blocks.
 */
@Context
@Requires(beans = {DaemonChannels.class, MqttService.class})
final class DeviceHealth implements AutoCloseable {

    /** SR-D6: every 30 s; a dashboard counts a device silent after two missed documents. */
    static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(DeviceHealth.class);
    private static final ObjectMapper JSON = JsonMappers.json();

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dosewarden-health");
        t.setDaemon(true);
        return t;
    });

    DeviceHealth(MqttService mqtt, DaemonChannels channels, Journal journal, TimeSource time, MqttProperties settings) {
        DashboardLink link = mqtt.link();
        Document document = new Document(time, time.monotonicNanos(), journal::lastSequence, link::outboxBacklog,
                channels.supervisors().size(), settings.getHeartbeat(), settings.getPause().isEnabled());
        String topic = link.settings().topics().health();
        thread.scheduleAtFixedRate(() -> {
            try {
                byte[] payload = document.make();
                link.publishDeviceDocument(topic, () -> payload);
            } catch (RuntimeException e) {
                LOG.warn("device health document not made: {}", e.toString());
            }
        }, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * What the health document says, made from the daemon's own counters.
     *
     * @param startNanos monotonic time of the daemon's start (uptime is counted from it)
     */
    record Document(TimeSource time, long startNanos, LongSupplier journalSeq, java.util.function.Supplier<OutboxBacklog> backlog,
                    int channels, Duration heartbeat, boolean pauseEnabled) {

        byte[] make() {
            ObjectNode o = JSON.createObjectNode();
            Instant now = time.wallTime();
            o.put("ts", now.toString());
            o.put("version", version());
            o.put("uptimeSeconds", Math.max(0, (time.monotonicNanos() - startNanos) / 1_000_000_000L));
            o.put("journalSeq", journalSeq.getAsLong());
            o.put("outboxPending", backlog.get().pending());
            o.put("channels", channels);
            o.put("heartbeatSeconds", Math.max(1, heartbeat.toSeconds()));
            o.put("healthIntervalSeconds", INTERVAL.toSeconds());
            o.put("pauseEnabled", pauseEnabled);
            return o.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The jar's version (its manifest, the same for every class of the jar), or {@code dev} when running from classes. */
    static String version() {
        String v = DeviceHealth.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    @PreDestroy
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
