package org.dosewarden.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.dosewarden.clock.TimeSource;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's one MQTT connection (Eclipse Paho mqttv3, MQTT 3.1.1): publishes availability, retained
 * status and alarm sets, and journal events from the {@link EventOutbox}; receives vitals and, when enabled,
 * pause requests.
 *
 * <p><b>Threads.</b> One named thread, {@code dosewarden-mqtt}, owns the Paho client; nothing else calls
 * it. Paho's callbacks only post work to that thread (calling the client from inside a callback can
 * deadlock Paho). {@link #publishStatus} and {@link #publishAlarms} may be called from any thread: they
 * store the latest document and return at once, whatever the broker does (SR-D4).
 *
 * <p><b>Connection.</b> The initial connect and every reconnect are retried with doubling backoff; the
 * Last Will marks the device {@code offline}; on every (re)connect the link publishes {@code online},
 * re-subscribes (clean session), republishes every channel's retained status and alarm set, resends the
 * outbox from the durable cursor, and, after an outage, reports it on {@link TopicTree#connection()}.
 * Expected drops are logged at warn.
 *
 * <p><b>Outbox guarantee.</b> Events go out in journal order at QoS 1. The cursor only moves over events the
 * broker acknowledged (PUBACK), contiguously from the cursor; after an outage everything after the cursor is
 * sent again, so a subscriber may see an event twice (same {@code seq}) but never misses one and never sees
 * them out of order.
 *
 * <p><b>In-flight window.</b> At most one status and one alarm document per channel and
 * {@link LinkSettings#outboxWindow()} events are unacknowledged at a time; newer status documents replace
 * waiting ones (only the latest matters), so Paho's in-flight limit is never the thing that says no.
 */
public final class DashboardLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardLink.class);

    /** Availability payloads. */
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    /** How long a channel has to answer a pause request before the dashboard is told it did not. */
    static final Duration PAUSE_ANSWER_TIMEOUT = Duration.ofSeconds(10);

    /**
     * A QoS 1 publish without PUBACK for this long means the broker silently dropped it (Moquette does so
     * for a publish its ACL denies): reconnect, so the outbox resends instead of stalling behind it.
     */
    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    /** Acknowledgements arriving within this delay share one durable cursor write. */
    static final Duration CURSOR_COMMIT_DELAY = Duration.ofMillis(100);

    private static final int QOS_AT_LEAST_ONCE = 1;

    private final LinkSettings settings;
    private final TimeSource time;
    private final EventOutbox outbox;
    private final ScheduledExecutorService loop;
    private final Map<String, ChannelEndpoint> channels = new LinkedHashMap<>();
    private final Map<String, List<String>> channelsByVitalsTopic = new HashMap<>();
    private final Map<String, String> channelByPauseTopic = new HashMap<>();
    private final Map<String, Consumer<VitalsReading>> vitalsConsumers = new ConcurrentHashMap<>();
    private final List<Consumer<BrokerLinkState>> stateListeners = new CopyOnWriteArrayList<>();
    private volatile PauseRequestHandler pauseHandler;
    private volatile BrokerLinkState state = BrokerLinkState.NEW;

    // Written by any thread, read on the link thread.
    private final ConcurrentHashMap<String, StatusSnapshot> latestStatus = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<AlarmView>> latestAlarms = new ConcurrentHashMap<>();
    private final Set<String> statusChanged = ConcurrentHashMap.newKeySet();
    private final Set<String> alarmsChanged = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final AtomicBoolean outboxQueued = new AtomicBoolean();

    // Link thread only.
    private MqttAsyncClient client;
    private long generation;
    private final Set<String> statusDirty = new HashSet<>();
    private final Set<String> alarmsDirty = new HashSet<>();
    private final Set<String> statusInFlight = new HashSet<>();
    private final Set<String> alarmsInFlight = new HashSet<>();
    private long cursor;
    private long lastQueued;
    private final ArrayDeque<Long> eventsInFlight = new ArrayDeque<>();
    private final TreeSet<Long> acked = new TreeSet<>();
    private long committedCursor;
    private boolean cursorCommitQueued;
    /** Unacknowledged publishes of the current connection, oldest first, with their monotonic send time. */
    private final LinkedHashMap<Completion, Long> awaitingAck = new LinkedHashMap<>();
    private Duration backoff;
    private int failedAttempts;
    private boolean everConnected;
    private Instant lostAt;
    private String lostCause;

    /**
     * A link that is not yet connected; register consumers, then {@link #start()}.
     *
     * @param settings broker, topics, channels and timings
     * @param time     wall time for receipt stamps and pause-request expiry
     * @param outbox   the journal outbox; its cursor is read once at start
     */
    public DashboardLink(LinkSettings settings, TimeSource time, EventOutbox outbox) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.time = Objects.requireNonNull(time, "time");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.backoff = settings.initialBackoff();
        TopicTree topics = settings.topics();
        for (ChannelEndpoint c : settings.channels()) {
            channels.put(c.name(), c);
            channelsByVitalsTopic.computeIfAbsent(c.vitalsTopic(), t -> new ArrayList<>()).add(c.name());
            channelByPauseTopic.put(topics.pauseRequest(c.name()), c.name());
        }
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dosewarden-mqtt");
            t.setDaemon(true);
            return t;
        });
    }

    // ---------------------------------------------------------------- public API (any thread)

    /** Registers where {@code channel}'s vitals go; called on the link thread, must not block. */
    public void onVitals(String channel, Consumer<VitalsReading> consumer) {
        requireChannel(channel);
        vitalsConsumers.put(channel, Objects.requireNonNull(consumer, "consumer"));
    }

    /** Registers the pause handler; only used when the pause topic is enabled. */
    public void onPauseRequest(PauseRequestHandler handler) {
        this.pauseHandler = Objects.requireNonNull(handler, "handler");
    }

    /** Observes every state change; called on the link thread, must not block. */
    public void onStateChange(Consumer<BrokerLinkState> listener) {
        stateListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public BrokerLinkState state() {
        return state;
    }

    public LinkSettings settings() {
        return settings;
    }

    /** Starts connecting (retrying until it succeeds or {@link #close()} is called). */
    public void start() {
        if (state != BrokerLinkState.NEW) {
            throw new IllegalStateException("MQTT link already started (state " + state + ")");
        }
        loop.execute(guarded("start", () -> {
            cursor = outbox.acknowledgedUpTo();
            committedCursor = cursor;
            lastQueued = cursor;
            connect();
        }));
        long heartbeat = settings.heartbeat().toMillis();
        loop.scheduleAtFixedRate(guarded("heartbeat", this::heartbeat), heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        long poll = settings.outboxPoll().toMillis();
        loop.scheduleWithFixedDelay(guarded("outbox", this::pumpOutbox), poll, poll, TimeUnit.MILLISECONDS);
    }

    /**
     * Publishes {@code status} as {@code channel}'s retained status (QoS 1), now if connected, else as soon as
     * the broker is back; only the latest document per channel is kept. Never blocks, never fails because of
     * the broker.
     *
     * @throws IllegalArgumentException for an unknown channel or a {@code seq} lower than the previous one
     */
    public void publishStatus(String channel, StatusSnapshot status) {
        requireChannel(channel);
        Objects.requireNonNull(status, "status");
        latestStatus.compute(channel, (name, previous) -> {
            if (previous != null && status.seq() < previous.seq()) {
                throw new IllegalArgumentException("status seq of channel " + name + " went backwards: "
                        + status.seq() + " after " + previous.seq());
            }
            return status;
        });
        statusChanged.add(channel);
        requestFlush();
    }

    /**
     * Publishes {@code channel}'s complete set of active alarms as a retained JSON array (QoS 1); an empty
     * list publishes {@code []}. Never blocks, never fails because of the broker.
     */
    public void publishAlarms(String channel, List<AlarmView> active) {
        requireChannel(channel);
        latestAlarms.put(channel, List.copyOf(active));
        alarmsChanged.add(channel);
        requestFlush();
    }

    /** Tells the link that the journal has new records, so they go out without waiting for the next poll. */
    public void wakeOutbox() {
        if (outboxQueued.compareAndSet(false, true)) {
            post("outbox", () -> {
                outboxQueued.set(false);
                pumpOutbox();
            });
        }
    }

    /**
     * Publishes {@code offline} (retained), disconnects and stops the link thread. Waits at most a few
     * seconds for the broker; never throws.
     */
    @Override
    public void close() {
        if (loop.isShutdown()) {
            return;
        }
        try {
            loop.submit(guarded("close", this::shutdown)).get(8, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("MQTT link did not close cleanly: {}", e.toString());
        }
        loop.shutdownNow();
    }

    // ---------------------------------------------------------------- connection state machine (link thread)

    private void connect() {
        if (state == BrokerLinkState.CLOSED) {
            return;
        }
        setState(BrokerLinkState.CONNECTING);
        long attempt = ++generation;
        try {
            if (client == null) {
                // MemoryPersistence: the journal is our persistence; Paho's default writes files in the cwd.
                client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
                client.setCallback(new Callbacks());
            }
            client.connect(options(), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    post("connected", () -> connected(attempt));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    post("connect failed", () -> connectFailed(attempt, cause));
                }
            });
        } catch (MqttException | RuntimeException e) {
            // The client is in a state connect() refuses (e.g. still disconnecting): start over with a new one.
            discardClient();
            connectFailed(attempt, e);
        }
    }

    private MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        // Clean session: the outbox resends from its own durable cursor, and subscriptions are re-issued.
        o.setCleanSession(true);
        o.setAutomaticReconnect(false); // this class owns reconnection and its backoff
        o.setConnectionTimeout(seconds(settings.connectTimeout()));
        o.setKeepAliveInterval(seconds(settings.keepAlive()));
        o.setMaxInflight(maxInflight());
        o.setWill(settings.topics().availability(), OFFLINE.getBytes(StandardCharsets.UTF_8), QOS_AT_LEAST_ONCE, true);
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password().toCharArray());
        }
        if (settings.socketFactory() != null) {
            o.setSocketFactory(settings.socketFactory());
        }
        o.setHttpsHostnameVerificationEnabled(true);
        return o;
    }

    /** Everything this class may have unacknowledged at once, plus room for availability, reports and replies. */
    int maxInflight() {
        return 2 * channels.size() + settings.outboxWindow() + 16;
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
        if (lostAt != null) {
            LOG.warn("MQTT broker {} reachable again after {} s without it; republishing status, alarms and "
                    + "events since journal seq {}", settings.serverUri(),
                    Duration.between(lostAt, now).toSeconds(), cursor);
        } else {
            LOG.info("MQTT connected to {} as {}", settings.serverUri(), settings.clientId());
        }
        setState(BrokerLinkState.CONNECTED);
        awaitingAck.clear();
        backoff = settings.initialBackoff();
        failedAttempts = 0;
        send(settings.topics().availability(), ONLINE.getBytes(StandardCharsets.UTF_8), true, Kind.OTHER, null);
        subscribe();
        statusInFlight.clear();
        alarmsInFlight.clear();
        statusDirty.addAll(latestStatus.keySet());
        alarmsDirty.addAll(latestAlarms.keySet());
        eventsInFlight.clear();
        lastQueued = cursor;
        if (lostAt != null) {
            send(settings.topics().connection(), Payloads.connectionRestored(lostAt, now, lostCause), false,
                    Kind.OTHER, null);
            lostAt = null;
            lostCause = null;
        }
        everConnected = true;
        flush();
        pumpOutbox();
    }

    private void subscribe() {
        List<String> topics = new ArrayList<>(channelsByVitalsTopic.keySet());
        if (settings.pauseTopic()) {
            topics.addAll(channelByPauseTopic.keySet());
        }
        if (topics.isEmpty()) {
            return;
        }
        int[] qos = new int[topics.size()];
        java.util.Arrays.fill(qos, QOS_AT_LEAST_ONCE);
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

    private void connectFailed(long attempt, Throwable cause) {
        if (attempt != generation || state == BrokerLinkState.CLOSED) {
            return;
        }
        failedAttempts++;
        setState(BrokerLinkState.DISCONNECTED);
        if (failedAttempts == 1 || failedAttempts % 10 == 0) {
            LOG.warn("MQTT broker {} not reachable ({}; attempt {}); retrying in {} ms. Delivery and local alarms "
                    + "are unaffected", settings.serverUri(), describe(cause), failedAttempts, backoff.toMillis());
        }
        if (!everConnected && lostAt == null) {
            lostCause = describe(cause);
        }
        scheduleReconnect();
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
        statusInFlight.clear();
        alarmsInFlight.clear();
        eventsInFlight.clear();
        awaitingAck.clear();
        lastQueued = cursor;
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        Duration wait = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
        loop.schedule(guarded("reconnect", this::connect), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void shutdown() {
        BrokerLinkState was = state;
        setState(BrokerLinkState.CLOSED);
        commitCursor();
        if (client == null) {
            return;
        }
        try {
            if (was == BrokerLinkState.CONNECTED && client.isConnected()) {
                // The Last Will only fires on an unclean end; a clean shutdown says offline itself.
                client.publish(settings.topics().availability(), OFFLINE.getBytes(StandardCharsets.UTF_8),
                        QOS_AT_LEAST_ONCE, true).waitForCompletion(2000);
                client.disconnect(1000).waitForCompletion(2000);
                LOG.info("MQTT disconnected from {} (offline published)", settings.serverUri());
            }
        } catch (MqttException e) {
            LOG.warn("MQTT clean disconnect failed: {}", e.toString());
        }
        discardClient();
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

    // ---------------------------------------------------------------- status and alarms (link thread)

    private void requestFlush() {
        if (flushQueued.compareAndSet(false, true)) {
            post("flush", () -> {
                flushQueued.set(false);
                flush();
            });
        }
    }

    private void flush() {
        drainInto(statusChanged, statusDirty);
        drainInto(alarmsChanged, alarmsDirty);
        if (state != BrokerLinkState.CONNECTED) {
            return;
        }
        for (var it = statusDirty.iterator(); it.hasNext(); ) {
            String channel = it.next();
            if (statusInFlight.contains(channel)) {
                continue; // published when the one in flight is acknowledged
            }
            StatusSnapshot s = latestStatus.get(channel);
            if (s == null || !send(settings.topics().status(channel), Payloads.status(s), true, Kind.STATUS, channel)) {
                if (s == null) {
                    it.remove();
                    continue;
                }
                return; // window full: retried on the next acknowledgement
            }
            it.remove();
            statusInFlight.add(channel);
        }
        for (var it = alarmsDirty.iterator(); it.hasNext(); ) {
            String channel = it.next();
            if (alarmsInFlight.contains(channel)) {
                continue;
            }
            List<AlarmView> a = latestAlarms.get(channel);
            if (a == null) {
                it.remove();
                continue;
            }
            if (!send(settings.topics().alarms(channel), Payloads.alarms(a), true, Kind.ALARMS, channel)) {
                return;
            }
            it.remove();
            alarmsInFlight.add(channel);
        }
    }

    private static void drainInto(Set<String> from, Set<String> to) {
        for (var it = from.iterator(); it.hasNext(); ) {
            to.add(it.next());
            it.remove();
        }
    }

    private void heartbeat() {
        if (state == BrokerLinkState.CONNECTED && !awaitingAck.isEmpty()) {
            long oldest = awaitingAck.values().iterator().next();
            Duration waited = Duration.ofNanos(time.monotonicNanos() - oldest);
            if (waited.compareTo(ACK_TIMEOUT) > 0) {
                LOG.warn("MQTT broker {} has not acknowledged a publish for {} s (denied by its ACL?); reconnecting",
                        settings.serverUri(), waited.toSeconds());
                discardClient();
                connectionLost(new IllegalStateException("no PUBACK within " + ACK_TIMEOUT.toSeconds() + " s"));
                return;
            }
        }
        statusDirty.addAll(latestStatus.keySet());
        flush();
    }

    // ---------------------------------------------------------------- outbox (link thread)

    private void pumpOutbox() {
        if (state != BrokerLinkState.CONNECTED) {
            return;
        }
        int room = settings.outboxWindow() - eventsInFlight.size();
        if (room <= 0) {
            return;
        }
        EventOutbox.Batch batch;
        try {
            batch = outbox.eventsAfter(lastQueued, room);
        } catch (RuntimeException e) {
            LOG.error("MQTT outbox could not read the journal after seq {}: {}", lastQueued, e.toString());
            return;
        }
        for (OutboxEvent e : batch.events()) {
            if (e.seq() <= lastQueued) {
                LOG.error("MQTT outbox returned seq {} after {}; events must come in ascending order", e.seq(),
                        lastQueued);
                return;
            }
            String topic = e.channel() != null && channels.containsKey(e.channel())
                    ? settings.topics().events(e.channel())
                    : settings.topics().deviceEvents();
            if (!sendEvent(topic, Payloads.event(e), e.seq())) {
                return; // window full: the rest is read again after the next acknowledgement
            }
            eventsInFlight.addLast(e.seq());
            lastQueued = e.seq();
        }
        // Records after the last event that need no publishing are passed over for good.
        lastQueued = Math.max(lastQueued, batch.scannedUpTo());
        advanceCursor();
        if (batch.events().size() == room && eventsInFlight.size() < settings.outboxWindow()) {
            wakeOutbox();
        }
    }

    /**
     * Moves the cursor over everything below the oldest unacknowledged event (or up to what was read, when
     * nothing is in flight), and stores it soon: one durable write per burst of acknowledgements.
     */
    private void advanceCursor() {
        while (!eventsInFlight.isEmpty() && acked.contains(eventsInFlight.peekFirst())) {
            eventsInFlight.pollFirst();
        }
        long reachable = eventsInFlight.isEmpty() ? lastQueued : eventsInFlight.peekFirst() - 1;
        if (reachable > cursor) {
            cursor = reachable;
            acked.headSet(cursor, true).clear();
            if (!cursorCommitQueued) {
                cursorCommitQueued = true;
                loop.schedule(guarded("cursor", this::commitCursor), CURSOR_COMMIT_DELAY.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    private void commitCursor() {
        cursorCommitQueued = false;
        if (cursor <= committedCursor) {
            return;
        }
        try {
            outbox.acknowledge(cursor);
            committedCursor = cursor;
        } catch (RuntimeException e) {
            // The broker has the events; after a restart they are sent again (same seq), nothing is lost.
            LOG.error("MQTT outbox could not store its cursor {}: {}", cursor, e.toString());
        }
    }

    private void eventAcknowledged(long seq) {
        if (seq > cursor) {
            acked.add(seq);
        }
        advanceCursor();
        pumpOutbox();
    }

    private void eventFailed(long gen) {
        if (gen == generation && state == BrokerLinkState.CONNECTED) {
            // Not acknowledged on a live connection: resend from the cursor so order is kept.
            eventsInFlight.clear();
            lastQueued = cursor;
            pumpOutbox();
        }
    }

    /** Highest journal seq the broker acknowledged contiguously (link thread's view). */
    long cursorForTest() throws Exception {
        return loop.submit(() -> cursor).get(5, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- publishing (link thread)

    private enum Kind { STATUS, ALARMS, EVENT, OTHER }

    private boolean send(String topic, byte[] payload, boolean retained, Kind kind, String channel) {
        return publish(topic, payload, retained, new Completion(kind, channel, 0, generation));
    }

    private boolean sendEvent(String topic, byte[] payload, long seq) {
        return publish(topic, payload, false, new Completion(Kind.EVENT, null, seq, generation));
    }

    private boolean publish(String topic, byte[] payload, boolean retained, Completion completion) {
        try {
            client.publish(topic, payload, QOS_AT_LEAST_ONCE, retained, null, completion);
            awaitingAck.put(completion, time.monotonicNanos());
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                LOG.debug("MQTT publish to {} not accepted: {}", topic, e.toString());
            }
            return false;
        }
    }

    /** Paho's answer to one publish, carried back to the link thread. */
    private final class Completion implements IMqttActionListener {
        private final Kind kind;
        private final String channel;
        private final long seq;
        private final long gen;

        Completion(Kind kind, String channel, long seq, long gen) {
            this.kind = kind;
            this.channel = channel;
            this.seq = seq;
            this.gen = gen;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            post("published", () -> done(true));
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            post("publish failed", () -> done(false));
        }

        private void done(boolean ok) {
            awaitingAck.remove(this);
            switch (kind) {
                case EVENT -> {
                    if (ok) {
                        eventAcknowledged(seq);
                    } else {
                        eventFailed(gen);
                    }
                }
                case STATUS -> {
                    if (gen == generation) {
                        statusInFlight.remove(channel);
                        if (!ok) {
                            statusDirty.add(channel);
                        }
                    }
                    flush();
                }
                case ALARMS -> {
                    if (gen == generation) {
                        alarmsInFlight.remove(channel);
                        if (!ok) {
                            alarmsDirty.add(channel);
                        }
                    }
                    flush();
                }
                case OTHER -> {
                    if (gen == generation) {
                        flush();
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- incoming (link thread)

    private void received(String topic, byte[] payload, boolean retained, Instant receivedAt) {
        List<String> vitalsChannels = channelsByVitalsTopic.get(topic);
        if (vitalsChannels != null) {
            for (String channel : vitalsChannels) {
                deliverVitals(channel, payload, retained, receivedAt);
            }
        }
        String pauseChannel = channelByPauseTopic.get(topic);
        if (pauseChannel != null && settings.pauseTopic()) {
            pauseRequested(pauseChannel, payload, retained, receivedAt);
        }
    }

    private void deliverVitals(String channel, byte[] payload, boolean retained, Instant receivedAt) {
        VitalsReading reading = VitalsParser.parse(channel, payload, receivedAt);
        if (retained && reading.timestampFromReceipt()) {
            // A retained reading without ts may be hours old; stamping it "now" would make it look fresh.
            reading = new VitalsReading(channel, receivedAt, receivedAt, true, Map.of(), List.of(
                    new VitalsReading.Invalid(VitalsReading.Field.MESSAGE,
                            VitalsParser.excerpt(new String(payload, StandardCharsets.UTF_8)),
                            "retained vitals message without ts: its age is unknown, values not used")));
        }
        Consumer<VitalsReading> consumer = vitalsConsumers.get(channel);
        if (consumer == null) {
            LOG.warn("vitals for channel {} arrived but no consumer is registered", channel);
            return;
        }
        try {
            consumer.accept(reading);
        } catch (RuntimeException e) {
            LOG.error("vitals consumer of channel {} failed", channel, e);
        }
    }

    private void pauseRequested(String channel, byte[] payload, boolean retained, Instant receivedAt) {
        if (retained) {
            // A retained request would pause again on every reconnect; answer it instead of acting.
            reply(channel, null, new PauseOutcome(PauseOutcome.Result.INVALID,
                    "retained pause requests are ignored; publish with retain=false"));
            return;
        }
        Payloads.PauseParse parsed = Payloads.pauseRequest(channel, payload, receivedAt, settings.pauseMaxLifetime());
        switch (parsed) {
            case Payloads.PauseParse.Refused r -> {
                LOG.info("pause request {} for channel {} not acted on: {}", r.requestId(), channel,
                        r.outcome().message());
                reply(channel, r.requestId(), r.outcome());
            }
            case Payloads.PauseParse.Valid v -> {
                PauseRequestHandler handler = pauseHandler;
                if (handler == null) {
                    reply(channel, v.request().requestId(),
                            PauseOutcome.rejected("no channel handler is registered for pause requests"));
                    return;
                }
                String id = v.request().requestId();
                try {
                    handler.pause(v.request()).toCompletableFuture()
                            .orTimeout(PAUSE_ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .whenComplete((outcome, error) -> post("pause reply", () -> reply(channel, id,
                                    error != null || outcome == null
                                            ? PauseOutcome.rejected("channel did not confirm the pause: "
                                                    + (error == null ? "no answer" : describe(error)))
                                            : outcome)));
                } catch (RuntimeException e) {
                    reply(channel, id, PauseOutcome.rejected("channel refused the pause intent: " + describe(e)));
                }
            }
        }
    }

    private void reply(String channel, String requestId, PauseOutcome outcome) {
        if (state != BrokerLinkState.CONNECTED) {
            LOG.info("pause reply for {} not sent (broker unreachable): {}", requestId, outcome);
            return;
        }
        send(settings.topics().pauseResponse(channel), Payloads.pauseReply(channel, requestId, outcome,
                time.wallTime()), false, Kind.OTHER, null);
    }

    /** Paho's callbacks: copy what arrived and hand it to the link thread; never call the client here. */
    private final class Callbacks implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            post("connection lost", () -> DashboardLink.this.connectionLost(cause));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Throwing here would make Paho drop the connection; copy and hand off only.
            byte[] payload = message.getPayload().clone();
            boolean retained = message.isRetained();
            Instant at = time.wallTime();
            post("message", () -> received(topic, payload, retained, at));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Acknowledgements are handled per publish by Completion (same moment: PUBACK received).
        }
    }

    // ---------------------------------------------------------------- helpers

    private void post(String what, Runnable task) {
        try {
            loop.execute(guarded(what, task));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            LOG.debug("MQTT link closed; dropped {}", what);
        }
    }

    /** Every task on the link thread: a failure is logged and the loop goes on (scheduled tasks survive). */
    private Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("MQTT link task '{}' failed; the link carries on", what, t);
            }
        };
    }

    private void requireChannel(String channel) {
        if (!channels.containsKey(channel)) {
            throw new IllegalArgumentException("unknown channel '" + channel + "'; configured channels: "
                    + channels.keySet());
        }
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000));
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return root == t ? msg : msg + ": " + root;
    }
}
