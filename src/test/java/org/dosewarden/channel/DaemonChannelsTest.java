package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dosewarden.clock.TimeSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's channel wiring from configuration: valid channels run, an invalid one is disabled with its reason. */
class DaemonChannelsTest {

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("configured simulated channels connect; a channel with an unknown profile stays disabled and says why")
    void channelsStartFromConfiguration() throws Exception {
        Map<String, Object> properties = Map.of(
                "micronaut.server.port", -1,
                "dosewarden.data-dir", dataDir.toString(),
                "dosewarden.channels.left.profile", "sim-ne1000",
                "dosewarden.channels.left.port", "sim:daemon-test-left",
                "dosewarden.channels.left.syringe", "bd-plastic-60ml",
                "dosewarden.channels.left.simulator-power-up-alarm", false,
                "dosewarden.channels.broken.profile", "no-such-pump",
                "dosewarden.channels.broken.port", "sim:daemon-test-broken",
                "dosewarden.channels.broken.syringe", "bd-plastic-60ml");
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            DaemonChannels channels = context.getBean(DaemonChannels.class);
            assertEquals(List.of("broken", "left"), channels.channels().stream().map(ChannelHandle::name).toList());

            ChannelSnapshot broken = channels.find("broken").orElseThrow().snapshot();
            assertFalse(broken.enabled());
            assertTrue(broken.statusReason().contains("no-such-pump"), broken.statusReason());
            IntentResult refused = channels.find("broken").orElseThrow().submit(new ClinicianIntent("dr-a", "test",
                    Instant.now(), Long.MAX_VALUE, new ClinicianIntent.ClinicianAction.Pause())).join();
            assertInstanceOf(IntentResult.Refused.class, refused);

            ChannelHandle left = channels.find("left").orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (left.snapshot().linkState() != ChannelLinkState.CONNECTED && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(ChannelLinkState.CONNECTED, left.snapshot().linkState(), left.snapshot().toString());
            assertTrue(left.pumpCapability().isPresent());
            assertEquals("IDLE", left.snapshot().infusionState());
            assertTrue(context.getBean(TimeSource.class) != null);
        }
    }
}
