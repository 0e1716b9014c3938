package org.dosewarden.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** {@code dosewarden.ward.*}: how the ward page reaches the site's broker (docs/site.md, docs/mqtt.md). */
@ConfigurationProperties("dosewarden.ward")
public class WardProperties {

    /** {@code ws://} or {@code wss://} URL of the broker's WebSocket listener; unset: the embedded broker's. */
    private String brokerUrl;
    /** Topic filter naming every device the page shows, e.g. {@code dosewarden/clinic/+}; unset: derived. */
    private String devices;
    private Pause pause = new Pause();

    public String getBrokerUrl() {
        return brokerUrl;
    }

    public void setBrokerUrl(String brokerUrl) {
        this.brokerUrl = brokerUrl;
    }

    public String getDevices() {
        return devices;
    }

    public void setDevices(String devices) {
        this.devices = devices;
    }

    public Pause getPause() {
        return pause;
    }

    public void setPause(Pause pause) {
        this.pause = pause;
    }

    /** {@code dosewarden.ward.pause.*}: the pause button of running tiles (SR-W4). */
    @ConfigurationProperties("pause")
    public static class Pause {
        /** Unset: shown when this daemon takes MQTT pause requests ({@code dosewarden.mqtt.pause.enabled}). */
        private Boolean enabled;
        private Duration lifetime = WardSettings.DEFAULT_PAUSE_LIFETIME;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getLifetime() {
            return lifetime;
        }

        public void setLifetime(Duration lifetime) {
            this.lifetime = lifetime;
        }
    }
}
