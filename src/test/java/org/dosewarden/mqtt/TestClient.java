package org.dosewarden.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Test fixture: a dashboard-like Paho client that records everything it receives. */
public final class TestClient implements AutoCloseable {

    public record Received(String topic, String payload, boolean retained) {
    }

    /**
     * How long connect, subscribe and publish wait for the broker's answer. Generous: on a loaded two-core machine
     * (both test JVMs busy) an embedded broker has been seen to take over 5 s to acknowledge a connect, and what the
     * tests check is what arrives, not how fast.
     */
    private static final long ANSWER_WAIT_MS = 20_000;
    /** How long a publish the broker should deny is given before it counts as dropped. */
    private static final long DENIED_WAIT_MS = 5_000;

    private final MqttClient client;
    private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private final List<Received> seen = new ArrayList<>();

    private TestClient(MqttClient client) {
        this.client = client;
    }

    /** Connects with a clean session. */
    public static TestClient connect(String url, String user, String password) throws MqttException {
        return connect(url, user, password, "test-" + System.nanoTime(), true);
    }

    /**
     * Connects; with {@code cleanSession=false} the broker queues QoS 1 messages for this client while it is
     * away, and Paho reconnects it automatically (re-subscribing is not needed for a persistent session).
     */
    public static TestClient connect(String url, String user, String password, String clientId, boolean cleanSession)
            throws MqttException {
        MqttClient c = new MqttClient(url, clientId, new MemoryPersistence());
        c.setTimeToWait(ANSWER_WAIT_MS);
        TestClient t = new TestClient(c);
        c.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                t.inbox.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                        message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setCleanSession(cleanSession);
        o.setAutomaticReconnect(!cleanSession);
        o.setMaxReconnectDelay(500);
        o.setKeepAliveInterval(5);
        o.setMaxInflight(1000);
        c.connect(o);
        return t;
    }

    public TestClient subscribe(String filter) throws MqttException {
        client.subscribe(filter, 1);
        return this;
    }

    public void publish(String topic, String payload, boolean retained) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained);
    }

    /**
     * Publishes something the broker should deny. Mosquitto acknowledges and drops it (MQTT 3.1.1 has no
     * negative PUBACK); Moquette drops it without PUBACK, so waiting for the acknowledgement times out.
     * Either way, when this returns the broker has had the message for at least the wait.
     */
    public void publishDenied(String topic, String payload, boolean retained) {
        client.setTimeToWait(DENIED_WAIT_MS);   // a broker may never acknowledge a publish its ACL denied
        try {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained);
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttException.REASON_CODE_CLIENT_TIMEOUT
                    && e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST
                    && e.getReasonCode() != MqttException.REASON_CODE_CLIENT_NOT_CONNECTED) {
                throw new AssertionError("unexpected failure publishing to " + topic, e);
            }
        } finally {
            client.setTimeToWait(ANSWER_WAIT_MS);
        }
    }

    /** Waits for the first message (after those already seen) matching {@code p}; fails after {@code timeout}. */
    public Received await(Predicate<Received> p, Duration timeout) throws InterruptedException {
        synchronized (seen) {
            for (Received r : seen) {
                if (p.test(r)) {
                    return r;
                }
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Received r = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("no matching message within " + timeout + "; received: " + all());
            }
            synchronized (seen) {
                seen.add(r);
            }
            if (p.test(r)) {
                return r;
            }
        }
    }

    public Received await(String topic, Duration timeout) throws InterruptedException {
        return await(r -> r.topic().equals(topic), timeout);
    }

    /** Everything received so far, in arrival order. */
    public List<Received> all() {
        inbox.drainTo(seen);
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close(true);
    }
}
