package org.dosewarden.mqtt.config;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.mqtt.DashboardLink;
import org.dosewarden.mqtt.EventOutbox;
import org.dosewarden.mqtt.LinkSettings;
import org.dosewarden.mqtt.TopicTree;
import org.dosewarden.mqtt.embedded.EmbeddedBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's MQTT side as one bean: starts the embedded broker when {@code dosewarden.mqtt.url} is
 * {@code embedded}, then the {@link DashboardLink} (which connects in the background and retries). Created
 * when first injected; the channel layer registers its consumers on {@link #link()} and publishes through it.
 *
 * <p>The embedded broker starts on a thread of its own, beside the rest of the daemon's start (the HTTP server
 * above all), and the link starts once it listens. The daemon is not ready before the broker is: this bean hears
 * of the HTTP server's start before anyone else ({@link Ordered#HIGHEST_PRECEDENCE}) and waits there for the broker,
 * so {@code READY=1} (SystemdService) comes after it, and a broker that cannot start fails the daemon's start with
 * its reason, as before. {@link #embeddedBroker()} waits for it too.
 */
@Singleton
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MqttService implements AutoCloseable, ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(MqttService.class);

    /**
     * The embedded broker's dashboard password in {@code application-demo.yml}. It is public, so the daemon
     * refuses it (and empty passwords) for any MQTT account outside the demo environment.
     */
    public static final String DEMO_DASHBOARD_PASSWORD = "dashboard-demo";

    /** The embedded broker's start, or null with a site broker. */
    private final CompletableFuture<EmbeddedBroker> broker;
    private final DashboardLink link;

    public MqttService(MqttProperties properties, List<ChannelMqttProperties> channels,
            List<EmbeddedAccountProperties> accounts, EventOutbox outbox, Optional<TimeSource> time,
            @Value("${dosewarden.site:clinic}") String site,
            @Value("${dosewarden.device-id:dw1}") String device,
            @Value("${dosewarden.data-dir:./data}") String dataDir, Environment environment) {
        if (!environment.getActiveNames().contains("demo")) {
            refusePublicPasswords(properties, accounts);
        }
        TopicTree topics = TopicTree.of(properties.getTopicRoot(), site, device);
        var endpoints = MqttSetup.channels(topics, channels);
        String url = properties.getUrl();
        String user = properties.getUsername();
        String password = properties.getPassword();
        EmbeddedBroker.Settings embedded = null;
        if ("embedded".equals(url)) {
            user = user == null ? MqttSetup.EMBEDDED_DAEMON_USER : user;
            password = password == null ? MqttSetup.randomPassword() : password;
            embedded = MqttSetup.embeddedBroker(properties.getEmbedded(), topics, Path.of(dataDir), user, password,
                    accounts);
            url = EmbeddedBroker.url(embedded);
            if (properties.getEmbedded().getDashboardPassword() == null) {
                LOG.warn("embedded MQTT broker has no dashboard account: set "
                        + "dosewarden.mqtt.embedded.dashboard-password to let dashboards read");
            }
        }
        LinkSettings settings = MqttSetup.link(properties, url, user, password, topics, endpoints, site, device);
        link = new DashboardLink(settings, time.orElseGet(TimeSource::system), outbox);
        if (embedded == null) {
            broker = null;
            link.start();
        } else {
            broker = startBroker(embedded, link);
        }
    }

    /** Starts the broker on a thread of its own, then the link; the future fails with the broker's reason. */
    private static CompletableFuture<EmbeddedBroker> startBroker(EmbeddedBroker.Settings settings, DashboardLink link) {
        CompletableFuture<EmbeddedBroker> started = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                started.complete(EmbeddedBroker.start(settings));
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
                return;
            }
            link.start();
        }, "mqtt-broker-start");
        thread.setDaemon(true);
        thread.start();
        return started;
    }

    /** The HTTP server is up: the daemon is ready only once the embedded broker listens (see the class comment). */
    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        awaitBroker();
    }

    /** Waits for the embedded broker's start (none: returns null); a broker that could not start throws its reason. */
    private EmbeddedBroker awaitBroker() {
        if (broker == null) {
            return null;
        }
        try {
            return broker.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Outside the demo: a shipped (public) or empty password on any MQTT account stops the daemon at start-up. */
    static void refusePublicPasswords(MqttProperties properties, List<EmbeddedAccountProperties> accounts) {
        List<String> problems = new java.util.ArrayList<>();
        check(problems, "dosewarden.mqtt.password", properties.getPassword());
        check(problems, "dosewarden.mqtt.embedded.dashboard-password", properties.getEmbedded().getDashboardPassword());
        for (EmbeddedAccountProperties account : accounts) {
            check(problems, "dosewarden.mqtt.embedded.accounts." + account.getUsername() + ".password",
                    account.getPassword());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    private static void check(List<String> problems, String key, String password) {
        if (password == null) {
            return;
        }
        if (password.isBlank()) {
            problems.add(key + " is empty: set a password or remove the key");
        } else if (password.equals(DEMO_DASHBOARD_PASSWORD)) {
            problems.add(key + " is the public demo password '" + DEMO_DASHBOARD_PASSWORD
                    + "', allowed only in the demo environment: set your own");
        }
    }

    /** The link: publish status and alarms, register vitals and pause consumers, observe its state. */
    public DashboardLink link() {
        return link;
    }

    /** The embedded broker, when {@code dosewarden.mqtt.url} is {@code embedded}, once it listens. */
    public Optional<EmbeddedBroker> embeddedBroker() {
        return Optional.ofNullable(awaitBroker());
    }

    /** Publishes {@code offline}, disconnects, then stops the embedded broker. */
    @PreDestroy
    @Override
    public void close() {
        link.close();
        if (broker != null) {
            EmbeddedBroker started = broker.handle((listening, failed) -> listening).join();   // null: it never listened
            if (started != null) {
                started.close();
            }
        }
    }
}
