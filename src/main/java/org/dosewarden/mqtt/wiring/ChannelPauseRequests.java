package org.dosewarden.mqtt.wiring;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dosewarden.channel.ChannelDirectory;
import org.dosewarden.channel.ChannelHandle;
import org.dosewarden.channel.ClinicianIntent;
import org.dosewarden.channel.IntentResult;
import org.dosewarden.clock.TimeSource;
import org.dosewarden.mqtt.PauseOutcome;
import org.dosewarden.mqtt.PauseRequest;
import org.dosewarden.mqtt.PauseRequestHandler;

/**
 * Pause requests from the MQTT pause topic as {@link ClinicianIntent}s with a
 * {@link ClinicianIntent.ClinicianAction.Pause Pause} action. The request's {@code expiresAt} becomes the
 * intent's expiry (SR-D3), so a request that waits too long in the channel's queue is refused as stale.
 * The user is {@code mqtt:<requestedBy>}: MQTT 3.1.1 does not tell which broker account published, so the
 * broker's ACL (who may write the pause topic) is the authentication; the journal records the claimed name.
 */
public final class ChannelPauseRequests implements PauseRequestHandler {

    private final ChannelDirectory channels;
    private final TimeSource time;

    public ChannelPauseRequests(ChannelDirectory channels, TimeSource time) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.time = Objects.requireNonNull(time, "time");
    }

    @Override
    public CompletionStage<PauseOutcome> pause(PauseRequest request) {
        Optional<ChannelHandle> handle = channels.find(request.channel());
        if (handle.isEmpty()) {
            return CompletableFuture.completedFuture(PauseOutcome.rejected("no channel '" + request.channel() + "'"));
        }
        Duration left = Duration.between(time.wallTime(), request.expiresAt());
        long expiresAtNanos = time.monotonicNanos() + (left.isNegative() ? 0 : left.toNanos());
        String user = "mqtt:" + (request.requestedBy() == null || request.requestedBy().isBlank()
                ? "dashboard" : request.requestedBy());
        ClinicianIntent intent = new ClinicianIntent(user, "mqtt", request.receivedAt(), expiresAtNanos,
                new ClinicianIntent.ClinicianAction.Pause());
        return handle.get().submit(intent).thenApply(result -> switch (result) {
            case IntentResult.Accepted a -> PauseOutcome.accepted("channel " + request.channel() + " is "
                    + a.snapshot().infusionState());
            case IntentResult.Refused r -> PauseOutcome.rejected(r.reason());
            case IntentResult.NotApplicable n -> PauseOutcome.rejected(n.reason());
        });
    }
}
