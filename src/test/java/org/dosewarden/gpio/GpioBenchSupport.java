package org.dosewarden.gpio;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dosewarden.clock.ManualTimeSource;

/** A fully enabled panel on the mock provider for {@code org.dosewarden.bench.GpioBench}. */
public final class GpioBenchSupport implements AutoCloseable {

    private final ManualTimeSource clock = new ManualTimeSource();
    private final ChannelLiveness liveness = new ChannelLiveness(clock);
    private final BedsidePanel panel;
    private final ChannelLiveness.Registration[] loops = new ChannelLiveness.Registration[4];
    private long step;

    public GpioBenchSupport() {
        Map<String, String> props = new HashMap<>(Map.of("enabled", "true", "provider", "mock",
                "emergency-stop.enabled", "true", "confirm-button.enabled", "true", "relay.enabled", "true",
                "beacon.enabled", "true", "buzzer.enabled", "true", "heartbeat.enabled", "true",
                "relay.de-energise-on-fault", "true"));
        GpioSettings settings = GpioSettings.read(key -> Optional.ofNullable(props.get(key)));
        for (int i = 0; i < loops.length; i++) {
            loops[i] = liveness.register("ch" + i, Duration.ofSeconds(1));
        }
        panel = BedsidePanel.open(settings, Pi4jBoard.open(Pi4jBoard.Provider.MOCK, null), clock,
                new BedsidePanel.Ports(BedsidePanel.Ports.unconnected().emergencyStop(),
                        () -> AlarmSignalPriority.HIGH, liveness, Set::of));
    }

    /** Advances 1 ms of virtual time, beats the channel loops every 250 ms, polls once. */
    public void step() {
        clock.advance(Duration.ofMillis(1));
        if (++step % 250 == 0) {
            for (ChannelLiveness.Registration r : loops) {
                r.beat();
            }
        }
        panel.poll();
    }

    public void run(Duration total) {
        for (long i = 0; i < total.toMillis(); i++) {
            step();
        }
    }

    @Override
    public void close() {
        panel.close();
    }
}
