package org.dosewarden.mqtt;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.dosewarden.clock.TimeSource;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;

/**
 * The QoS 1 publishes of the current broker connection still waiting for their PUBACK, oldest first, each with
 * its monotonic send time. Paho's answer to a publish is carried back to the link thread and handed to the
 * publisher's {@link BrokerConnection.Acknowledgement}, together with whether the connection it went out on is
 * still the current one. A broker that leaves the oldest publish unanswered beyond {@link #ACK_TIMEOUT} has
 * dropped it; {@link BrokerConnection} then treats the connection as lost.
 *
 * <p>Link thread only; Paho's callbacks only post to it.
 */
final class InFlightPublishes {

    /**
     * A QoS 1 publish without PUBACK for this long means the broker silently dropped it (Moquette does so
     * for a publish its ACL denies): reconnect, so the outbox resends instead of stalling behind it.
     */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final TimeSource time;
    private final LinkThread thread;
    private final LongSupplier currentConnection;
    private final LinkedHashMap<Completion, Long> awaiting = new LinkedHashMap<>();

    /**
     * @param currentConnection the generation of the connection now current; a publish answered after a
     *                          reconnect is reported as not on the same connection
     */
    InFlightPublishes(TimeSource time, LinkThread thread, LongSupplier currentConnection) {
        this.time = time;
        this.thread = thread;
        this.currentConnection = currentConnection;
    }

    /** The listener to hand Paho with one publish on connection {@code generation}; {@link #sent} once Paho took it. */
    IMqttActionListener listener(BrokerConnection.Acknowledgement ack, long generation) {
        return new Completion(ack, generation);
    }

    /** Paho took the publish of {@code listener}: its wait for the PUBACK starts now. */
    void sent(IMqttActionListener listener) {
        if (listener instanceof Completion c) {
            awaiting.put(c, time.monotonicNanos());
        }
    }

    /** The connection is new or gone: nothing sent before will be acknowledged on it. */
    void clear() {
        awaiting.clear();
    }

    /** How long the oldest publish has waited, when that is beyond {@link #ACK_TIMEOUT}. */
    Optional<Duration> overdue() {
        if (awaiting.isEmpty()) {
            return Optional.empty();
        }
        Duration waited = Duration.ofNanos(time.monotonicNanos() - awaiting.values().iterator().next());
        return waited.compareTo(ACK_TIMEOUT) > 0 ? Optional.of(waited) : Optional.empty();
    }

    /** Paho's answer to one publish, carried back to the link thread. */
    private final class Completion implements IMqttActionListener {
        private final BrokerConnection.Acknowledgement ack;
        private final long generation;

        Completion(BrokerConnection.Acknowledgement ack, long generation) {
            this.ack = ack;
            this.generation = generation;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            thread.post("published", () -> done(true));
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            thread.post("publish failed", () -> done(false));
        }

        private void done(boolean ok) {
            awaiting.remove(this);
            ack.published(ok, generation == currentConnection.getAsLong());
        }
    }
}
