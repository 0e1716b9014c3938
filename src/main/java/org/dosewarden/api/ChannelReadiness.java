package org.dosewarden.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.ChannelHandle;
import org.dosewarden.channel.ChannelSnapshot;
import org.reactivestreams.Publisher;

/**
 * Readiness with one entry per channel ({@code /health/readiness}, and part of {@code /health}). A channel is
 * UP when enabled, its pump link CONNECTED and its state not FAULT; UNKNOWN while its link is CONNECTING;
 * DOWN when disabled, LOST or FAULT. The daemon is as ready as its worst channel (no channels: UP). Details
 * (shown to logged-in users) give each channel's link, state and reason.
 *
 * <p>It reads only {@link ChannelDirectory} snapshots: the supervision layer plugs in by providing that bean.
 */
@Singleton
@Readiness
@Requires(beans = ChannelDirectory.class)
final class ChannelReadiness implements HealthIndicator {

    static final String NAME = "channels";

    private final ChannelDirectory channels;

    ChannelReadiness(ChannelDirectory channels) {
        this.channels = channels;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        HealthStatus overall = HealthStatus.UP;
        for (ChannelHandle channel : channels.channels()) {
            ChannelSnapshot s = channel.snapshot();
            HealthStatus status = statusOf(s);
            overall = worse(overall, status);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("status", status.getName());
            d.put("link", s.linkState().name());
            d.put("infusionState", s.infusionState());
            if (!s.statusReason().isEmpty()) {
                d.put("reason", s.statusReason());
            }
            details.put(s.name(), d);
        }
        return Publishers.just(HealthResult.builder(NAME, overall).details(details).build());
    }

    static HealthStatus statusOf(ChannelSnapshot s) {
        if (!s.enabled() || "FAULT".equals(s.infusionState())) {
            return HealthStatus.DOWN;
        }
        return switch (s.linkState()) {
            case CONNECTED -> HealthStatus.UP;
            case CONNECTING -> HealthStatus.UNKNOWN;
            case LOST, DISABLED -> HealthStatus.DOWN;
        };
    }

    private static HealthStatus worse(HealthStatus a, HealthStatus b) {
        if (a == HealthStatus.DOWN || b == HealthStatus.DOWN) {
            return HealthStatus.DOWN;
        }
        if (a == HealthStatus.UNKNOWN || b == HealthStatus.UNKNOWN) {
            return HealthStatus.UNKNOWN;
        }
        return HealthStatus.UP;
    }
}
