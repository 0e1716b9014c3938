package org.dosewarden.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.health.HealthStatus;
import java.time.Instant;
import java.util.List;
import org.dosewarden.channel.ChannelLinkState;
import org.dosewarden.channel.ChannelSnapshot;
import org.dosewarden.dose.quantity.FlowRate;
import org.dosewarden.dose.quantity.Volume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Readiness of one channel from its link state and infusion state (one enum, every value decided). */
class ChannelReadinessTest {

    private static ChannelSnapshot snapshot(boolean enabled, ChannelLinkState link, String infusion) {
        return new ChannelSnapshot("a", enabled, "", "newera-ne1000", "sim:a", link, infusion, false, null, 0,
                Volume.ZERO, FlowRate.ZERO, List.of(), Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    @DisplayName("SR-D1: a channel is ready only while its pump answers; lost or disabled is down, connecting unknown")
    void eachLinkStateHasAReadiness() {
        assertEquals(HealthStatus.UP, ChannelReadiness.statusOf(snapshot(true, ChannelLinkState.CONNECTED, "IDLE")));
        assertEquals(HealthStatus.UNKNOWN,
                ChannelReadiness.statusOf(snapshot(true, ChannelLinkState.CONNECTING, "IDLE")));
        assertEquals(HealthStatus.DOWN, ChannelReadiness.statusOf(snapshot(true, ChannelLinkState.LOST, "PAUSED")));
        assertEquals(HealthStatus.DOWN,
                ChannelReadiness.statusOf(snapshot(false, ChannelLinkState.DISABLED, "IDLE")));
    }

    @Test
    @DisplayName("SR-D5: a channel in FAULT is down even while its pump answers")
    void faultIsDownWhateverTheLink() {
        assertEquals(HealthStatus.DOWN, ChannelReadiness.statusOf(snapshot(true, ChannelLinkState.CONNECTED, "FAULT")));
        assertEquals(HealthStatus.DOWN,
                ChannelReadiness.statusOf(snapshot(true, ChannelLinkState.CONNECTING, "FAULT")));
    }
}
