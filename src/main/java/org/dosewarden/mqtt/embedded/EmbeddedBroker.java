package org.dosewarden.mqtt.embedded;

import io.moquette.broker.Server;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.concurrent.ConcurrentHashMap;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker a bare machine runs ({@code dosewarden.mqtt.url: embedded}): Moquette, bound to 127.0.0.1
 * only, authentication on (no anonymous access), per-account topic rules, telemetry off, data under the
 * data directory, plus a WebSocket listener for browser dashboards. It runs on Netty inside the daemon's
 * JVM next to Micronaut's HTTP server.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    /** The only address the embedded broker listens on: it is for this machine (and an SSH tunnel). */
    public static final String HOST = "127.0.0.1";

    /**
     * What the embedded broker serves.
     *
     * @param port          MQTT TCP port on 127.0.0.1 (Moquette cannot report a port it picked itself, so 0 is refused)
     * @param websocketPort WebSocket port on 127.0.0.1 (path {@code /mqtt}); 0 disables the listener
     * @param dataDir       where retained messages and sessions are stored (created if missing)
     * @param accounts      every account; at least one
     */
    public record Settings(int port, int websocketPort, Path dataDir, List<BrokerAccount> accounts) {
        public Settings {
            Objects.requireNonNull(dataDir, "dataDir");
            accounts = List.copyOf(accounts);
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("embedded broker port must be 1-65535: " + port);
            }
            if (websocketPort < 0 || websocketPort > 65_535) {
                throw new IllegalArgumentException("embedded broker websocket port must be 0-65535: " + websocketPort);
            }
            if (accounts.isEmpty()) {
                throw new IllegalArgumentException("embedded broker needs at least one account");
            }
            Map<String, BrokerAccount> seen = new HashMap<>();
            for (BrokerAccount a : accounts) {
                if (seen.put(a.username(), a) != null) {
                    throw new IllegalArgumentException("embedded broker account '" + a.username() + "' is defined twice");
                }
            }
        }
    }

    private final Server server;
    private final Settings settings;
    private final int port;

    private EmbeddedBroker(Server server, Settings settings, int port) {
        this.server = server;
        this.settings = settings;
        this.port = port;
    }

    /** Starts the broker; fails with the reason when it cannot (port taken, data directory not writable). */
    public static EmbeddedBroker start(Settings settings) {
        Map<String, BrokerAccount> accounts = new HashMap<>();
        settings.accounts().forEach(a -> accounts.put(a.username(), a));
        Path data;
        try {
            data = Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded broker cannot create its data directory " + settings.dataDir(), e);
        }
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, HOST);
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(settings.port()));
        p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME,
                settings.websocketPort() == 0 ? "disabled" : Integer.toString(settings.websocketPort()));
        p.setProperty(IConfig.WEB_SOCKET_PATH_PROPERTY_NAME, "/mqtt");
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
        p.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, data.toAbsolutePath().toString());
        p.setProperty("netty.epoll", "false"); // plain NIO: no native transport to disagree with Micronaut's Netty
        // MQTT 3.1.1 lets a clean-session client send an empty id and have the broker assign one (mosquitto_sub
        // does); authentication applies all the same.
        p.setProperty("allow_zero_byte_client_id", "true");
        p.setProperty("reauthorize_subscriptions_on_connect", "true");
        // One interceptor thread keeps connect and connection-lost events of a client in order.
        p.setProperty("intercept.thread_pool.size", "1");
        IConfig config = new MemoryConfig(p);
        Server server = new Server();
        RetainedWills wills = new RetainedWills(server);
        try {
            server.startServer(config, List.of(wills), null, new Authenticator(accounts), new Authorizer(accounts));
        } catch (IOException | RuntimeException e) {
            server.stopServer();
            throw new IllegalStateException("embedded MQTT broker could not start on " + HOST + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        int bound = settings.port();
        LOG.info("embedded MQTT broker listening on {}:{}{} with {} account(s), data in {}", HOST, bound,
                settings.websocketPort() == 0 ? "" : " and ws://" + HOST + ":" + settings.websocketPort() + "/mqtt",
                accounts.size(), data);
        return new EmbeddedBroker(server, settings, bound);
    }

    /** The MQTT TCP port actually bound. */
    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:<port>}, for the daemon's own client. */
    public String url() {
        return "tcp://" + HOST + ":" + port;
    }

    /** The {@link #url()} a broker started with {@code settings} will have. */
    public static String url(Settings settings) {
        return "tcp://" + HOST + ":" + settings.port();
    }

    /** {@code ws://127.0.0.1:<port>/mqtt}, or empty when the WebSocket listener is off. */
    public java.util.Optional<String> websocketUrl() {
        return settings.websocketPort() == 0 ? java.util.Optional.empty()
                : java.util.Optional.of("ws://" + HOST + ":" + settings.websocketPort() + "/mqtt");
    }

    @Override
    public void close() {
        server.stopServer();
        LOG.info("embedded MQTT broker stopped");
    }

    /**
     * Moquette 0.17 delivers a Last Will to current subscribers but does not store it when its retain flag
     * is set, so a dashboard connecting later would still see the retained {@code online}. This stores the
     * will as the retained message of its topic after an unclean end, unless the client is already back.
     */
    private static final class RetainedWills extends AbstractInterceptHandler {
        private record Will(String topic, byte[] payload, MqttQoS qos) {
        }

        private final Server server;
        private final Map<String, Will> byClient = new ConcurrentHashMap<>();

        RetainedWills(Server server) {
            this.server = server;
        }

        @Override
        public String getID() {
            return "dosewarden-retained-wills";
        }

        @Override
        public void onConnect(InterceptConnectMessage msg) {
            if (msg.isWillFlag() && msg.isWillRetain()) {
                byClient.put(msg.getClientID(), new Will(msg.getWillTopic(), msg.getWillMessage().clone(),
                        MqttQoS.valueOf(msg.getWillQos())));
            } else {
                byClient.remove(msg.getClientID());
            }
        }

        @Override
        public void onDisconnect(InterceptDisconnectMessage msg) {
            byClient.remove(msg.getClientID()); // a clean DISCONNECT discards the will (MQTT 3.1.1 3.14.4)
        }

        @Override
        public void onConnectionLost(InterceptConnectionLostMessage msg) {
            Will will = byClient.remove(msg.getClientID());
            if (will == null) {
                return;
            }
            boolean back = server.listConnectedClients().stream().anyMatch(c -> c.getClientID().equals(msg.getClientID()));
            if (back) {
                return; // the client reconnected already; its own retained message is newer than the will
            }
            MqttPublishMessage retained = MqttMessageBuilders.publish()
                    .topicName(will.topic())
                    .retained(true)
                    .qos(will.qos())
                    .payload(Unpooled.wrappedBuffer(will.payload()))
                    .build();
            server.internalPublish(retained, "dosewarden-embedded-broker");
        }

        @Override
        public void onSessionLoopError(Throwable error) {
            LOG.error("embedded MQTT broker session loop failed", error);
        }
    }

    /** Checks user name and password against the configured accounts. */
    private record Authenticator(Map<String, BrokerAccount> accounts) implements IAuthenticator {
        @Override
        public boolean checkValid(String clientId, String username, byte[] password) {
            BrokerAccount a = username == null ? null : accounts.get(username);
            if (a == null || password == null) {
                LOG.warn("embedded MQTT broker refused client {}: unknown user '{}'", clientId, username);
                return false;
            }
            boolean ok = MessageDigest.isEqual(a.password().getBytes(StandardCharsets.UTF_8), password);
            if (!ok) {
                LOG.warn("embedded MQTT broker refused client {}: wrong password for '{}'", clientId, username);
            }
            return ok;
        }
    }

    /** Applies each account's read and write filters. */
    private record Authorizer(Map<String, BrokerAccount> accounts) implements IAuthorizatorPolicy {
        @Override
        public boolean canWrite(Topic topic, String user, String client) {
            BrokerAccount a = user == null ? null : accounts.get(user);
            boolean ok = a != null && a.mayWrite(topic.toString());
            if (!ok) {
                LOG.warn("embedded MQTT broker: user '{}' may not publish to {}", user, topic);
            }
            return ok;
        }

        @Override
        public boolean canRead(Topic topic, String user, String client) {
            BrokerAccount a = user == null ? null : accounts.get(user);
            boolean ok = a != null && a.mayRead(topic.toString());
            if (!ok) {
                LOG.warn("embedded MQTT broker: user '{}' may not subscribe to {}", user, topic);
            }
            return ok;
        }
    }
}
