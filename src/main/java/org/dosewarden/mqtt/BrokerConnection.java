package org.dosewarden.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.dosewarden.clock.Backoff;
import org.dosewarden.clock.TimeSource;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the broker (Eclipse Paho mqttv3, MQTT 3.1.1, clean session) and its state machine
 * {@code NEW -> CONNECTING -> CONNECTED <-> DISCONNECTED -> CLOSED}.
 *
 * <p>The initial connect and every reconnect are retried with the shared doubling {@link Backoff} up to
 * {@link LinkSettings#maxBackoff()}, jittered by a seed taken from the client id so the devices of a ward do
 * not all return to a restarted broker in the same instant. The Last Will marks the device {@code offline};
 * every (re)connect publishes {@code online} and, after an outage, one report on {@link TopicTree#connection()},
 * then hands over to the {@link Session} (subscribe, republish). A QoS 1 publish left without PUBACK for
 * {@link InFlightPublishes#ACK_TIMEOUT} counts as a lost connection. Expected drops are logged at warn.
 *
 * <p>Link thread only, except {@link #state()} and {@link #onStateChange}. Paho's callbacks only post work to
 * the link thread: calling the client from inside a callback can deadlock Paho.
 */
final class BrokerConnection {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);

    static final int QOS_AT_LEAST_ONCE = 1;

    /** Spreads the reconnects of a ward's devices over a quarter of each wait; never lengthens a wait. */
    static final int JITTER_PERCENT = 25;

    /** What the rest of the link does when the connection comes and goes; called on the link thread. */
    interface Session {
        /** A new clean session is up: subscribe, and publish again whatever the broker must hold. */
        void connected(boolean afterOutage);

        /** The connection is gone: nothing in flight on it will be acknowledged. */
        void lost();

        /** A message arrived on a subscribed topic; {@code payload} is a copy the receiver may keep. */
        void received(String topic, byte[] payload, boolean retained, Instant receivedAt);
    }

    /** Makes the Paho client for one connection attempt (tests hand in one that fails on demand). */
    @FunctionalInterface
    interface ClientFactory {
        MqttAsyncClient create(String serverUri, String clientId) throws MqttException;
    }

    /** Paho's client with in-memory persistence: the journal is our persistence; Paho's default writes files in the cwd. */
    static final ClientFactory PAHO = (serverUri, clientId) -> new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());

    /** The broker's answer to one publish. */
    @FunctionalInterface
    interface Acknowledgement {
        /**
         * @param acknowledged   PUBACK received
         * @param sameConnection the connection the publish went out on is still the current one
         */
        void published(boolean acknowledged, boolean sameConnection);
    }

    private final LinkSettings settings;
    private final TimeSource time;
    private final LinkThread thread;
    private final int maxInflight;
    private final ClientFactory clients;
    private final List<Consumer<BrokerLinkState>> stateListeners = new CopyOnWriteArrayList<>();
    private volatile BrokerLinkState state = BrokerLinkState.NEW;
    private Session session;

    private MqttAsyncClient client;
    private long generation;
    private final InFlightPublishes inFlight;
    private final Backoff backoff;
    private boolean everConnected;
    private Instant lostAt;
    private String lostCause;

    /**
     * @param maxInflight publishes Paho may hold unacknowledged; the link's own windows stay below it, so it is
     *                    never the thing that says no
     */
    BrokerConnection(LinkSettings settings, TimeSource time, LinkThread thread, int maxInflight, ClientFactory clients) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.time = Objects.requireNonNull(time, "time");
        this.thread = Objects.requireNonNull(thread, "thread");
        this.maxInflight = maxInflight;
        this.clients = Objects.requireNonNull(clients, "clients");
        this.inFlight = new InFlightPublishes(time, thread, () -> generation);
        this.backoff = Backoff.doubling(time, settings.initialBackoff(), settings.maxBackoff())
                .withJitter(settings.clientId().hashCode(), JITTER_PERCENT);
    }

    BrokerLinkState state() {
        return state;
    }

    boolean connected() {
        return state == BrokerLinkState.CONNECTED;
    }

    void onStateChange(Consumer<BrokerLinkState> listener) {
        stateListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Starts the first attempt; {@code session} hears of every connection from then on. */
    void open(Session session) {
        this.session = Objects.requireNonNull(session, "session");
        connect();
    }

    /**
     * Hands one QoS 1 publish to Paho.
     *
     * @return false when Paho did not take it (its in-flight window is full, or the client is gone); the caller
     *         keeps the document and tries again on a later acknowledgement
     */
    boolean publish(String topic, byte[] payload, boolean retained, Acknowledgement ack) {
        if (client == null) {
            return false;
        }
        IMqttActionListener completion = inFlight.listener(ack, generation);
        try {
            client.publish(topic, payload, QOS_AT_LEAST_ONCE, retained, null, completion);
            inFlight.sent(completion);
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                LOG.debug("MQTT publish to {} not accepted: {}", topic, e.toString());
            }
            return false;
        } catch (RuntimeException e) {
            // A client that fails in a way Paho does not declare is not trusted with the next publish either.
            LOG.warn("MQTT publish to {} failed: {}; reconnecting", topic, e.toString());
            discardClient();
            thread.post("publish failed", () -> connectionLost(e));
            return false;
        }
    }

    /** Subscribes at QoS 1; a refusal by the broker's ACL is logged as an error (it is a configuration fault). */
    void subscribe(List<String> topics) {
        if (topics.isEmpty() || client == null) {
            return;
        }
        int[] qos = new int[topics.size()];
        Arrays.fill(qos, QOS_AT_LEAST_ONCE);
        try {
            client.subscribe(topics.toArray(String[]::new), qos, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] granted = token.getGrantedQos();
                    for (int i = 0; granted != null && i < granted.length && i < topics.size(); i++) {
                        if (granted[i] == 0x80) {
                            LOG.error("MQTT broker refused the subscription to {}; check the broker's ACL for "
                                    + "user {}", topics.get(i), settings.username());
                        }
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    LOG.warn("MQTT subscription to {} failed: {}", topics, cause.toString());
                }
            });
        } catch (MqttException e) {
            LOG.warn("MQTT subscribe failed: {}", e.toString());
        }
    }

    /**
     * Drops the connection when the broker has left a publish unacknowledged for longer than
     * {@link InFlightPublishes#ACK_TIMEOUT}.
     *
     * @return false when it did (the link is reconnecting)
     */
    boolean checkAcknowledgements() {
        if (state != BrokerLinkState.CONNECTED) {
            return true;
        }
        Optional<Duration> overdue = inFlight.overdue();
        if (overdue.isEmpty()) {
            return true;
        }
        LOG.warn("MQTT broker {} has not acknowledged a publish for {} s (denied by its ACL?); reconnecting",
                settings.serverUri(), overdue.get().toSeconds());
        discardClient();
        connectionLost(new IllegalStateException("no PUBACK within " + InFlightPublishes.ACK_TIMEOUT.toSeconds()
                + " s"));
        return false;
    }

    /** Publishes {@code offline} (retained) if connected, disconnects, and ends the state machine. */
    void close() {
        BrokerLinkState was = state;
        setState(BrokerLinkState.CLOSED);
        if (client == null) {
            return;
        }
        try {
            if (was == BrokerLinkState.CONNECTED && client.isConnected()) {
                // The Last Will only fires on an unclean end; a clean shutdown says offline itself.
                client.publish(settings.topics().availability(), DashboardLink.OFFLINE.getBytes(StandardCharsets.UTF_8),
                        QOS_AT_LEAST_ONCE, true).waitForCompletion(2000);
                client.disconnect(1000).waitForCompletion(2000);
                LOG.info("MQTT disconnected from {} (offline published)", settings.serverUri());
            }
        } catch (MqttException e) {
            LOG.warn("MQTT clean disconnect failed: {}", e.toString());
        }
        discardClient();
    }

    // ---------------------------------------------------------------- state machine

    private void connect() {
        if (state == BrokerLinkState.CLOSED) {
            return;
        }
        setState(BrokerLinkState.CONNECTING);
        long attempt = ++generation;
        try {
            if (client == null) {
                client = clients.create(settings.serverUri(), settings.clientId());
                client.setCallback(new Callbacks());
            }
            client.connect(ConnectOptions.of(settings, maxInflight), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    thread.post("connected", () -> connected(attempt));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    thread.post("connect failed", () -> connectFailed(attempt, cause));
                }
            });
        } catch (MqttException | RuntimeException e) {
            // The client is in a state connect() refuses (e.g. still disconnecting): start over with a new one.
            discardClient();
            connectFailed(attempt, e);
        }
    }

    private void connected(long attempt) {
        if (attempt != generation) {
            return;
        }
        if (state == BrokerLinkState.CLOSED) {
            discardClient();
            return;
        }
        Instant now = time.wallTime();
        boolean afterOutage = lostAt != null;
        if (afterOutage) {
            LOG.warn("MQTT broker {} reachable again after {} s without it; republishing status, alarms and "
                    + "events", settings.serverUri(), Duration.between(lostAt, now).toSeconds());
        } else {
            LOG.info("MQTT connected to {} as {}", settings.serverUri(), settings.clientId());
        }
        setState(BrokerLinkState.CONNECTED);
        inFlight.clear();
        backoff.succeeded();
        publish(settings.topics().availability(), DashboardLink.ONLINE.getBytes(StandardCharsets.UTF_8), true,
                (ok, same) -> { });
        if (afterOutage) {
            publish(settings.topics().connection(), Payloads.connectionRestored(lostAt, now, lostCause), false,
                    (ok, same) -> { });
            lostAt = null;
            lostCause = null;
        }
        everConnected = true;
        session.connected(afterOutage);
    }

    private void connectFailed(long attempt, Throwable cause) {
        if (attempt != generation || state == BrokerLinkState.CLOSED) {
            return;
        }
        setState(BrokerLinkState.DISCONNECTED);
        Duration wait = scheduleReconnect();
        int failures = backoff.failures();
        if (failures == 1 || failures % 10 == 0) {
            LOG.warn("MQTT broker {} not reachable ({}; attempt {}); retrying in {} ms. Delivery and local alarms "
                    + "are unaffected", settings.serverUri(), describe(cause), failures, wait.toMillis());
        }
        if (!everConnected && lostAt == null) {
            lostCause = describe(cause);
        }
    }

    private void connectionLost(Throwable cause) {
        if (state != BrokerLinkState.CONNECTED) {
            return;
        }
        generation++;
        lostAt = time.wallTime();
        lostCause = describe(cause);
        setState(BrokerLinkState.DISCONNECTED);
        LOG.warn("MQTT connection to {} lost ({}); delivery and local alarms are unaffected; reconnecting",
                settings.serverUri(), lostCause);
        inFlight.clear();
        session.lost();
        scheduleReconnect();
    }

    private Duration scheduleReconnect() {
        Duration wait = backoff.failed();
        thread.schedule("reconnect", this::connect, wait);
        return wait;
    }

    private void discardClient() {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 500, false);
            }
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("MQTT client close: {}", e.toString());
        }
        client = null;
    }

    private void setState(BrokerLinkState next) {
        if (state == next) {
            return;
        }
        state = next;
        for (Consumer<BrokerLinkState> l : stateListeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.error("MQTT link state listener failed", e);
            }
        }
    }

    /** Paho's callbacks: copy what arrived and hand it to the link thread; never call the client here. */
    private final class Callbacks implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            thread.post("connection lost", () -> BrokerConnection.this.connectionLost(cause));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Throwing here would make Paho drop the connection; copy and hand off only.
            byte[] payload = message.getPayload().clone();
            boolean retained = message.isRetained();
            Instant at = time.wallTime();
            thread.post("message", () -> session.received(topic, payload, retained, at));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Acknowledgements are handled per publish by Completion (same moment: PUBACK received).
        }
    }

    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return root == t ? msg : msg + ": " + root;
    }
}
