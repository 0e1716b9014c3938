package org.dosewarden.mqtt;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dosewarden.clock.TimeSource;

/**
 * The daemon's one MQTT connection: publishes availability, retained status and alarm sets, and journal events
 * from the {@link EventOutbox}; receives vitals and, when enabled, pause requests. This class wires four parts
 * that share one thread ({@link LinkThread}, {@code dosewarden-mqtt}), each with one job:
 * <ul>
 *   <li>{@link BrokerConnection}: the Paho client, connect and reconnect with backoff, the Last Will,
 *       {@code online} and the outage report, the acknowledgement timeout;</li>
 *   <li>{@link RetainedDocuments}: the latest retained document per topic (status, alarms, device documents),
 *       republished on reconnect and, for status, on every heartbeat;</li>
 *   <li>{@link OutboxRelay}: journal events in order at QoS 1, the cursor following PUBACKs;</li>
 *   <li>{@link IncomingMessages}: vitals to their channel, pause requests to the handler and its answer back.</li>
 * </ul>
 *
 * <p>{@link #publishStatus}, {@link #publishAlarms}, {@link #publishDeviceDocument} and {@link #wakeOutbox} may be
 * called from any thread: they store or signal and return at once, whatever the broker does (SR-D4).
 *
 * <p><b>In-flight window.</b> At most one document per retained topic and {@link LinkSettings#outboxWindow()}
 * events are unacknowledged at a time; newer documents replace waiting ones (only the latest matters), so
 * Paho's in-flight limit is never the thing that says no.
 */
public final class DashboardLink implements AutoCloseable {

    /** Availability payloads. */
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    /** Retained device-level documents this link may carry besides the channels' status and alarms. */
    private static final int DEVICE_DOCUMENTS = 4;

    /** How long {@link #close()} waits for the broker to take {@code offline} and the disconnect. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(8);

    private final LinkSettings settings;
    private final Map<String, ChannelEndpoint> channels = new LinkedHashMap<>();
    private final Map<String, Long> statusSeq = new ConcurrentHashMap<>();
    private final LinkThread thread = new LinkThread();
    private final BrokerConnection connection;
    private final RetainedDocuments retained;
    private final OutboxRelay relay;
    private final IncomingMessages incoming;

    /**
     * A link that is not yet connected; register consumers, then {@link #start()}.
     *
     * @param settings broker, topics, channels and timings
     * @param time     wall time for receipt stamps and pause-request expiry; monotonic time for timeouts
     * @param outbox   the journal outbox; its cursor is read once at start
     */
    public DashboardLink(LinkSettings settings, TimeSource time, EventOutbox outbox) {
        this(settings, time, outbox, BrokerConnection.PAHO);
    }

    /** As {@link #DashboardLink(LinkSettings, TimeSource, EventOutbox)}, with the Paho clients made by {@code clients}. */
    DashboardLink(LinkSettings settings, TimeSource time, EventOutbox outbox, BrokerConnection.ClientFactory clients) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(outbox, "outbox");
        for (ChannelEndpoint c : settings.channels()) {
            channels.put(c.name(), c);
        }
        this.connection = new BrokerConnection(settings, time, thread, maxInflight(), clients);
        this.retained = new RetainedDocuments(connection, thread);
        this.relay = new OutboxRelay(outbox, connection, thread, settings.topics(), channels.keySet(),
                settings.outboxWindow());
        this.incoming = new IncomingMessages(settings, time, thread, this::sendReply);
    }

    /** Registers where {@code channel}'s vitals go; called on the link thread, must not block. */
    public void onVitals(String channel, Consumer<VitalsReading> consumer) {
        requireChannel(channel);
        incoming.onVitals(channel, consumer);
    }

    /** Registers the pause handler; only used when the pause topic is enabled. */
    public void onPauseRequest(PauseRequestHandler handler) {
        incoming.onPauseRequest(handler);
    }

    /** Observes every state change; called on the link thread, must not block. */
    public void onStateChange(Consumer<BrokerLinkState> listener) {
        connection.onStateChange(listener);
    }

    public BrokerLinkState state() {
        return connection.state();
    }

    public LinkSettings settings() {
        return settings;
    }

    /** Starts connecting (retrying until it succeeds or {@link #close()} is called). */
    public void start() {
        if (connection.state() != BrokerLinkState.NEW) {
            throw new IllegalStateException("MQTT link already started (state " + connection.state() + ")");
        }
        thread.post("start", () -> {
            relay.start();
            connection.open(new Session());
        });
        thread.everyPeriod("heartbeat", this::heartbeat, settings.heartbeat());
        thread.withPauses("outbox", relay::pump, settings.outboxPoll());
    }

    /**
     * Publishes {@code status} as {@code channel}'s retained status (QoS 1), now if connected, else as soon as
     * the broker is back; only the latest document per channel is kept, and it is republished on every
     * heartbeat. Never blocks, never fails because of the broker.
     *
     * @throws IllegalArgumentException for an unknown channel or a {@code seq} lower than the previous one
     */
    public void publishStatus(String channel, StatusSnapshot status) {
        requireChannel(channel);
        Objects.requireNonNull(status, "status");
        statusSeq.compute(channel, (name, previous) -> {
            if (previous != null && status.seq() < previous) {
                throw new IllegalArgumentException("status seq of channel " + name + " went backwards: "
                        + status.seq() + " after " + previous);
            }
            retained.put(settings.topics().status(name), () -> Payloads.status(status), true);
            return status.seq();
        });
    }

    /**
     * Publishes {@code channel}'s complete set of active alarms as a retained JSON array (QoS 1); an empty
     * list publishes {@code []}. Never blocks, never fails because of the broker.
     */
    public void publishAlarms(String channel, List<AlarmView> active) {
        requireChannel(channel);
        List<AlarmView> copy = List.copyOf(active);
        retained.put(settings.topics().alarms(channel), () -> Payloads.alarms(copy), false);
    }

    /**
     * Publishes a retained device-level document on {@code topic} (under this device's root), replacing the
     * previous one there; republished on every reconnect, not on the heartbeat (the caller decides how often it
     * changes). Never blocks, never fails because of the broker.
     *
     * @param payload serialises the document when it is sent (on the link thread); never an empty payload
     * @throws IllegalArgumentException when {@code topic} is not under this device's topic root
     */
    public void publishDeviceDocument(String topic, Supplier<byte[]> payload) {
        TopicTree.checkTopicName("device document topic", topic);
        if (!topic.startsWith(settings.topics().root() + "/")) {
            throw new IllegalArgumentException("device document topic '" + topic + "' is not under "
                    + settings.topics().root());
        }
        retained.put(topic, payload, false);
    }

    /** Tells the link that the journal has new records, so they go out without waiting for the next poll. */
    public void wakeOutbox() {
        relay.wake();
    }

    /** The journal's newest sequence and how far the broker has acknowledged it; any thread, never blocks. */
    public OutboxBacklog outboxBacklog() {
        return relay.backlog();
    }

    /**
     * Publishes {@code offline} (retained), disconnects and stops the link thread. Waits at most a few
     * seconds for the broker; never throws.
     */
    @Override
    public void close() {
        if (thread.stopped()) {
            return;
        }
        thread.finishWith("close", () -> {
            relay.commitCursor();
            connection.close();
        }, CLOSE_WAIT);
    }

    /** Everything this link may have unacknowledged at once, plus room for availability, reports and replies. */
    int maxInflight() {
        return 2 * channels.size() + DEVICE_DOCUMENTS + settings.outboxWindow() + 16;
    }

    private void heartbeat() {
        if (connection.checkAcknowledgements()) {
            retained.heartbeat();
        }
    }

    private boolean sendReply(String topic, byte[] payload) {
        return connection.connected() && connection.publish(topic, payload, false, (ok, sameConnection) -> {
            if (sameConnection) {
                retained.flush();
            }
        });
    }

    private void requireChannel(String channel) {
        if (!channels.containsKey(channel)) {
            throw new IllegalArgumentException("unknown channel '" + channel + "'; configured channels: "
                    + channels.keySet());
        }
    }

    /** What the parts do when the broker comes and goes (link thread). */
    private final class Session implements BrokerConnection.Session {
        @Override
        public void connected(boolean afterOutage) {
            connection.subscribe(incoming.subscriptions());
            retained.connected();
            relay.connected(afterOutage);
        }

        @Override
        public void lost() {
            retained.lost();
            relay.lost();
        }

        @Override
        public void received(String topic, byte[] payload, boolean retainedMessage, Instant receivedAt) {
            incoming.received(topic, payload, retainedMessage, receivedAt);
        }
    }
}
