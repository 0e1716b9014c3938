package org.dosewarden.mqtt.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.dosewarden.mqtt.ChannelEndpoint;
import org.dosewarden.mqtt.LinkSettings;
import org.dosewarden.mqtt.TopicTree;
import org.dosewarden.mqtt.embedded.BrokerAccount;
import org.dosewarden.mqtt.embedded.EmbeddedBroker;

/**
 * Turns configuration into MQTT settings, without Micronaut so it is tested directly. Everything invalid
 * fails here, at startup, with a message naming the key (STYLE rule 7: fail closed).
 */
public final class MqttSetup {

    /** The daemon's own account name on the embedded broker when {@code dosewarden.mqtt.username} is unset. */
    public static final String EMBEDDED_DAEMON_USER = "dosewarden";

    private MqttSetup() {
    }

    /** The channels with their bed labels and vitals topics (default {@code <root>/<name>/vitals}). */
    public static List<ChannelEndpoint> channels(TopicTree topics, List<ChannelMqttProperties> channels) {
        List<ChannelEndpoint> out = new ArrayList<>();
        for (ChannelMqttProperties c : channels) {
            String bed = c.getBed() == null || c.getBed().isBlank() ? c.getName() : c.getBed();
            String vitals = c.getVitalsTopic() == null || c.getVitalsTopic().isBlank()
                    ? topics.vitals(c.getName()) : c.getVitalsTopic();
            try {
                out.add(new ChannelEndpoint(c.getName(), bed, vitals));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dosewarden.channels." + c.getName() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** A fresh random password for the daemon's account on the embedded broker (never leaves this process). */
    public static String randomPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * The embedded broker: the daemon's account may do anything; the dashboard account (when it has a
     * password) may only read the device tree; extra accounts get exactly their configured filters.
     */
    public static EmbeddedBroker.Settings embeddedBroker(MqttProperties.Embedded e, TopicTree topics, Path dataDir,
            String daemonUser, String daemonPassword, List<EmbeddedAccountProperties> extra) {
        List<BrokerAccount> accounts = new ArrayList<>();
        accounts.add(new BrokerAccount(daemonUser, daemonPassword, List.of("#"), List.of("#")));
        if (e.getDashboardPassword() != null && !e.getDashboardPassword().isEmpty()) {
            accounts.add(new BrokerAccount(e.getDashboardUsername(), e.getDashboardPassword(),
                    List.of(topics.everything()), List.of()));
        }
        for (EmbeddedAccountProperties a : extra) {
            if (a.getPassword() == null) {
                throw new IllegalArgumentException("dosewarden.mqtt.embedded.accounts." + a.getUsername()
                        + ".password is missing");
            }
            accounts.add(new BrokerAccount(a.getUsername(), a.getPassword(), a.getRead(), a.getWrite()));
        }
        return new EmbeddedBroker.Settings(e.getPort(), e.getWebsocketPort(), dataDir.resolve("mqtt-broker"), accounts);
    }

    /** The link settings for {@code url} (the embedded broker's URL when embedded). */
    public static LinkSettings link(MqttProperties p, String url, String username, String password, TopicTree topics,
            List<ChannelEndpoint> channels, String site, String device) {
        LinkSettings s = LinkSettings.defaults(url, clientId(site, device), username, password, topics, channels)
                .withTimings(p.getHeartbeat(), LinkSettings.DEFAULT_INITIAL_BACKOFF, p.getMaxBackoff())
                .withPauseTopic(p.getPause().isEnabled());
        if (url.startsWith("ssl://") || url.startsWith("wss://")) {
            s = s.withSocketFactory(tls(p.getTls()));
        }
        return s;
    }

    /** {@code dosewarden-<site>-<device>}: stable, so a restarted daemon replaces its old session. */
    static String clientId(String site, String device) {
        String id = "dosewarden-" + site + "-" + device;
        return id.length() <= 92 ? id : id.substring(0, 92);
    }

    /** TLS with the configured trust store, or the JVM's default trust; hostname verification stays on. */
    public static SocketFactory tls(MqttProperties.Tls tls) {
        try {
            if (tls.getTrustStore() == null || tls.getTrustStore().isBlank()) {
                return SSLContext.getDefault().getSocketFactory();
            }
            Path path = Path.of(tls.getTrustStore());
            KeyStore store = KeyStore.getInstance(tls.getTrustStoreType());
            char[] pw = tls.getTrustStorePassword() == null ? null : tls.getTrustStorePassword().toCharArray();
            try (InputStream in = Files.newInputStream(path)) {
                store.load(in, pw);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
            return ctx.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("dosewarden.mqtt.tls.trust-store '" + tls.getTrustStore()
                    + "' cannot be used: " + e.getMessage(), e);
        }
    }
}
