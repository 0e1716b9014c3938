package org.dosewarden.mqtt;

import java.util.concurrent.CompletionStage;

/**
 * Port: where a valid, unexpired pause request goes. The channel layer posts a pause intent to the
 * channel's own thread and completes the stage when the channel decided (SR-D2: after readback). Called
 * on the MQTT link thread; must not block.
 */
@FunctionalInterface
public interface PauseRequestHandler {

    /** Posts the pause intent for {@code request.channel()}; the stage carries the channel's answer. */
    CompletionStage<PauseOutcome> pause(PauseRequest request);
}
