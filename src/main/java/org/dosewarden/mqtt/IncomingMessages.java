package org.dosewarden.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dosewarden.clock.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the device receives: each channel's vitals, and, when the site enables the topic, pause requests
 * from dashboards. Nothing received here can program, start, resume or raise a rate.
 *
 * <p>A vitals message goes to its channel's consumer, parsed (a retained reading without a timestamp is
 * passed on as invalid: its age is unknown). A pause request is checked (not retained, well formed, not
 * expired, not too far ahead), handed to the channel, and answered on the channel's pause-response topic with
 * the channel's outcome, or with a refusal when the channel does not answer within
 * {@link #PAUSE_ANSWER_TIMEOUT}.
 *
 * <p>Link thread only, except the registrations.
 */
final class IncomingMessages {

    private static final Logger LOG = LoggerFactory.getLogger(IncomingMessages.class);

    /** How long a channel has to answer a pause request before the dashboard is told it did not. */
    static final Duration PAUSE_ANSWER_TIMEOUT = Duration.ofSeconds(10);

    /** Sends one unretained reply; false when the broker is not reachable. */
    @FunctionalInterface
    interface Replies {
        boolean send(String topic, byte[] payload);
    }

    private final LinkSettings settings;
    private final TimeSource time;
    private final LinkThread thread;
    private final Replies replies;
    private final Map<String, List<String>> channelsByVitalsTopic = new HashMap<>();
    private final Map<String, String> channelByPauseTopic = new HashMap<>();
    private final Map<String, Consumer<VitalsReading>> vitalsConsumers = new ConcurrentHashMap<>();
    private volatile PauseRequestHandler pauseHandler;

    IncomingMessages(LinkSettings settings, TimeSource time, LinkThread thread, Replies replies) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.time = Objects.requireNonNull(time, "time");
        this.thread = Objects.requireNonNull(thread, "thread");
        this.replies = Objects.requireNonNull(replies, "replies");
        for (ChannelEndpoint c : settings.channels()) {
            channelsByVitalsTopic.computeIfAbsent(c.vitalsTopic(), t -> new ArrayList<>()).add(c.name());
            channelByPauseTopic.put(settings.topics().pauseRequest(c.name()), c.name());
        }
    }

    void onVitals(String channel, Consumer<VitalsReading> consumer) {
        vitalsConsumers.put(channel, Objects.requireNonNull(consumer, "consumer"));
    }

    void onPauseRequest(PauseRequestHandler handler) {
        this.pauseHandler = Objects.requireNonNull(handler, "handler");
    }

    /** The topics to subscribe to on every (clean-session) connect. */
    List<String> subscriptions() {
        List<String> topics = new ArrayList<>(channelsByVitalsTopic.keySet());
        if (settings.pauseTopic()) {
            topics.addAll(channelByPauseTopic.keySet());
        }
        return topics;
    }

    void received(String topic, byte[] payload, boolean retained, Instant receivedAt) {
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
                            .whenComplete((outcome, error) -> thread.post("pause reply", () -> reply(channel, id,
                                    error != null || outcome == null
                                            ? PauseOutcome.rejected("channel did not confirm the pause: "
                                                    + (error == null ? "no answer" : BrokerConnection.describe(error)))
                                            : outcome)));
                } catch (RuntimeException e) {
                    reply(channel, id, PauseOutcome.rejected("channel refused the pause intent: "
                            + BrokerConnection.describe(e)));
                }
            }
        }
    }

    private void reply(String channel, String requestId, PauseOutcome outcome) {
        byte[] payload = Payloads.pauseReply(channel, requestId, outcome, time.wallTime());
        if (!replies.send(settings.topics().pauseResponse(channel), payload)) {
            LOG.info("pause reply for {} not sent (broker unreachable or busy): {}", requestId, outcome);
        }
    }
}
