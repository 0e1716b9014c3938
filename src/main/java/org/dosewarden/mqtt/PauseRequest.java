package org.dosewarden.mqtt;

import java.time.Instant;
import java.util.Objects;

/**
 * A dashboard's request to pause one channel, received on {@code .../{channel}/pause/request} (only when
 * the pause topic is enabled). Pausing only reduces delivery; nothing received over MQTT can start an
 * infusion or raise a rate. Expired requests never reach the handler.
 *
 * @param channel     the channel to pause
 * @param requestId   the requester's id, echoed in the reply
 * @param expiresAt   after this instant the request must not be acted on
 * @param requestedBy who asked, as the dashboard states it (not authenticated beyond the broker account); may be null
 * @param reason      free text for the journal; may be null
 * @param receivedAt  wall time of receipt
 */
public record PauseRequest(
        String channel, String requestId, Instant expiresAt, String requestedBy, String reason, Instant receivedAt) {

    public PauseRequest {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
