package org.dosewarden.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dosewarden.api.problem.ApiProblem;
import org.dosewarden.api.problem.ProblemJson;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.ChannelHandle;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.channel.ClinicianIntent;
import org.dosewarden.channel.ClinicianIntent.ClinicianAction;
import org.dosewarden.channel.IntentResult;
import org.dosewarden.clock.ScaledTimeSource;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.dose.check.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a clinician's action to a channel and turns the channel's answer into an HTTP answer:
 * accepted → 200 with the channel; illegal state → 409 naming the current state; limits → 422 with the
 * violations; not permitted → 403; stale or unavailable → 503; unknown alarm → 404.
 *
 * <p>Every intent expires {@code dosewarden.api.intent-timeout} (default 5 s, real time even on the demo's
 * accelerated clock) after the request arrived:
 * a channel that reaches it later refuses it as stale (SR-D3), and the request answers 503 when no
 * answer came by then (plus a short grace for the channel to report).
 */
@Singleton
@Requires(beans = ChannelDirectory.class)
public final class ChannelIntents {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelIntents.class);

    /** How much longer than the intent's own expiry the HTTP request waits for the channel's answer. */
    private static final Duration ANSWER_GRACE = Duration.ofSeconds(2);

    private final ChannelDirectory channels;
    private final TimeSource time;
    private final Duration intentTimeout;
    private final JsonMapper json;

    ChannelIntents(ChannelDirectory channels, TimeSource time, JsonMapper json,
                   @Value("${dosewarden.api.intent-timeout:5s}") Duration intentTimeout) {
        if (intentTimeout.isNegative() || intentTimeout.isZero()) {
            throw new IllegalArgumentException("dosewarden.api.intent-timeout must be positive: " + intentTimeout);
        }
        this.channels = channels;
        this.time = time;
        this.json = json;
        this.intentTimeout = intentTimeout;
    }

    /**
     * The intent's deadline on the shared clock. The timeout is real time (how long a clinician's request may
     * wait), so on an accelerated demo clock it spans proportionally more clock time.
     */
    private long expiry() {
        long factor = time instanceof ScaledTimeSource scaled ? scaled.factor() : 1;
        return Math.addExact(time.monotonicNanos(), Math.multiplyExact(intentTimeout.toNanos(), factor));
    }

    /** The channel called {@code name}, or a 404 problem. */
    public ChannelHandle channel(String name) {
        return channels.find(name).orElseThrow(() -> ApiProblem.notFound("no channel named '" + name
                + "'; configured: " + channels.channels().stream().map(ChannelHandle::name).toList()));
    }

    /** Submits {@code action} for {@code user}, waits for the channel's answer, and answers 200 with the channel. */
    public ApiResult submit(String channelName, String user, ClinicianAction action) {
        return ok(ChannelView.of(accepted(channelName, user, action)));
    }

    /**
     * Submits {@code action} for {@code user} and waits for the channel's answer: the channel after the action
     * when it was accepted; otherwise an {@link ApiProblem} for the refusal.
     */
    public ChannelSnapshot accepted(String channelName, String user, ClinicianAction action) {
        ChannelHandle channel = channel(channelName);
        ClinicianIntent intent = new ClinicianIntent(user, "http", time.wallTime(), expiry(), action);
        IntentResult result;
        try {
            result = channel.submit(intent).get(intentTimeout.plus(ANSWER_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiProblem(503, "channel-timeout", "Channel did not answer",
                    "channel '" + channelName + "' did not answer '" + action.name() + "' within " + intentTimeout
                            + "; the request has expired and will not be carried out (SR-D3). Check the channel's "
                            + "state before repeating it",
                    Map.of("channel", channelName, "action", action.name()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblem(503, "channel-timeout", "Interrupted", "the daemon is shutting down",
                    Map.of("channel", channelName));
        } catch (ExecutionException e) {
            LOG.error("channel '{}' failed while handling '{}' from {}", channelName, action.name(), user, e.getCause());
            throw new ApiProblem(500, "channel-failure", "Channel failure",
                    "channel '" + channelName + "' failed while handling '" + action.name()
                            + "'; it has gone to its safe state. See the daemon log and the channel's alarms",
                    Map.of("channel", channelName, "action", action.name()));
        }
        return switch (result) {
            case IntentResult.Accepted a -> a.snapshot();
            case IntentResult.NotApplicable n -> throw ApiProblem.notFound(n.reason());
            case IntentResult.Refused r -> throw refusal(channelName, action, r);
        };
    }

    static ApiProblem refusal(String channelName, ClinicianAction action, IntentResult.Refused r) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("channel", channelName);
        ext.put("action", action.name());
        ext.put("currentState", r.currentState());
        return switch (r.kind()) {
            case ILLEGAL_STATE -> new ApiProblem(409, "illegal-state", "Not allowed in the current state",
                    r.reason(), ext);
            case BLOCKED -> new ApiProblem(409, "blocked", "Blocked by a safety gate", r.reason(), ext);
            case INVALID -> new ApiProblem(422, "invalid-for-channel", "Not valid for this channel", r.reason(), ext);
            case LIMITS -> {
                // The violations are the reason; the sentence names the most limiting one.
                ext.put("violations", violations(r.violations()));
                ext.put("overridable", r.overridable());
                yield new ApiProblem(422, "limits-violated", "Limits violated", r.reason(), ext);
            }
            case NOT_PERMITTED -> new ApiProblem(403, "not-permitted", "Not permitted", r.reason(), ext);
            case STALE -> new ApiProblem(503, "stale-intent", "Request expired", r.reason(), ext);
            case UNAVAILABLE -> new ApiProblem(503, "channel-unavailable", "Channel unavailable", r.reason(), ext);
        };
    }

    /** Violations as the problem's {@code violations} member. */
    static List<Map<String, Object>> violations(List<Violation> violations) {
        return violations.stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("limit", v.limitId());
            m.put("severity", v.hard() ? "hard" : "soft");
            m.put("limitValue", v.limit());
            m.put("requested", v.requested());
            m.put("message", v.message());
            return m;
        }).toList();
    }

    /** 200 with {@code body} serialised as JSON. */
    public ApiResult ok(Object body) {
        try {
            return new ApiResult(200, "application/json", json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A problem as a storable result (for idempotent replays of refusals). */
    public ApiResult problem(ApiProblem p, String path) {
        try {
            return new ApiResult(p.status(), ProblemJson.MEDIA_TYPE, json.writeValueAsBytes(p.body(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
