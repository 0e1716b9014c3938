package org.dosewarden.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * What every connection attempt asks of the broker: MQTT 3.1.1, a clean session, no reconnecting by Paho (the
 * {@link BrokerConnection} owns reconnection and its backoff), the Last Will that marks the device offline, and
 * the account and TLS settings of {@link LinkSettings}.
 */
final class ConnectOptions {

    private ConnectOptions() {
    }

    /**
     * @param maxInflight publishes Paho may hold unacknowledged
     */
    static MqttConnectOptions of(LinkSettings settings, int maxInflight) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        // Clean session: the outbox resends from its own durable cursor, and subscriptions are re-issued.
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(seconds(settings.connectTimeout()));
        o.setKeepAliveInterval(seconds(settings.keepAlive()));
        o.setMaxInflight(maxInflight);
        o.setWill(settings.topics().availability(), DashboardLink.OFFLINE.getBytes(StandardCharsets.UTF_8),
                BrokerConnection.QOS_AT_LEAST_ONCE, true);
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

    /** Paho takes whole seconds; a part second rounds up so a timeout is never shorter than configured. */
    private static int seconds(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000));
    }
}
