package org.dosewarden.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dosewarden.clock.TimeSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's channel wiring from configuration: valid channels run, invalid ones are disabled with their reason. */
class DaemonChannelsTest {

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("configured simulated channels connect, two of them on one profile; channels with an unknown profile"
            + " stay disabled and each says why")
    void channelsStartFromConfiguration() throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "dosewarden.data-dir", dataDir.toString()));
        for (String name : List.of("left", "right")) {
            properties.putAll(Map.of(
                    "dosewarden.channels." + name + ".profile", "sim-ne1000",
                    "dosewarden.channels." + name + ".port", "sim:daemon-test-" + name,
                    "dosewarden.channels." + name + ".syringe", "bd-plastic-60ml",
                    "dosewarden.channels." + name + ".simulator-power-up-alarm", false));
        }
        for (String name : List.of("broken", "broken2")) {
            properties.putAll(Map.of(
                    "dosewarden.channels." + name + ".profile", "no-such-pump",
                    "dosewarden.channels." + name + ".port", "sim:daemon-test-" + name,
                    "dosewarden.channels." + name + ".syringe", "bd-plastic-60ml"));
        }
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            DaemonChannels channels = context.getBean(DaemonChannels.class);
            assertEquals(List.of("broken", "broken2", "left", "right"),
                    channels.channels().stream().map(ChannelHandle::name).toList());

            ChannelSnapshot broken = channels.find("broken").orElseThrow().snapshot();
            assertFalse(broken.enabled());
            assertTrue(broken.statusReason().contains("no-such-pump"), broken.statusReason());
            ChannelSnapshot broken2 = channels.find("broken2").orElseThrow().snapshot();
            assertFalse(broken2.enabled());
            assertEquals(broken.statusReason(), broken2.statusReason());
            IntentResult refused = channels.find("broken").orElseThrow().submit(new ClinicianIntent("dr-a", "test",
                    Instant.now(), Long.MAX_VALUE, new ClinicianIntent.ClinicianAction.Pause())).join();
            assertInstanceOf(IntentResult.Refused.class, refused);

            for (String name : List.of("left", "right")) {
                ChannelHandle channel = channels.find(name).orElseThrow();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (channel.snapshot().linkState() != ChannelLinkState.CONNECTED && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(ChannelLinkState.CONNECTED, channel.snapshot().linkState(), channel.snapshot().toString());
                assertTrue(channel.pumpCapability().isPresent());
                assertEquals("IDLE", channel.snapshot().infusionState());
            }
            assertTrue(context.getBean(TimeSource.class) != null);
        }
    }
}
