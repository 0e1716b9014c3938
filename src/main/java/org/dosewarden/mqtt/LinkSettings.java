package org.dosewarden.mqtt;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * How the daemon talks to its broker. Defaults are named in {@link #defaults}, each with its reason.
 *
 * @param serverUri        {@code tcp://host:1883}, {@code ssl://host:8883} or {@code ws://host:port/mqtt}
 * @param clientId         MQTT client id; two daemons must never share one (the broker would drop the older)
 * @param username         broker account; null for none
 * @param password         broker password; null for none
 * @param socketFactory    TLS socket factory for {@code ssl://}; null for the JVM's default trust store
 * @param topics           the device's topic tree
 * @param channels         the channels, with their bed labels and vitals topics
 * @param heartbeat        retained status is republished at least this often
 * @param connectTimeout   one connection attempt gives up after this
 * @param keepAlive        MQTT keep-alive; a dead TCP connection is noticed within 1.5 × this
 * @param initialBackoff   first wait before retrying a failed or lost connection
 * @param maxBackoff       the retry wait doubles up to this
 * @param outboxPoll       how often the journal outbox is read when nobody calls {@code wakeOutbox()}
 * @param outboxWindow     events published but not yet acknowledged, at most
 * @param pauseTopic       whether the pause-request topic is subscribed (off by default)
 * @param pauseMaxLifetime a pause request whose {@code expiresAt} lies further ahead is refused
 */
public record LinkSettings(
        String serverUri,
        String clientId,
        String username,
        String password,
        SocketFactory socketFactory,
        TopicTree topics,
        List<ChannelEndpoint> channels,
        Duration heartbeat,
        Duration connectTimeout,
        Duration keepAlive,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration outboxPoll,
        int outboxWindow,
        boolean pauseTopic,
        Duration pauseMaxLifetime) {

    /** Dashboards treat a status older than two heartbeats as stale; issue 7 asks for at least every 5 s. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);
    /** Long enough for a TLS handshake to a loaded clinic broker, short enough to retry soon. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A silently dead connection (pulled cable) is noticed within 15 s. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(10);
    /** A broker restart is usually back within a second. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    /** Caps the delay between an outage's end and the first publish after it. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    /** Events reach dashboards within a quarter second even if nobody wakes the outbox. */
    public static final Duration DEFAULT_OUTBOX_POLL = Duration.ofMillis(250);
    /** Enough to keep a LAN busy; bounds what is resent after an outage. */
    public static final int DEFAULT_OUTBOX_WINDOW = 64;
    /** A pause request is a button press: it is acted on within seconds or not at all. */
    public static final Duration DEFAULT_PAUSE_MAX_LIFETIME = Duration.ofSeconds(60);

    public LinkSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(topics, "topics");
        channels = List.copyOf(channels);
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(outboxPoll, "outboxPoll");
        Objects.requireNonNull(pauseMaxLifetime, "pauseMaxLifetime");
        if (!serverUri.startsWith("tcp://") && !serverUri.startsWith("ssl://") && !serverUri.startsWith("ws://")
                && !serverUri.startsWith("wss://")) {
            throw new IllegalArgumentException("dosewarden.mqtt.url '" + serverUri
                    + "' must start with tcp://, ssl://, ws:// or wss:// (or be 'embedded')");
        }
        if (clientId.isEmpty() || clientId.length() > 23 * 4) {
            throw new IllegalArgumentException("MQTT client id must be 1-92 characters: '" + clientId + "'");
        }
        requirePositive("heartbeat", heartbeat);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("keepAlive", keepAlive);
        requirePositive("initialBackoff", initialBackoff);
        requirePositive("outboxPoll", outboxPoll);
        requirePositive("pauseMaxLifetime", pauseMaxLifetime);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
                    + initialBackoff);
        }
        if (outboxWindow < 1 || outboxWindow > 1000) {
            throw new IllegalArgumentException("outboxWindow must be 1-1000: " + outboxWindow);
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (ChannelEndpoint c : channels) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("channel '" + c.name() + "' is configured twice");
            }
        }
    }

    /** Settings with every timing at its named default and the pause topic off. */
    public static LinkSettings defaults(String serverUri, String clientId, String username, String password,
            TopicTree topics, List<ChannelEndpoint> channels) {
        return new LinkSettings(serverUri, clientId, username, password, null, topics, channels, DEFAULT_HEARTBEAT,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_KEEP_ALIVE, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
                DEFAULT_OUTBOX_POLL, DEFAULT_OUTBOX_WINDOW, false, DEFAULT_PAUSE_MAX_LIFETIME);
    }

    public LinkSettings withPauseTopic(boolean enabled) {
        return new LinkSettings(serverUri, clientId, username, password, socketFactory, topics, channels, heartbeat,
                connectTimeout, keepAlive, initialBackoff, maxBackoff, outboxPoll, outboxWindow, enabled,
                pauseMaxLifetime);
    }

    public LinkSettings withSocketFactory(SocketFactory factory) {
        return new LinkSettings(serverUri, clientId, username, password, factory, topics, channels, heartbeat,
                connectTimeout, keepAlive, initialBackoff, maxBackoff, outboxPoll, outboxWindow, pauseTopic,
                pauseMaxLifetime);
    }

    public LinkSettings withTimings(Duration heartbeat, Duration initialBackoff, Duration maxBackoff) {
        return new LinkSettings(serverUri, clientId, username, password, socketFactory, topics, channels, heartbeat,
                connectTimeout, keepAlive, initialBackoff, maxBackoff, outboxPoll, outboxWindow, pauseTopic,
                pauseMaxLifetime);
    }

    private static void requirePositive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    @Override
    public String toString() {
        // never print the password
        return "LinkSettings[" + serverUri + ", clientId=" + clientId + ", user=" + username + ", root="
                + topics.root() + ", channels=" + channels.size() + "]";
    }
}
