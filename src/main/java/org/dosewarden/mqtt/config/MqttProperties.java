package org.dosewarden.mqtt.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.dosewarden.mqtt.LinkSettings;
import org.dosewarden.mqtt.TopicTree;

/** {@code dosewarden.mqtt.*}: where the daemon publishes (docs/mqtt.md "Configuration"). */
@ConfigurationProperties("dosewarden.mqtt")
public class MqttProperties {

    /** {@code embedded} (start the built-in broker), {@code tcp://host:1883} or {@code ssl://host:8883}. */
    private String url = "embedded";
    /** Broker account of the daemon; with {@code embedded}, a random password is made at each start when unset. */
    private String username;
    private String password;
    /** Root of every topic; {@code {site}} and {@code {device}} are replaced. */
    private String topicRoot = TopicTree.DEFAULT_ROOT_TEMPLATE;
    private Duration heartbeat = LinkSettings.DEFAULT_HEARTBEAT;
    private Duration maxBackoff = LinkSettings.DEFAULT_MAX_BACKOFF;
    private Tls tls = new Tls();
    private Pause pause = new Pause();
    private Embedded embedded = new Embedded();

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getTopicRoot() {
        return topicRoot;
    }

    public void setTopicRoot(String topicRoot) {
        this.topicRoot = topicRoot;
    }

    public Duration getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public Tls getTls() {
        return tls;
    }

    public void setTls(Tls tls) {
        this.tls = tls;
    }

    public Pause getPause() {
        return pause;
    }

    public void setPause(Pause pause) {
        this.pause = pause;
    }

    public Embedded getEmbedded() {
        return embedded;
    }

    public void setEmbedded(Embedded embedded) {
        this.embedded = embedded;
    }

    /** {@code dosewarden.mqtt.tls.*}: trust for {@code ssl://} brokers; the JVM's trust store when unset. */
    @ConfigurationProperties("tls")
    public static class Tls {
        /** PKCS12 or JKS file holding the CA certificate(s) that signed the broker's certificate. */
        private String trustStore;
        private String trustStorePassword;
        private String trustStoreType = "PKCS12";

        public String getTrustStore() {
            return trustStore;
        }

        public void setTrustStore(String trustStore) {
            this.trustStore = trustStore;
        }

        public String getTrustStorePassword() {
            return trustStorePassword;
        }

        public void setTrustStorePassword(String trustStorePassword) {
            this.trustStorePassword = trustStorePassword;
        }

        public String getTrustStoreType() {
            return trustStoreType;
        }

        public void setTrustStoreType(String trustStoreType) {
            this.trustStoreType = trustStoreType;
        }
    }

    /** {@code dosewarden.mqtt.pause.*}: the optional pause-request topic (off by default). */
    @ConfigurationProperties("pause")
    public static class Pause {
        private boolean enabled;
        private Duration maxLifetime = LinkSettings.DEFAULT_PAUSE_MAX_LIFETIME;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getMaxLifetime() {
            return maxLifetime;
        }

        public void setMaxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
        }
    }

    /** {@code dosewarden.mqtt.embedded.*}: the built-in broker, used when {@code url} is {@code embedded}. */
    @ConfigurationProperties("embedded")
    public static class Embedded {
        private int port = 1883;
        /** 0 turns the WebSocket listener off. */
        private int websocketPort = 8083;
        /** Read-only account for dashboards; no dashboard account when the password is unset. */
        private String dashboardUsername = "dashboard";
        private String dashboardPassword;

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public int getWebsocketPort() {
            return websocketPort;
        }

        public void setWebsocketPort(int websocketPort) {
            this.websocketPort = websocketPort;
        }

        public String getDashboardUsername() {
            return dashboardUsername;
        }

        public void setDashboardUsername(String dashboardUsername) {
            this.dashboardUsername = dashboardUsername;
        }

        public String getDashboardPassword() {
            return dashboardPassword;
        }

        public void setDashboardPassword(String dashboardPassword) {
            this.dashboardPassword = dashboardPassword;
        }
    }
}
